import { afterEach, describe, expect, it } from 'vitest';
import { EvaluationReason } from '../../src/evaluators/evaluator.js';
import { LLMJudge } from '../../src/evaluators/llm/index.js';
import { Limiter } from '../../src/limits/index.js';
import { JudgeOutputError, JudgeRefusalError, setDefaultJudgeModel } from '../../src/llm/index.js';
import { context, mockModel, PASS, systemText, textResult, userText } from './helpers.js';

afterEach(() => setDefaultJudgeModel(undefined));

describe('LLMJudge result naming', () => {
  const grading = { reason: 'Good.', pass: false, score: 0.25 };
  const run = (options: Partial<ConstructorParameters<typeof LLMJudge>[0]>) =>
    new LLMJudge({ rubric: 'r', model: mockModel(grading), ...options }).evaluate(context());

  it('default: one assertion named LLMJudge with the reason', async () => {
    expect(await run({})).toEqual({ LLMJudge: new EvaluationReason(false, 'Good.') });
  });

  it('score only: one score named LLMJudge, no reason by default', async () => {
    expect(await run({ score: {}, assertion: false })).toEqual({ LLMJudge: 0.25 });
  });

  it('both on: LLMJudge_score and LLMJudge_pass', async () => {
    expect(await run({ score: { includeReason: true } })).toEqual({
      LLMJudge_score: new EvaluationReason(0.25, 'Good.'),
      LLMJudge_pass: new EvaluationReason(false, 'Good.'),
    });
  });

  it('both on without reasons: plain values', async () => {
    expect(await run({ score: true, assertion: { includeReason: false } })).toEqual({
      LLMJudge_score: 0.25,
      LLMJudge_pass: false,
    });
  });

  it('evaluationName renames each output (file spelling accepted)', async () => {
    const results = await run({
      score: { evaluationName: 'quality' },
      assertion: { evaluation_name: 'acceptable', include_reason: false } as never,
    });
    expect(results).toEqual({ quality: 0.25, acceptable: false });
  });

  it('assertion only renamed', async () => {
    expect(await run({ assertion: { evaluationName: 'polite' } })).toEqual({ polite: false });
  });

  it('both off: {} and no model call', async () => {
    const model = mockModel(grading);
    const judge = new LLMJudge({ rubric: 'r', model, score: false, assertion: false });
    expect(await judge.evaluate(context())).toEqual({});
    expect(model.doGenerateCalls).toHaveLength(0);
  });
});

describe('LLMJudge prompt layout', () => {
  const ctx = context({
    inputs: { question: 'Capital of France?' },
    output: 'Paris',
    expectedOutput: 'Paris',
  });

  async function prompts(options: Partial<ConstructorParameters<typeof LLMJudge>[0]>, c = ctx) {
    const model = mockModel(PASS);
    await new LLMJudge({ rubric: 'Names the capital', model, ...options }).evaluate(c);
    const call = model.doGenerateCalls[0]!;
    return { user: userText(call), system: systemText(call), call };
  }

  it('output and rubric only by default', async () => {
    const { user, system } = await prompts({});
    expect(user).toBe('<Output>\nParis\n</Output>\n\n<Rubric>\nNames the capital\n</Rubric>');
    expect(system).toContain('<Output>');
    expect(system).not.toContain('<Input>');
    expect(system).toContain('"reason"');
  });

  it('Input, Output, ExpectedOutput, Rubric in that order; non-strings as compact JSON', async () => {
    const { user, system } = await prompts({ includeInput: true, includeExpectedOutput: true });
    expect(user).toBe(
      '<Input>\n{"question":"Capital of France?"}\n</Input>\n\n' +
        '<Output>\nParis\n</Output>\n\n' +
        '<ExpectedOutput>\nParis\n</ExpectedOutput>\n\n' +
        '<Rubric>\nNames the capital\n</Rubric>',
    );
    expect(system).toContain('<Input>');
    expect(system).toContain('<ExpectedOutput>');
  });

  it('an undefined expected output leaves the section out', async () => {
    const { user, system } = await prompts(
      { includeExpectedOutput: true },
      context({ output: { city: 'Paris', n: [1, 2] } }),
    );
    expect(user).toBe(
      '<Output>\n{"city":"Paris","n":[1,2]}\n</Output>\n\n<Rubric>\nNames the capital\n</Rubric>',
    );
    expect(system).not.toContain('<ExpectedOutput>');
  });

  it('sends structured output (a JSON schema) and no AI SDK retries', async () => {
    const { call } = await prompts({ modelSettings: { temperature: 0, max_tokens: 200 } as never });
    expect(call.responseFormat).toMatchObject({ type: 'json', name: 'grading' });
    expect((call.responseFormat as { schema: { required: string[] } }).schema.required).toEqual([
      'reason',
      'pass',
      'score',
    ]);
    expect(call.temperature).toBe(0);
    expect(call.maxOutputTokens).toBe(200);
  });
});

