/** Judges over real HTTP: @ai-sdk/openai-compatible against the fake server on 127.0.0.1. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../../src/dataset/dataset.js';
import { EvaluationReason } from '../../src/evaluators/evaluator.js';
import { GEval, LLMJudge } from '../../src/evaluators/llm/index.js';
import { JudgeRefusalError } from '../../src/llm/index.js';
import { type JudgeServer, startJudgeServer } from '../helpers/judge-server.js';

let server: JudgeServer;
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = await startJudgeServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.setDefault({ content: { reason: 'The output meets the rubric.', pass: true, score: 1 } });
  process.env = { ...savedEnv };
});

const ctx = {
  name: 'c',
  inputs: 'Capital of France?',
  metadata: undefined,
  expectedOutput: 'Paris',
  output: 'Paris',
  duration: 0,
  attributes: {},
  metrics: {},
  spanTree: undefined,
};

describe('LLMJudge over HTTP', () => {
  it('sends system + user messages with a json_schema response format and reads the grade', async () => {
    const judge = new LLMJudge({ rubric: 'Names the capital', model: server.model(), includeInput: true });
    expect(await judge.evaluate(ctx)).toEqual({
      LLMJudge: new EvaluationReason(true, 'The output meets the rubric.'),
    });
    const { url, headers, body } = server.requests[0]!;
    expect(url).toBe('/v1/chat/completions');
    expect(headers.authorization).toBe('Bearer sk-test-server-key-123456');
    expect(body.model).toBe('judge-model');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.name).toBe('grading');
    expect(body.messages[0].role).toBe('system');
    expect(body.messages[1]).toEqual({
      role: 'user',
      content:
        '<Input>\nCapital of France?\n</Input>\n\n<Output>\nParis\n</Output>\n\n<Rubric>\nNames the capital\n</Rubric>',
    });
  });

  it('GEval over HTTP', async () => {
    server.setDefault({ content: { reason: 'Coherent.', score: 5 } });
    const judge = new GEval({ criteria: 'Coherence', evaluationSteps: ['Read it'], model: server.model() });
    expect(await judge.evaluate(ctx)).toEqual(new EvaluationReason(5, 'Coherent.'));
  });

  it('an OpenAI refusal field is a failure that quotes it', async () => {
    server.setDefault({ content: undefined, refusal: "I can't grade this." });
    const judge = new LLMJudge({ rubric: 'r', model: server.model() });
    const error = await judge.evaluate(ctx).catch((e) => e);
    expect(error).toBeInstanceOf(JudgeRefusalError);
    expect(error.message).toMatch(/declined to answer.*I can't grade this/);
  });

  it('resolves an openai-compatible: model string from the environment', async () => {
    process.env.TYPED_EVALS_OPENAI_COMPATIBLE_BASE_URL = server.baseURL;
    process.env.TYPED_EVALS_OPENAI_COMPATIBLE_API_KEY = 'env-key-abcdefgh';
    const judge = new LLMJudge({ rubric: 'r', model: 'openai-compatible:llama3.1' });
    expect(await judge.evaluate(ctx)).toEqual({
      LLMJudge: new EvaluationReason(true, 'The output meets the rubric.'),
    });
    expect(server.requests[0]!.body.model).toBe('llama3.1');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer env-key-abcdefgh');
    expect(judge.toSpec()).toEqual({
      name: 'LLMJudge',
      arguments: { rubric: 'r', model: 'openai-compatible:llama3.1' },
    });
  });
});

describe('LLMJudge in an experiment', () => {
  const dataset = () =>
    new Dataset({
      name: 'capitals',
      cases: [{ name: 'fr', inputs: 'France', expectedOutput: 'Paris' }],
      evaluators: [new LLMJudge({ rubric: 'Names the capital', model: server.model() })],
    });

  it('a 429 with Retry-After is retried by retryEvaluators after the requested delay', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const report = await dataset().evaluate(() => 'Paris', {
      retryEvaluators: { retries: 2, minDelayMs: 1, jitter: false },
      progress: false,
    });
    const elapsed = Date.now() - started;
    expect(report.cases[0]!.evaluatorFailures).toEqual([]);
    expect(report.cases[0]!.assertions.LLMJudge!.value).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  it('without retryEvaluators a 429 is an evaluator failure (no hidden AI SDK retries)', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } });
    const report = await dataset().evaluate(() => 'Paris', { progress: false });
    expect(server.requests).toHaveLength(1);
    const [failure] = report.cases[0]!.evaluatorFailures;
    expect(failure!.name).toBe('LLMJudge');
    expect(failure!.errorMessage).toMatch(/^AI_APICallError: /);
    expect(failure!.source).toEqual({
      name: 'LLMJudge',
      arguments: { rubric: 'Names the capital', model: 'fake-openai:judge-model' },
    });
  });

  it('API keys in provider errors never reach the report', async () => {
    process.env.TYPED_EVALS_OPENAI_COMPATIBLE_BASE_URL = server.baseURL;
    process.env.TYPED_EVALS_OPENAI_COMPATIBLE_API_KEY = 'plainsecretvalue99';
    server.setDefault((request) => ({
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: sk-live-0123456789abcdef. Header was ${request.headers.authorization}`,
          type: 'invalid_request_error',
        },
      },
    }));
    const data = new Dataset({
      name: 'keys',
      cases: [{ inputs: 'x' }],
      evaluators: [new LLMJudge({ rubric: 'r', model: 'openai-compatible:judge' })],
    });
    const report = await data.evaluate(() => 'y', { progress: false });
    const failure = report.cases[0]!.evaluatorFailures[0]!;
    expect(failure.errorMessage).toContain('Incorrect API key provided');
    const text = JSON.stringify(report.toJSON());
    expect(text).not.toContain('plainsecretvalue99');
    expect(text).not.toContain('sk-live-0123456789abcdef');
    expect(text).toContain('[REDACTED]');
  });
});
