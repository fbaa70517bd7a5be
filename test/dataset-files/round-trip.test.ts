import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import {
  Contains,
  Dataset,
  Equals,
  EqualsExpected,
  Evaluator,
  type EvaluatorContext,
  IsInstance,
  MatchesSchema,
  MaxDuration,
} from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tempDir } from './helpers.js';

/** Every built-in with default, non-default and renamed options. */
function builtins(): Evaluator[] {
  return [
    new Equals({ value: 'Paris' }),
    new Equals({ value: { city: 'Paris', tags: ['a'] } }),
    new Equals({ value: null }),
    new Equals({ value: [1, 2], evaluationName: 'pair' }),
    new EqualsExpected(),
    new EqualsExpected({ evaluationName: 'exact' }),
    new Contains({ value: 'par' }),
    new Contains({ value: 'par', caseSensitive: true, asStrings: false }),
    new Contains({ value: 'PAR', caseSensitive: false }),
    new Contains({ value: 3, asStrings: true, evaluationName: 'has_3' }),
    new Contains({ value: { key: 'v' } }),
    new IsInstance({ typeName: 'str' }),
    new IsInstance({ typeName: 'number', evaluationName: 'is_number' }),
    new MaxDuration({ seconds: 2 }),
    new MaxDuration({ seconds: 0.5 }),
  ];
}

const specs = (list: readonly { toSpec(): unknown }[]) => list.map((e) => e.toSpec());

function sample(): Dataset {
  return new Dataset({
    name: 'sample',
    cases: [
      {
        name: 'first',
        inputs: { question: 'Capital of France?', tags: ['geo'], nested: { deep: [1, { x: null }] } },
        expectedOutput: 'Paris',
        metadata: { difficulty: 'easy', weight: 1.5 },
        evaluators: builtins().slice(0, 5),
      },
      { inputs: 'naïve — ünïcödé ✓ 日本', evaluators: builtins().slice(5) },
      { name: 'bare', inputs: 0 },
    ],
    evaluators: [new EqualsExpected(), new MaxDuration({ seconds: 10 })],
  });
}

describe('toFile / fromFile round trip', () => {
  it.each(['yaml', 'yml', 'json'])('.%s keeps cases, evaluators and their specs', (ext) => {
    const dir = tempDir();
    const path = join(dir, `sample.${ext}`);
    const original = sample();
    original.toFile(path);
    const loaded = Dataset.fromFile(path);
    expect(loaded.name).toBe('sample');
    expect(loaded.toObject()).toEqual(original.toObject());
    expect(loaded.cases.map((c) => specs(c.evaluators))).toEqual(
      original.cases.map((c) => specs(c.evaluators)),
    );
    expect(specs(loaded.evaluators)).toEqual(specs(original.evaluators));
    expect(loaded.cases.map((c) => c.evaluators.map((e) => e.constructor))).toEqual(
      original.cases.map((c) => c.evaluators.map((e) => e.constructor)),
    );
    expect(loaded.cases[1]!.inputs).toBe('naïve — ünïcödé ✓ 日本');
  });

  it('writes JSONL one case per line and reads it back', () => {
    const dir = tempDir();
    const original = new Dataset({
      name: 'lines',
      cases: [
        {
          name: 'a',
          inputs: { n: 1 },
          expectedOutput: 2,
          metadata: { m: true },
          evaluators: [new IsInstance({ typeName: 'int' })],
        },
        { inputs: [1, 2] },
      ],
    });
    original.toFile(join(dir, 'lines.jsonl'));
    expect(readFileSync(join(dir, 'lines.jsonl'), 'utf8')).toBe(
      '{"name":"a","inputs":{"n":1},"metadata":{"m":true},"expected_output":2,"evaluators":[{"IsInstance":"int"}]}\n' +
        '{"inputs":[1,2]}\n',
    );
    expect(existsSync(join(dir, 'lines_schema.json'))).toBe(false);
    expect(Dataset.fromFile(join(dir, 'lines.jsonl')).toObject()).toEqual(original.toObject());
  });

  it('refuses to write dataset-level evaluators to JSONL', () => {
    const dataset = new Dataset({ name: 'd', cases: [{ inputs: 1 }], evaluators: [new EqualsExpected()] });
    expect(() => dataset.toFile(join(tempDir(), 'd.jsonl'))).toThrow(
      /JSONL file \(one case per line\) cannot hold/,
    );
  });

  it('accepts file: URLs and an explicit format', () => {
    const dir = tempDir();
    const url = new URL(`file://${join(dir, 'by-url.data')}`);
    sample().toFile(url, { format: 'json' });
    expect(Dataset.fromFile(url, { format: 'json' }).toObject()).toEqual(sample().toObject());
    expect(existsSync(join(dir, 'by-url_schema.json'))).toBe(true);
  });

  it('fromObject(toObject()) gives the same dataset', () => {
    const original = sample();
    const copy = Dataset.fromObject(original.toObject());
    expect(copy.toObject()).toEqual(original.toObject());
  });

  it('keeps non-finite numbers in YAML and refuses them in JSON', () => {
    const dataset = new Dataset({
      name: 'n',
      cases: [{ inputs: [Number.NaN, Number.POSITIVE_INFINITY, -0] }],
    });
    const dir = tempDir();
    dataset.toFile(join(dir, 'n.yaml'));
    const inputs = Dataset.fromFile(join(dir, 'n.yaml')).cases[0]!.inputs as number[];
    expect(inputs[0]).toBeNaN();
    expect(inputs[1]).toBe(Number.POSITIVE_INFINITY);
    expect(() => dataset.toFile(join(dir, 'n.json'))).toThrow(
      /cases\[0\]\.inputs\[0\]: NaN cannot be written to JSON/,
    );
  });
});

