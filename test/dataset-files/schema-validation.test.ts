import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Case, Dataset } from 'typed-evals';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { DatasetLoadError, loadError, tempDir } from './helpers.js';

const schema = {
  inputs: z.object({ text: z.string().min(1), lang: z.enum(['en', 'fr']).default('en') }),
  expectedOutput: z.enum(['POSITIVE', 'NEGATIVE']),
  metadata: z.object({ source: z.string() }),
};

const good = `
name: sentiment
cases:
  - name: pos
    inputs: { text: I love it }
    expected_output: POSITIVE
    metadata: { source: web }
  - name: open
    inputs: { text: meh, lang: fr }
    expected_output: null
    metadata: null
`;

describe('schema (Standard Schema) on load', () => {
  it('validates and keeps the schema output (defaults applied)', () => {
    const dataset = Dataset.fromText(good, { schema });
    expect(dataset.cases.map((c) => c.inputs)).toEqual([
      { text: 'I love it', lang: 'en' },
      { text: 'meh', lang: 'fr' },
    ]);
    expect(dataset.cases[1]!.expectedOutput).toBeUndefined();
    expect(dataset.schema).toBe(schema);
    expectTypeOf(dataset).toEqualTypeOf<
      Dataset<{ text: string; lang: 'en' | 'fr' }, 'POSITIVE' | 'NEGATIVE', { source: string }>
    >();
  });

  it('lists every failure with its position inside the values', () => {
    const text = [
      'name: sentiment',
      'cases:',
      '  - inputs: { text: "" }',
      '    expected_output: MAYBE',
      '  - inputs:',
      '      text: 3',
      '      lang: de',
      '    metadata: { origin: web }',
    ].join('\n');
    const error = loadError(() => Dataset.fromText(text, { schema }));
    expect(error.issues.map((i) => [i.path, i.line, i.column])).toEqual([
      ['cases[0].inputs.text', 3, 21],
      ['cases[0].expected_output', 4, 22],
      ['cases[1].inputs.text', 6, 13],
      ['cases[1].inputs.lang', 7, 13],
      ['cases[1].metadata.source', 8, 15],
    ]);
    expect(error.issues[0]!.message).toMatch(/>=1 characters/);
  });

  it('works for JSON files and JSONL lines too', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.json'), '{"name": "d", "cases": [{"inputs": {"text": 5}}]}');
    expect(loadError(() => Dataset.fromFile(join(dir, 'd.json'), { schema })).issues[0]).toMatchObject({
      path: 'cases[0].inputs.text',
      line: 1,
      column: 45,
    });
    writeFileSync(join(dir, 'd.jsonl'), '{"inputs": {"text": "ok"}}\n{"inputs": {"text": 5}}\n');
    expect(loadError(() => Dataset.fromFile(join(dir, 'd.jsonl'), { schema })).issues[0]).toMatchObject({
      path: 'inputs.text',
      line: 2,
      column: 21,
    });
  });

  it('refuses an asynchronous schema when loading synchronously', () => {
    const asyncSchema = { inputs: z.string().refine(async () => true) };
    const error = loadError(() =>
      Dataset.fromText('name: d\ncases:\n  - inputs: x\n', { schema: asyncSchema }),
    );
    expect(error.issues[0]!.message).toMatch(/validates asynchronously/);
  });

  it('rejects a schema part that is not a Standard Schema', () => {
    expect(() => Dataset.fromText(good, { schema: { inputs: {} as never } })).toThrow(
      /schema.inputs must be a Standard Schema/,
    );
    expect(() => Dataset.fromText(good, { schema: { output: z.string() } as never })).toThrow(
      /schema.output is not a dataset field/,
    );
  });
});

describe('schema in code', () => {
  it('validates every case at construction and lists all failures', () => {
    try {
      new Dataset({
        name: 'd',
        schema,
        cases: [
          { inputs: { text: 'ok', lang: 'en' } },
          { inputs: { text: '', lang: 'en' } },
          { inputs: { text: 'x', lang: 'fr' }, expectedOutput: 'meh' as never },
        ],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetLoadError);
      expect((error as DatasetLoadError).issues.map((i) => i.path)).toEqual([
        'cases[1].inputs.text',
        'cases[2].expectedOutput',
      ]);
    }
  });

  it('validates addCase and stores the schema output', () => {
    const dataset = new Dataset({ name: 'd', schema });
    const added = dataset.addCase({ name: 'a', inputs: { text: 'hi' } as never });
    expect(added).toBeInstanceOf(Case);
    expect(added.inputs).toEqual({ text: 'hi', lang: 'en' });
    expect(() => dataset.addCase({ name: 'b', inputs: { text: 7 } as never })).toThrow(/inputs\.text: /);
    expect(dataset.cases).toHaveLength(1);
  });

  it('replaces a Case instance by one holding the schema output, keeping its name and evaluators', () => {
    const c = new Case({ name: 'c', inputs: { text: 'hi' } as never, evaluators: [] });
    const dataset = new Dataset({ name: 'd', schema, cases: [c] });
    expect(dataset.cases[0]!.name).toBe('c');
    expect(dataset.cases[0]!.inputs).toEqual({ text: 'hi', lang: 'en' });
  });
});

describe('schema in the JSON Schema file', () => {
  it('types inputs, expected_output and metadata (null allowed where pydantic writes it)', () => {
    const json = Dataset.jsonSchema({ schema }) as any;
    expect(json.$defs.Inputs).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1 } },
    });
    expect(json.$defs.Case.properties.inputs.$ref).toBe('#/$defs/Inputs');
    expect(json.$defs.Case.properties.expected_output.anyOf).toEqual([
      { $ref: '#/$defs/ExpectedOutput' },
      { type: 'null' },
    ]);
    expect(json.$defs.Inputs.$schema).toBeUndefined();
  });

  it('keeps recursive references resolvable', () => {
    const Tree: z.ZodType<{ value: number; children: unknown[] }> = z.object({
      value: z.number(),
      get children() {
        return z.array(Tree);
      },
    });
    const json = Dataset.jsonSchema({ schema: { inputs: Tree } }) as any;
    expect(json.$defs.Inputs.properties.children.items).toEqual({ $ref: '#/$defs/Inputs' });
  });

  it('toFile writes the dataset schema into the schema file', () => {
    const dir = tempDir();
    Dataset.fromText(good, { schema }).toFile(join(dir, 'sentiment.yaml'));
    const json = JSON.parse(readFileSync(join(dir, 'sentiment_schema.json'), 'utf8'));
    expect(json.$defs.ExpectedOutput).toMatchObject({ enum: ['POSITIVE', 'NEGATIVE'] });
  });
});