describe('LLMJudge multimodal content', () => {
  const png = new Uint8Array([137, 80, 78, 71]);

  it('passes image and file parts in inputs through as content parts', async () => {
    const model = mockModel(PASS);
    const inputs = ['What is in this picture?', { type: 'image', image: png, mediaType: 'image/png' }];
    await new LLMJudge({ rubric: 'Describes a cat', model, includeInput: true }).evaluate(
      context({ inputs, output: 'A cat' }),
    );
    const user = model.doGenerateCalls[0]!.prompt.find((m) => m.role === 'user')!;
    const parts = user.content as { type: string; text?: string; mediaType?: string; data?: unknown }[];
    expect(parts.map((p) => p.type)).toEqual(['text', 'file', 'text']);
    expect(parts[0]!.text).toBe('<Input>\nWhat is in this picture?\n');
    expect(parts[1]).toMatchObject({ type: 'file', mediaType: 'image/png' });
    expect(parts[2]!.text).toBe(
      '\n</Input>\n\n<Output>\nA cat\n</Output>\n\n<Rubric>\nDescribes a cat\n</Rubric>',
    );
  });

  it('a part nested in an object becomes an attachment label plus the part', async () => {
    const model = mockModel(PASS);
    const output = { caption: 'x', pdf: { type: 'file', data: 'JVBERi0=', mediaType: 'application/pdf' } };
    await new LLMJudge({ rubric: 'r', model }).evaluate(context({ output }));
    const user = model.doGenerateCalls[0]!.prompt.find((m) => m.role === 'user')!;
    const parts = user.content as { type: string; text?: string; mediaType?: string }[];
    expect(parts.map((p) => p.type)).toEqual(['text', 'file', 'text']);
    expect(parts[0]!.text).toBe('<Output>\n{"caption":"x","pdf":"[attachment 1: application/pdf]"}\n');
    expect(parts[1]).toMatchObject({ mediaType: 'application/pdf' });
  });
});

describe('LLMJudge bad replies are evaluator failures', () => {
  const judge = (reply: Parameters<typeof mockModel>[0]) =>
    new LLMJudge({ rubric: 'r', model: mockModel(reply) });

  it('text that is not JSON', async () => {
    const error = await judge('I think it is fine.')
      .evaluate(context())
      .catch((e) => e);
    expect(error).toBeInstanceOf(JudgeOutputError);
    expect(error.message).toMatch(
      /LLMJudge \(model mock:judge\): expected a JSON object, got a reply that is not JSON/,
    );
    expect(error.message).toContain('I think it is fine.');
  });

  it('an empty reply', async () => {
    await expect(judge('').evaluate(context())).rejects.toThrow(/got an empty reply/);
  });

  it('JSON of the wrong shape', async () => {
    await expect(judge({ reason: 'x', pass: 'yes', score: 1 }).evaluate(context())).rejects.toThrow(
      /invalid reply: "pass" must be true or false, got "yes"/,
    );
  });

  it('a score outside 0-1', async () => {
    await expect(judge({ reason: 'x', pass: true, score: 8 }).evaluate(context())).rejects.toThrow(
      /"score" must be a number from 0 to 1, got 8/,
    );
  });

  it('a refusal (content filter)', async () => {
    const error = await judge(() => textResult('', 'content-filter'))
      .evaluate(context())
      .catch((e) => e);
    expect(error).toBeInstanceOf(JudgeRefusalError);
    expect(error.code).toBe('JUDGE_REFUSED');
    expect(error.message).toMatch(/declined to answer/);
  });

  it('a refusal in words is reported with the reply', async () => {
    await expect(judge("I'm sorry, I can't help with that.").evaluate(context())).rejects.toThrow(
      /may be a refusal.*I'm sorry, I can't help with that/,
    );
  });

  it('reads JSON wrapped in a markdown fence', async () => {
    const reply = '```json\n{"reason": "ok", "pass": true, "score": 1}\n```';
    expect(await judge(reply).evaluate(context())).toEqual({ LLMJudge: new EvaluationReason(true, 'ok') });
  });
});

describe('LLMJudge options', () => {
  it('checks options at construction', () => {
    expect(() => new LLMJudge({ rubric: '' })).toThrow(/non-empty string 'rubric'/);
    expect(() => new LLMJudge({ rubric: 'r', score: { name: 'x' } as never })).toThrow(/unknown key 'name'/);
    expect(() => new LLMJudge({ rubric: 'r', model: 42 as never })).toThrow(
      /model must be a 'provider:model' string/,
    );
    expect(() => new LLMJudge({ rubric: 'r', timeoutMs: 0 })).toThrow(/timeoutMs must be a number > 0/);
    expect(() => new LLMJudge({ rubric: 'r', modelSettings: { temprature: 1 } as never })).toThrow(
      /unknown model setting 'temprature'/,
    );
    expect(() => new LLMJudge({ rubric: 'r', limiter: {} as never })).toThrow(/limiter must be a Limiter/);
  });

  it('a model wrapped by the same limiter goes through it once (the API.md example)', async () => {
    // With one slot, counting each call twice would also deadlock: the judge's run holds the slot the
    // wrapped model then waits for.
    const openai = new Limiter({ name: 'openai', maxConcurrency: 1 });
    const inner = mockModel(PASS);
    const judge = new LLMJudge({
      rubric: 'r',
      model: openai.wrapModel(inner),
      limiter: openai,
      cache: false,
    });
    const results = await Promise.all([1, 2, 3].map((i) => judge.evaluate(context({ output: `a${i}` }))));
    expect(results).toHaveLength(3);
    expect(inner.doGenerateCalls).toHaveLength(3);
    expect(openai.stats()).toMatchObject({ started: 3, succeeded: 3, tokens: 120 });
  });

  it('uses the default judge model when it runs', async () => {
    const judge = new LLMJudge({ rubric: 'r' });
    const model = mockModel(PASS);
    setDefaultJudgeModel(model);
    await judge.evaluate(context());
    expect(model.doGenerateCalls).toHaveLength(1);
  });
});