describe('spec forms when writing', () => {
  const evaluatorsYaml = (...list: Evaluator[]) => {
    const text = yamlOf(new Dataset({ name: 'd', cases: [], evaluators: list }));
    return text.slice(text.indexOf('evaluators:\n') + 'evaluators:\n'.length);
  };

  it('writes the shortest form that reads back the same', () => {
    expect(
      evaluatorsYaml(
        new EqualsExpected(),
        new IsInstance({ typeName: 'str' }),
        new MaxDuration({ seconds: 2 }),
        new Contains({ value: 'x', caseSensitive: true }),
        new Contains({ value: 'x', caseSensitive: false }),
        new Equals({ value: { a: 1 } }),
        new EqualsExpected({ evaluationName: 'exact' }),
      ),
    ).toBe(
      [
        '  - EqualsExpected',
        '  - IsInstance: str',
        '  - MaxDuration: 2',
        '  - Contains: x',
        '  - Contains:',
        '      value: x',
        '      case_sensitive: false',
        '  - Equals:',
        '      value:',
        '        a: 1',
        '  - EqualsExpected:',
        '      evaluation_name: exact',
        '',
      ].join('\n'),
    );
  });

  it('writes a lone primary argument that is a mapping as options, so it reads back as that option', () => {
    class HasKeys extends Evaluator<any, Record<string, unknown>, any, { keys: Record<string, unknown> }> {
      static override primaryArg = 'keys';
      evaluate(ctx: EvaluatorContext<any, Record<string, unknown>>) {
        return Object.keys(this.options.keys).every((key) => key in ctx.output);
      }
    }
    const dataset = new Dataset({ name: 'd', cases: [], evaluators: [new HasKeys({ keys: { a: 1 } })] });
    expect(dataset.toObject().evaluators).toEqual([{ HasKeys: { keys: { a: 1 } } }]);
    const loaded = Dataset.fromObject(dataset.toObject(), { evaluators: [HasKeys] });
    expect((loaded.evaluators[0] as HasKeys).options).toEqual({ keys: { a: 1 } });
  });

  it('quotes strings that YAML 1.1 (PyYAML) would read as another type', () => {
    const values = [
      'yes',
      'No',
      'on',
      'off',
      'y',
      '0777',
      '1:20',
      '2024-01-01',
      '1_000',
      'null',
      '~',
      '3.0',
      'true',
    ];
    const dataset = new Dataset({ name: 'q', cases: values.map((v) => ({ inputs: v })) });
    const text = yamlOf(dataset);
    for (const value of values) expect(text).toContain(`inputs: "${value}"`);
    expect(Dataset.fromText(text).cases.map((c) => c.inputs)).toEqual(values);
  });

  it('refuses values that are not data, listing each', () => {
    const dataset = new Dataset({
      name: 'code',
      cases: [{ inputs: { fn: () => 1, when: new Date(0), big: 1n, map: new Map() } }],
      evaluators: [new MatchesSchema({ schema: z.string() })],
    });
    expect(() => dataset.toObject()).toThrow(
      [
        "Dataset 'code' cannot be written to a file:",
        '  cases[0].inputs.fn: a function cannot be written to a file',
        '  cases[0].inputs.big: a bigint cannot be written to a file',
        '  cases[0].inputs.map: a Map instance cannot be written to a file (only plain data)',
        '  evaluators[0]: MatchesSchema is code-only (a schema is not data): add it in code after loading the file',
      ].join('\n'),
    );
  });

  it('writes Dates as ISO strings and leaves out undefined fields', () => {
    const dataset = new Dataset({ name: 'd', cases: [{ inputs: { when: new Date(0), skip: undefined } }] });
    expect(dataset.toObject().cases).toEqual([{ inputs: { when: '1970-01-01T00:00:00.000Z' } }]);
  });
});

