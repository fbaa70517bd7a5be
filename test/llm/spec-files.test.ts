/** LLMJudge and GEval in specs and dataset files (pydantic-evals layout, snake_case keys). */
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/dataset/dataset.js';
import { GEval, LLMJudge } from '../../src/evaluators/llm/index.js';
import { FileJudgeCache } from '../../src/llm/index.js';
import { mockModel } from './helpers.js';

const limiter = {
  run: <T>(fn: (signal: AbortSignal, ctx: { report(): void }) => T) =>
    Promise.resolve(fn(new AbortController().signal, { report() {} })),
};

describe('LLMJudge spec', () => {
  it('a rubric alone is the short form', () => {
    expect(new LLMJudge({ rubric: 'Is polite' }).toSpec()).toEqual({
      name: 'LLMJudge',
      arguments: ['Is polite'],
    });
    expect(
      new LLMJudge({ rubric: 'r', assertion: { includeReason: true }, score: false }).toSpec().arguments,
    ).toEqual(['r']);
  });

  it('options in spec form: model as a string, OutputConfig and settings in file spelling, no runtime objects', () => {
    const judge = new LLMJudge({
      rubric: 'r',
      model: mockModel({}, 'gpt-x'),
      includeInput: true,
      score: { evaluationName: 'quality', includeReason: true },
      assertion: false,
      modelSettings: {
        maxOutputTokens: 100,
        temperature: 0,
        headers: { authorization: 'Bearer sk-abcdefghijkl' },
      },
      limiter,
      cache: new FileJudgeCache({ dir: '/tmp/unused' }),
      timeoutMs: 5000,
    });
    expect(judge.toSpec()).toEqual({
      name: 'LLMJudge',
      arguments: {
        rubric: 'r',
        model: 'mock:gpt-x',
        includeInput: true,
        score: { evaluation_name: 'quality', include_reason: true },
        assertion: false,
        modelSettings: { max_tokens: 100, temperature: 0 },
        timeoutMs: 5000,
      },
    });
  });
});

describe('GEval spec', () => {
  it('leaves the default score range out', () => {
    expect(new GEval({ criteria: 'c', evaluationSteps: ['s'], scoreRange: [1, 5] }).toSpec()).toEqual({
      name: 'GEval',
      arguments: { criteria: 'c', evaluationSteps: ['s'] },
    });
    expect(
      new GEval({ criteria: 'c', evaluationSteps: ['s'], scoreRange: [0, 10], evaluationName: 'g' }).toSpec()
        .arguments,
    ).toEqual({
      criteria: 'c',
      evaluationSteps: ['s'],
      scoreRange: [0, 10],
      evaluationName: 'g',
    });
  });
});

const YAML = `name: judged
cases:
  - name: a
    inputs: hi
    evaluators:
      - LLMJudge: Is polite
evaluators:
  - LLMJudge:
      rubric: Answers the question
      include_input: true
      model: openai-compatible:llama3.1
      score:
        evaluation_name: quality
        include_reason: true
      assertion: false
      model_settings:
        temperature: 0
        max_tokens: 300
  - GEval:
      criteria: Coherence
      evaluation_steps: [Read it, Judge it]
      score_range: [1, 10]
`;

describe('dataset files', () => {
  // Until LLMJudge and GEval are registered as built-ins, files name them as custom classes.
  const evaluators = [LLMJudge, GEval];

  it('loads judges written in the pydantic-evals layout and writes them back the same', () => {
    const dataset = Dataset.fromText(YAML, { evaluators });
    const [judge, gEval] = dataset.evaluators as [LLMJudge, GEval];
    expect(judge).toBeInstanceOf(LLMJudge);
    expect(judge.options).toMatchObject({
      rubric: 'Answers the question',
      includeInput: true,
      model: 'openai-compatible:llama3.1',
      score: { evaluationName: 'quality', includeReason: true },
      assertion: false,
      modelSettings: { temperature: 0, maxOutputTokens: 300 },
    });
    expect(gEval.options).toMatchObject({
      criteria: 'Coherence',
      evaluationSteps: ['Read it', 'Judge it'],
      scoreRange: [1, 10],
    });
    const written = dataset.toObject() as { evaluators: unknown[]; cases: { evaluators: unknown[] }[] };
    expect(written.cases[0]!.evaluators).toEqual([{ LLMJudge: 'Is polite' }]);
    expect(written.evaluators).toEqual([
      {
        LLMJudge: {
          rubric: 'Answers the question',
          include_input: true,
          model: 'openai-compatible:llama3.1',
          score: { evaluation_name: 'quality', include_reason: true },
          assertion: false,
          model_settings: { temperature: 0, max_tokens: 300 },
        },
      },
      { GEval: { criteria: 'Coherence', evaluation_steps: ['Read it', 'Judge it'], score_range: [1, 10] } },
    ]);
  });

  it('reports bad judge options with the file position', () => {
    const bad =
      'name: x\ncases: []\nevaluators:\n  - GEval:\n      criteria: c\n      evaluation_steps: [a]\n      score_range: [5, 1]\n';
    expect(() => Dataset.fromText(bad, { evaluators })).toThrow(
      /GEval: scoreRange must have low < high, got \[5, 1\]/,
    );
    const unknown = 'name: x\ncases: []\nevaluators:\n  - LLMJudge:\n      rubric: r\n      rubrik: r\n';
    expect(() => Dataset.fromText(unknown, { evaluators })).toThrow(/unknown option 'rubrik'/);
  });

  it('the file JSON Schema describes both judges', () => {
    const schema = JSON.stringify(Dataset.jsonSchema({ evaluators }));
    expect(schema).toContain('"LLMJudge"');
    expect(schema).toContain('"evaluation_steps"');
    expect(schema).toContain('"include_expected_output"');
  });
});
