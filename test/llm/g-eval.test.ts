import { describe, expect, it } from 'vitest';
import { EvaluationReason } from '../../src/evaluators/evaluator.js';
import { GEval } from '../../src/evaluators/llm/index.js';
import { JudgeOutputError } from '../../src/llm/index.js';
import { context, mockModel, systemText, userText } from './helpers.js';

const base = { criteria: 'Coherence', evaluationSteps: ['Read the output', 'Check the logic'] };

describe('GEval construction', () => {
  it('needs at least one step', () => {
    expect(() => new GEval({ criteria: 'c', evaluationSteps: [] })).toThrow(/at least one evaluation step/);
    expect(() => new GEval({ criteria: 'c', evaluationSteps: [''] })).toThrow(
      /evaluationSteps\[0\] must be a non-empty string/,
    );
  });

  it('needs low < high in scoreRange', () => {
    expect(() => new GEval({ ...base, scoreRange: [5, 1] })).toThrow(
      /scoreRange must have low < high, got \[5, 1\]/,
    );
    expect(() => new GEval({ ...base, scoreRange: [3, 3] })).toThrow(/low < high/);
    expect(() => new GEval({ ...base, scoreRange: [1.5, 3] as never })).toThrow(/two integers/);
  });

  it('needs criteria', () => {
    expect(() => new GEval({ criteria: ' ', evaluationSteps: ['a'] })).toThrow(/non-empty string 'criteria'/);
  });
});

describe('GEval evaluate', () => {
  it('returns the integer score with the reason', async () => {
    const judge = new GEval({ ...base, model: mockModel({ reason: 'Clear.', score: 4 }) });
    expect(await judge.evaluate(context())).toEqual(new EvaluationReason(4, 'Clear.'));
    expect(judge.evaluationName).toBe('GEval');
    expect(new GEval({ ...base, evaluationName: 'coherence' }).evaluationName).toBe('coherence');
  });

  it('lays out the rubric with numbered steps and the range', async () => {
    const model = mockModel({ reason: 'ok', score: 7 });
    await new GEval({ ...base, scoreRange: [0, 10], includeInput: true, model }).evaluate(
      context({ inputs: 'Q?' }),
    );
    const call = model.doGenerateCalls[0]!;
    expect(userText(call)).toBe(
      '<Input>\nQ?\n</Input>\n\n<Output>\nParis\n</Output>\n\n<Rubric>\n' +
        'Criteria: Coherence\n\nEvaluation steps:\n1. Read the output\n2. Check the logic\n\n' +
        'Score range: an integer from 0 (worst) to 10 (best).\n</Rubric>',
    );
    expect(systemText(call)).toContain('an integer from 0 (worst) to 10 (best)');
    const schema = (call.responseFormat as { schema: { properties: { score: { type: string } } } }).schema;
    expect(schema.properties.score.type).toBe('integer');
  });

  it('a score outside the range is an evaluator failure', async () => {
    const judge = new GEval({ ...base, model: mockModel({ reason: 'x', score: 6 }) });
    const error = await judge.evaluate(context()).catch((e) => e);
    expect(error).toBeInstanceOf(JudgeOutputError);
    expect(error.message).toMatch(
      /GEval \(model mock:judge\): invalid reply: "score" 6 is outside the score range \[1, 5\]/,
    );
  });

  it('a non-integer score is an evaluator failure', async () => {
    const judge = new GEval({ ...base, model: mockModel({ reason: 'x', score: 3.5 }) });
    await expect(judge.evaluate(context())).rejects.toThrow(
      /"score" must be an integer from 1 to 5, got 3.5/,
    );
  });
});
