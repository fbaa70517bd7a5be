import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Dataset } from '../../src/dataset/dataset.js';
import { DatasetGenerationError, generateDataset } from '../../src/llm/index.js';
import { type JudgeServer, startJudgeServer } from '../helpers/judge-server.js';
import { mockModel, systemText } from './helpers.js';

const schema = {
  inputs: z.object({ question: z.string() }),
  expectedOutput: z.string(),
};

const goodCases = [
  { name: 'france', inputs: { question: 'Capital of France?' }, expected_output: 'Paris' },
  { name: 'japan', inputs: { question: 'Capital of Japan?' }, expected_output: 'Tokyo' },
];

function messagesOf(call: { prompt: { role: string; content: unknown }[] }) {
  return call.prompt
    .filter((m) => m.role !== 'system')
    .map((m) => ({
      role: m.role,
      text: Array.isArray(m.content)
        ? m.content.map((p: { text?: string }) => p.text ?? '').join('')
        : String(m.content),
    }));
}

describe('generateDataset', () => {
  it('returns a validated Dataset from the first good reply', async () => {
    const model = mockModel({ cases: goodCases });
    const dataset = await generateDataset({
      model,
      schema,
      nExamples: 2,
      extraInstructions: 'World capitals.',
    });
    expect(dataset).toBeInstanceOf(Dataset);
    expect(dataset.name).toBe('generated');
    expect(dataset.cases.map((c) => [c.name, c.inputs, c.expectedOutput])).toEqual([
      ['france', { question: 'Capital of France?' }, 'Paris'],
      ['japan', { question: 'Capital of Japan?' }, 'Tokyo'],
    ]);
    const call = model.doGenerateCalls[0]!;
    expect(messagesOf(call)).toEqual([{ role: 'user', text: 'World capitals.' }]);
    const system = systemText(call);
    expect(system).toContain('exactly 2 case(s)');
    expect(system).toContain('"question"');
    expect(call.responseFormat).toMatchObject({ type: 'json' });
  });

  it('sends the validation errors back and retries', async () => {
    const bad = {
      cases: [{ name: 'france', inputs: { question: 42 }, expected_output: 'Paris' }, goodCases[1]],
    };
    const model = mockModel([bad, { cases: goodCases }]);
    const dataset = await generateDataset({ model, schema, nExamples: 2 });
    expect(dataset.cases).toHaveLength(2);
    expect(model.doGenerateCalls).toHaveLength(2);
    const second = messagesOf(model.doGenerateCalls[1]!);
    expect(second.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(second[0]!.text).toBe('Generate the dataset.');
    expect(second[1]!.text).toBe(JSON.stringify(bad));
    expect(second[2]!.text).toMatch(
      /^That reply cannot be used as the dataset. Problems:\n- cases\[0\]\.inputs\.question: /,
    );
    expect(second[2]!.text).toMatch(/Reply again with the complete, corrected JSON object only\.$/);
  });

  it('a reply that is not JSON, or has the wrong number of cases, is retried', async () => {
    const model = mockModel([
      'Sure! Here are some cases.',
      { cases: goodCases.slice(0, 1) },
      { cases: goodCases },
    ]);
    await generateDataset({ model, schema, nExamples: 2 });
    const texts = model.doGenerateCalls.map((call) => messagesOf(call).at(-1)!.text);
    expect(texts[1]).toContain('got text that is not JSON: "Sure! Here are some cases."');
    expect(texts[2]).toContain('- cases: Expected exactly 2 cases, got 1');
  });

  it('gives up after `retries` with every problem of the last reply', async () => {
    const model = mockModel({ cases: [{ name: 'x', inputs: { question: 1 }, expected_output: 2 }] });
    const error = await generateDataset({ model, schema, nExamples: 1, retries: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(DatasetGenerationError);
    expect(error.attempts).toBe(2);
    expect(model.doGenerateCalls).toHaveLength(2);
    const paths = error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['cases[0].inputs.question', 'cases[0].expected_output']));
    expect(error.message).toMatch(/^generateDataset: the model gave no valid dataset in 2 attempt\(s\)/);
  });

  it('checks its options', async () => {
    await expect(generateDataset({ nExamples: 0 })).rejects.toThrow(
      /nExamples must be an integer >= 1, got 0/,
    );
    await expect(generateDataset({ retries: -1 })).rejects.toThrow(/retries must be an integer >= 0/);
  });
});

describe('generateDataset with path', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'generate-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the file with dataset.toFile and names the dataset after it', async () => {
    const path = join(dir, 'capitals.yaml');
    const dataset = await generateDataset({
      model: mockModel({ cases: goodCases }),
      schema,
      nExamples: 2,
      path,
    });
    expect(dataset.name).toBe('capitals');
    const text = await readFile(path, 'utf8');
    expect(text).toContain('name: capitals');
    const loaded = Dataset.fromFile(path, { schema });
    expect(loaded.cases.map((c) => c.expectedOutput)).toEqual(['Paris', 'Tokyo']);
  });
});

describe('generateDataset over HTTP', () => {
  let server: JudgeServer;
  beforeAll(async () => {
    server = await startJudgeServer({ content: { cases: goodCases } });
  });
  afterAll(() => server.close());

  it('asks for JSON and reads the reply', async () => {
    const dataset = await generateDataset({ model: server.model(), schema, nExamples: 2, name: 'capitals' });
    expect(dataset.name).toBe('capitals');
    expect(server.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
  });
});
