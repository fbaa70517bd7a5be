import {
  Dataset,
  Evaluator,
  type EvaluatorContext,
  ReportEvaluator,
  type ReportEvaluatorContext,
  TypedEvalsError,
} from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { loadError } from './helpers.js';

class StartsWithExpected extends Evaluator<string, string> {
  evaluate(ctx: EvaluatorContext<string, string>) {
    return ctx.output.startsWith(String(ctx.expectedOutput));
  }
}

interface LengthOptions {
  maxChars: number;
  countSpaces?: boolean;
}

/** Declares its options as a JSON Schema (camelCase keys, as in code) and a primary option. */
class MaxLength extends Evaluator<unknown, string, unknown, LengthOptions> {
  static override evaluatorName = 'max_length';
  static override primaryArg = 'maxChars';
  static override defaults = { countSpaces: true };
  static optionsSchema = {
    type: 'object',
    properties: { maxChars: { type: 'integer', minimum: 1 }, countSpaces: { type: 'boolean' } },
    required: ['maxChars'],
    additionalProperties: false,
  };
  evaluate(ctx: EvaluatorContext<unknown, string>) {
    const text = this.options.countSpaces === false ? ctx.output.replaceAll(' ', '') : ctx.output;
    return text.length <= this.options.maxChars;
  }
}

class Picky extends Evaluator {
  constructor(options: { level?: number }) {
    if (options.level !== undefined && options.level > 3)
      throw new RangeError(`level must be <= 3, got ${options.level}`);
    super(options);
  }
  evaluate() {
    return 1;
  }
}

class Summary extends ReportEvaluator {
  evaluate(ctx: ReportEvaluatorContext) {
    const { title } = this.options as { title: string };
    return { type: 'scalar', title, value: ctx.report.cases.length };
  }
}

const yaml = `
name: custom
cases:
  - name: hello
    inputs: hi
    expected_output: hello
    evaluators:
      - StartsWithExpected
      - max_length: 3
  - name: long
    inputs: long
    expected_output: hello world
    evaluators:
      - max_length: { max_chars: 10, count_spaces: false }
report_evaluators:
  - Summary: { title: Cases }
`;

