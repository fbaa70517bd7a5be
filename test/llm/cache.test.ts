import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EvaluationReason } from '../../src/evaluators/evaluator.js';
import { GEval, LLMJudge } from '../../src/evaluators/llm/index.js';
import { FileJudgeCache, type JudgeCache, setJudgeCache } from '../../src/llm/index.js';
import { type JudgeServer, startJudgeServer } from '../helpers/judge-server.js';
import { context, mockModel, PASS } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'judge-cache-'));
});
afterEach(async () => {
  setJudgeCache(undefined);
  await rm(dir, { recursive: true, force: true });
});

const entries = async () => (await readdir(dir)).filter((f) => f.endsWith('.json'));

describe('judge cache', () => {
  it('a second identical judge call is a hit: no model call', async () => {
    const model = mockModel(PASS);
    const cache = new FileJudgeCache({ dir });
    const judge = new LLMJudge({ rubric: 'r', model, cache });
    const first = await judge.evaluate(context());
    const second = await new LLMJudge({ rubric: 'r', model, cache }).evaluate(context());
    expect(second).toEqual(first);
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(await entries()).toHaveLength(1);
    expect((await readdir(dir)).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('a change of rubric, output, model or settings is a miss', async () => {
    const model = mockModel(PASS);
    const cache = new FileJudgeCache({ dir });
    await new LLMJudge({ rubric: 'r', model, cache }).evaluate(context());
    await new LLMJudge({ rubric: 'r2', model, cache }).evaluate(context());
    await new LLMJudge({ rubric: 'r', model, cache }).evaluate(context({ output: 'Lyon' }));
    await new LLMJudge({ rubric: 'r', model, cache, modelSettings: { temperature: 0 } }).evaluate(context());
    await new LLMJudge({ rubric: 'r', model: mockModel(PASS, 'other'), cache }).evaluate(context());
    expect(model.doGenerateCalls).toHaveLength(4);
    expect(await entries()).toHaveLength(5);
  });

  it('a corrupt or invalid entry is ignored and overwritten', async () => {
    const model = mockModel(PASS);
    const cache = new FileJudgeCache({ dir });
    const judge = new LLMJudge({ rubric: 'r', model, cache });
    await judge.evaluate(context());
    const [file] = await entries();
    await writeFile(join(dir, file!), '{"version": 1, "output": {"reason": "x", "pass": tr');
    expect(await judge.evaluate(context())).toEqual({ LLMJudge: new EvaluationReason(true, PASS.reason) });
    await writeFile(
      join(dir, file!),
      JSON.stringify({ version: 1, output: { reason: 'x', pass: true, score: 7 } }),
    );
    await judge.evaluate(context());
    expect(model.doGenerateCalls).toHaveLength(3);
    const entry = JSON.parse(await readFile(join(dir, file!), 'utf8'));
    expect(entry.output).toEqual(PASS);
  });

  it('entries hold the grade, model id and time only', async () => {
    const judge = new GEval({
      criteria: 'c',
      evaluationSteps: ['s'],
      model: mockModel({ reason: 'ok', score: 3 }),
      cache: new FileJudgeCache({ dir }),
    });
    await judge.evaluate(context());
    const [file] = await entries();
    const entry = JSON.parse(await readFile(join(dir, file!), 'utf8'));
    expect(Object.keys(entry).sort()).toEqual(['createdAt', 'model', 'output', 'version']);
    expect(entry.model).toBe('mock:judge');
    expect(entry.output).toEqual({ reason: 'ok', score: 3 });
  });

  it('the global cache applies to judges without a cache option; cache: false opts out', async () => {
    setJudgeCache(new FileJudgeCache({ dir }));
    const model = mockModel(PASS);
    await new LLMJudge({ rubric: 'r', model }).evaluate(context());
    await new LLMJudge({ rubric: 'r', model }).evaluate(context());
    await new LLMJudge({ rubric: 'r', model, cache: false }).evaluate(context());
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it('a hit needs neither a model call nor the provider package', async () => {
    const keys: string[] = [];
    const cache: JudgeCache = {
      get: async (key) => {
        keys.push(key);
        return PASS;
      },
      set: async () => {},
    };
    const judge = new LLMJudge({ rubric: 'r', model: 'anthropic:claude-sonnet-4-5', cache });
    expect(await judge.evaluate(context())).toEqual({ LLMJudge: new EvaluationReason(true, PASS.reason) });
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a failing cache write does not fail the judge', async () => {
    const cache: JudgeCache = {
      get: async () => undefined,
      set: async () => Promise.reject(new Error('disk full')),
    };
    const judge = new LLMJudge({ rubric: 'r', model: mockModel(PASS), cache });
    expect(await judge.evaluate(context())).toEqual({ LLMJudge: new EvaluationReason(true, PASS.reason) });
  });

  it('checks the cache option', () => {
    expect(() => new LLMJudge({ rubric: 'r', cache: 'yes' as never })).toThrow(
      /cache must be true, false or an object/,
    );
    expect(() => new FileJudgeCache({ dir: '' })).toThrow(/dir must be a non-empty string/);
  });
});

describe('judge cache files hold no secrets', () => {
  let server: JudgeServer;
  beforeAll(async () => {
    server = await startJudgeServer();
  });
  afterAll(() => server.close());

  it('no API key or header values in the entries; headers do not change the key', async () => {
    const cache = new FileJudgeCache({ dir });
    const model = server.model('judge-model', { apiKey: 'sk-cache-secret-0123456789' });
    const judge = (token: string) =>
      new LLMJudge({
        rubric: 'r',
        model,
        cache,
        modelSettings: { headers: { 'x-api-key': token, authorization: `Bearer ${token}` } },
      });
    await judge('hdr-secret-aaaaaaaa').evaluate(context());
    await judge('hdr-secret-bbbbbbbb').evaluate(context());
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['x-api-key']).toBe('hdr-secret-aaaaaaaa');
    const [file] = await entries();
    const text = await readFile(join(dir, file!), 'utf8');
    for (const secret of ['sk-cache-secret', 'hdr-secret', 'authorization', 'Bearer'])
      expect(text).not.toContain(secret);
    expect(judge('x').toSpec().arguments).toEqual({ rubric: 'r', model: 'fake-openai:judge-model' });
  });
});
