import {
  Case,
  Dataset,
  EqualsExpected,
  type EvaluationReport,
  Evaluator,
  type EvaluatorContext,
  evaluator,
} from 'typed-evals';
import { describe, expectTypeOf, it } from 'vitest';

describe('type inference through the public API', () => {
  it('infers Inputs/Output/Metadata from plain-object cases', () => {
    const ds = new Dataset({
      name: 'sentiment',
      cases: [
        { name: 'a', inputs: { text: 'I love it' }, expectedOutput: 'POSITIVE', metadata: { lang: 'en' } },
      ],
    });
    expectTypeOf(ds).toEqualTypeOf<Dataset<{ text: string }, string, { lang: string }>>();
    expectTypeOf(ds.cases[0]!.inputs).toEqualTypeOf<{ text: string }>();
  });

  it('types the task parameter and the report from the dataset', async () => {
    const ds = new Dataset<{ text: string }, string, { lang: string }>({ name: 'd' });
    const report = await ds.evaluate((inputs, ctx) => {
      expectTypeOf(inputs).toEqualTypeOf<{ text: string }>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(ctx.attempt).toEqualTypeOf<number>();
      return inputs.text.toUpperCase();
    });
    expectTypeOf(report).toEqualTypeOf<EvaluationReport<{ text: string }, string, { lang: string }>>();
    expectTypeOf(report.cases[0]!.output).toEqualTypeOf<string>();
    expectTypeOf(report.cases[0]!.metadata).toEqualTypeOf<{ lang: string } | undefined>();
  });

  it('rejects a task whose inputs or output do not fit', () => {
    const ds = new Dataset<{ text: string }, string>({ name: 'd' });
    // @ts-expect-error the task must accept the dataset's inputs
    ds.evaluate((inputs: { other: number }) => String(inputs.other));
    // @ts-expect-error the task must return the dataset's output type
    ds.evaluate(() => 42);
  });

  it('types evaluator contexts', () => {
    class StartsWithExpected extends Evaluator<{ text: string }, string> {
      evaluate(ctx: EvaluatorContext<{ text: string }, string>) {
        expectTypeOf(ctx.output).toEqualTypeOf<string>();
        expectTypeOf(ctx.expectedOutput).toEqualTypeOf<string | undefined>();
        return ctx.output.startsWith(String(ctx.expectedOutput));
      }
    }
    const wordCount = evaluator<{ text: string }, string>(
      'word_count',
      (ctx) => ctx.output.split(' ').length,
    );
    const ds = new Dataset<{ text: string }, string>({
      name: 'd',
      cases: [new Case({ inputs: { text: 'x' } })],
      evaluators: [new StartsWithExpected(), wordCount, new EqualsExpected()],
    });
    expectTypeOf(ds.evaluators).toEqualTypeOf<readonly Evaluator<{ text: string }, string, any>[]>();
  });

  it('types streamed results', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1, expectedOutput: 2 }] });
    for await (const r of ds.run((x) => x * 2)) {
      if ('output' in r) {
        expectTypeOf(r.output).toEqualTypeOf<number>();
        expectTypeOf(r.inputs).toEqualTypeOf<number>();
      }
    }
  });
});