describe('custom evaluator classes', () => {
  it('are registered by passing them, built with camelCase options, and run', async () => {
    const dataset = Dataset.fromText(yaml, {
      evaluators: [StartsWithExpected, MaxLength],
      reportEvaluators: [Summary],
    });
    expect(dataset.cases[0]!.evaluators.map((e) => e.constructor)).toEqual([StartsWithExpected, MaxLength]);
    expect(dataset.cases[1]!.evaluators[0]!.options).toEqual({ maxChars: 10, countSpaces: false });
    const report = await dataset.evaluate((input: string) => (input === 'hi' ? 'hello' : 'hello world'), {
      progress: false,
    });
    expect(
      report.cases.map((c) => Object.fromEntries(Object.entries(c.assertions).map(([k, r]) => [k, r.value]))),
    ).toEqual([{ StartsWithExpected: true, max_length: false }, { max_length: true }]);
    expect(report.analyses).toEqual([{ type: 'scalar', title: 'Cases', value: 2 }]);
  });

  it('write back in short form with snake_case options', () => {
    const dataset = Dataset.fromText(yaml, {
      evaluators: [StartsWithExpected, MaxLength],
      reportEvaluators: [Summary],
    });
    const written = dataset.toObject() as {
      cases: { evaluators: unknown[] }[];
      report_evaluators: unknown[];
    };
    expect(written.cases.map((c) => c.evaluators)).toEqual([
      ['StartsWithExpected', { max_length: 3 }],
      [{ max_length: { max_chars: 10, count_spaces: false } }],
    ]);
    expect(written.report_evaluators).toEqual([{ Summary: { title: 'Cases' } }]);
  });

  it('check options against a declared optionsSchema', () => {
    const error = loadError(() =>
      Dataset.fromText(
        'name: d\ncases:\n  - inputs: x\n    evaluators:\n      - max_length: 0\n      - max_length: {maxChars: 2, color: red}\n',
        {
          evaluators: [MaxLength],
        },
      ),
    );
    expect(error.issues.map((i) => [i.path, i.message, i.line, i.column])).toEqual([
      ['cases[0].evaluators[0].max_length', 'must be >= 1, got 0', 5, 21],
      [
        'cases[0].evaluators[1].max_length.maxChars',
        "unknown option 'maxChars'; did you mean 'max_chars'? (files use snake_case)",
        6,
        22,
      ],
      [
        'cases[0].evaluators[1].max_length.color',
        "unknown option 'color'; valid options: max_chars, count_spaces",
        6,
        35,
      ],
    ]);
  });

  it('report a throwing constructor as an issue', () => {
    const error = loadError(() =>
      Dataset.fromObject(
        { name: 'd', cases: [], evaluators: [{ Picky: { level: 5 } }] },
        { evaluators: [Picky] },
      ),
    );
    expect(error.issues).toEqual([
      {
        path: 'evaluators[0]',
        message: "Failed to instantiate evaluator 'Picky': level must be <= 3, got 5",
      },
    ]);
  });

  it('without a schema, a positional argument needs a primaryArg', () => {
    const error = loadError(() =>
      Dataset.fromObject({ name: 'd', cases: [], evaluators: [{ Picky: 2 }] }, { evaluators: [Picky] }),
    );
    expect(error.issues[0]!.message).toBe(
      'Picky takes no single argument; write its options as a mapping: - Picky: { option: value }',
    );
  });

  it('may shadow a built-in name', () => {
    class Contains extends Evaluator {
      evaluate() {
        return 'mine';
      }
    }
    const dataset = Dataset.fromObject(
      { name: 'd', cases: [], evaluators: [{ Contains: { anything: 1 } }] },
      { evaluators: [Contains] },
    );
    expect(dataset.evaluators[0]).toBeInstanceOf(Contains);
    expect(dataset.evaluators[0]!.options).toEqual({ anything: 1 });
  });

  it('reject two classes with the same name', () => {
    class Other extends Evaluator {
      static override evaluatorName = 'StartsWithExpected';
      evaluate() {
        return true;
      }
    }
    const load = () =>
      Dataset.fromObject({ name: 'd', cases: [] }, { evaluators: [StartsWithExpected, Other] });
    expect(load).toThrow(TypedEvalsError);
    expect(load).toThrow("Duplicate evaluator class name: 'StartsWithExpected'");
  });

  it('reject things that are not evaluator classes or evaluators', () => {
    expect(() =>
      Dataset.fromObject({ name: 'd', cases: [] }, { evaluators: [class NotOne {}] as never }),
    ).toThrow(/registered by class/);
    expect(() => Dataset.fromObject({ name: 'd', cases: [] }, { evaluators: [42] as never })).toThrow(
      /not an evaluator class nor an evaluator/,
    );
  });

  it('instances passed in evaluators are added after the file evaluators', () => {
    const extra = new StartsWithExpected();
    const dataset = Dataset.fromObject(
      { name: 'd', cases: [], evaluators: ['EqualsExpected'] },
      { evaluators: [extra] },
    );
    expect(dataset.evaluators.map((e) => e.evaluatorName)).toEqual(['EqualsExpected', 'StartsWithExpected']);
    expect(dataset.evaluators[1]).toBe(extra);
  });

  it('loading never reaches code through names like constructor or __proto__', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype']) {
      const error = loadError(() =>
        Dataset.fromText(`{"name": "d", "cases": [], "evaluators": [{"${name}": {}}, "${name}"]}`, {
          format: 'json',
        }),
      );
      expect(error.issues.map((i) => i.message)).toEqual([
        expect.stringContaining(`Evaluator '${name}' is not registered`),
        expect.stringContaining(`Evaluator '${name}' is not registered`),
      ]);
    }
  });

  it('appear in the JSON Schema with snake_case options', () => {
    const schema = Dataset.jsonSchema({
      evaluators: [MaxLength, StartsWithExpected],
      reportEvaluators: [Summary],
    }) as any;
    const forms = schema.$defs.EvaluatorSpec.anyOf as any[];
    expect(forms).toContainEqual({
      type: 'object',
      properties: { max_length: { type: 'integer', minimum: 1 } },
      required: ['max_length'],
      additionalProperties: false,
    });
    expect(forms).toContainEqual({
      type: 'object',
      properties: {
        max_length: {
          type: 'object',
          properties: { max_chars: { type: 'integer', minimum: 1 }, count_spaces: { type: 'boolean' } },
          required: ['max_chars'],
          additionalProperties: false,
        },
      },
      required: ['max_length'],
      additionalProperties: false,
    });
    expect(forms).toContainEqual({ const: 'StartsWithExpected' });
    expect(schema.$defs.ReportEvaluatorSpec.anyOf).toContainEqual({ const: 'Summary' });
  });
});