describe('file layout', () => {
  it('YAML starts with the yaml-language-server comment; JSON has $schema first, 2-space indent, trailing newline', () => {
    const dir = tempDir();
    const dataset = new Dataset({ name: 'layout', cases: [{ inputs: 1, expectedOutput: 2 }] });
    dataset.toFile(join(dir, 'layout.yaml'));
    dataset.toFile(join(dir, 'layout.json'));
    expect(readFileSync(join(dir, 'layout.yaml'), 'utf8')).toBe(
      '# yaml-language-server: $schema=layout_schema.json\nname: layout\ncases:\n  - inputs: 1\n    expected_output: 2\n',
    );
    expect(readFileSync(join(dir, 'layout.json'), 'utf8')).toBe(
      '{\n  "$schema": "layout_schema.json",\n  "name": "layout",\n  "cases": [\n    {\n      "inputs": 1,\n      "expected_output": 2\n    }\n  ]\n}\n',
    );
    const schema = JSON.parse(readFileSync(join(dir, 'layout_schema.json'), 'utf8'));
    expect(schema.$defs.Case.required).toEqual(['inputs']);
  });

  it('schemaPath: null writes no schema and no reference', () => {
    const dir = tempDir();
    new Dataset({ name: 'd', cases: [] }).toFile(join(dir, 'd.yaml'), { schemaPath: null });
    expect(readFileSync(join(dir, 'd.yaml'), 'utf8')).toBe('name: d\ncases: []\n');
    expect(existsSync(join(dir, 'd_schema.json'))).toBe(false);
  });

  it('a custom schemaPath is relative to the dataset folder; {stem} is the file name', () => {
    const dir = tempDir();
    const dataset = new Dataset({ name: 'd', cases: [] });
    dataset.toFile(join(dir, 'data', 'golden.yaml'), { schemaPath: '../schemas/{stem}.schema.json' });
    expect(readFileSync(join(dir, 'data', 'golden.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/schemas\/golden\.schema\.json\n/,
    );
    expect(existsSync(join(dir, 'schemas', 'golden.schema.json'))).toBe(true);
    dataset.toFile(join(dir, 'abs.json'), { schemaPath: join(dir, 'nested', 'abs.json.schema') });
    expect(JSON.parse(readFileSync(join(dir, 'abs.json'), 'utf8')).$schema).toBe('nested/abs.json.schema');
  });

  it('rewrites the schema file only when its content changes', () => {
    const dir = tempDir();
    const schemaFile = join(dir, 'd_schema.json');
    const dataset = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    dataset.toFile(join(dir, 'd.yaml'));
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(schemaFile, old, old);
    dataset.toFile(join(dir, 'd.yaml'));
    expect(statSync(schemaFile).mtimeMs).toBe(old.getTime());
    class Custom extends Evaluator {
      evaluate() {
        return true;
      }
    }
    dataset.addEvaluator(new Custom());
    dataset.toFile(join(dir, 'd.yaml'));
    expect(statSync(schemaFile).mtimeMs).not.toBe(old.getTime());
    expect(readFileSync(schemaFile, 'utf8')).toContain('"Custom"');
  });
});

function yamlOf(dataset: Dataset): string {
  const dir = tempDir();
  dataset.toFile(join(dir, 'out.yaml'), { schemaPath: null });
  return readFileSync(join(dir, 'out.yaml'), 'utf8');
}
