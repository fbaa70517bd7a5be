/**
 * Real stored runs for the viewer tests, recorded by `dataset.run(task, { store: { dataDir } })`:
 *
 * - `qa` (baseline and current): 30 scored cases, a task error, an evaluator failure, and two cases whose
 *   name or output is HTML that would run script if it were inserted as markup;
 * - `sentiment`: a classifier with every built-in report evaluator (confusion matrix, PR, ROC, KS);
 * - `bulk`: many quick cases, for paging, sorting and filtering;
 * - `live`: a run whose cases finish when the test says so.
 */
import {
  ConfusionMatrixEvaluator,
  Dataset,
  EqualsExpected,
  EvaluationReason,
  evaluator,
  KolmogorovSmirnovEvaluator,
  PrecisionRecallEvaluator,
  ROCAUCEvaluator,
} from 'typed-evals';

export const XSS_OUTPUT = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
export const XSS_NAME = '<img src=x onerror=window.__xss=2>';

interface QaInputs {
  i: number;
  question: string;
  fail?: boolean;
  evil?: string;
}

/** Records one run of the `qa` experiment; `current` scores better on accuracy and worse on fluency. */
export async function recordQaRun(dataDir: string, variant: 'baseline' | 'current'): Promise<string> {
  const boost = variant === 'current' ? 1 : 0;
  const cases = Array.from({ length: 30 }, (_, i) => ({
    name: `q${i}`,
    inputs: { i, question: `What is ${i} + ${i}?` } as QaInputs,
    expectedOutput: String(i + i),
  }));
  cases.push(
    { name: 'boom', inputs: { i: 98, question: 'explode', fail: true }, expectedOutput: 'never' },
    {
      name: 'xss-case',
      inputs: { i: 99, question: '<script>window.__xss=1</script>', evil: XSS_OUTPUT },
      expectedOutput: XSS_OUTPUT,
    },
    {
      name: XSS_NAME,
      inputs: { i: 100, question: 'name', evil: '<b>bold?</b>' },
      expectedOutput: '<b>bold?</b>',
    },
  );
  const dataset = new Dataset<QaInputs, string>({
    name: 'arithmetic',
    cases,
    evaluators: [
      new EqualsExpected(),
      evaluator<QaInputs, string>('accuracy', (ctx) => 0.3 + ((ctx.inputs.i * 37) % 10) / 50 + 0.25 * boost),
      evaluator<QaInputs, string>(
        'fluency',
        (ctx) => new EvaluationReason(0.8 + ((ctx.inputs.i * 13) % 7) / 100 - 0.3 * boost, 'reads naturally'),
      ),
      evaluator<QaInputs, string>('topic', (ctx) => ['geo', 'math', 'misc'][ctx.inputs.i % 3]!),
      evaluator<QaInputs, string>('judge', (ctx) => {
        if (ctx.inputs.i === 7) throw new Error('judge unavailable');
        return true;
      }),
    ],
  });
  const run = dataset.run(
    (inputs: QaInputs) => {
      if (inputs.fail) throw new Error('model timeout');
      if (inputs.evil !== undefined) return inputs.evil;
      // The current run answers every fifth question wrong.
      return boost && inputs.i % 5 === 0 ? 'wrong' : String(inputs.i + inputs.i);
    },
    { name: 'qa', progress: false, store: { dataDir }, metadata: { variant } },
  );
  await run.report();
  return run.runId!;
}

/** A classifier run with the four built-in report evaluators. */
export async function recordSentimentRun(dataDir: string): Promise<string> {
  const cases = Array.from({ length: 40 }, (_, i) => ({
    name: `review-${i}`,
    inputs: i,
    expectedOutput: i % 2 === 0 ? 'pos' : 'neg',
  }));
  const binary = {
    scoreKey: 'confidence',
    positiveFrom: 'assertions',
    positiveKey: 'truly_positive',
  } as const;
  const dataset = new Dataset<number, string>({
    name: 'reviews',
    cases,
    evaluators: [
      evaluator<number, string>(
        'confidence',
        (ctx) => ((ctx.inputs * 7) % 10) / 10 + (ctx.inputs % 2 === 0 ? 0.3 : 0),
      ),
      evaluator<number, string>('truly_positive', (ctx) => ctx.expectedOutput === 'pos'),
    ],
    reportEvaluators: [
      new ConfusionMatrixEvaluator(),
      new PrecisionRecallEvaluator(binary),
      new ROCAUCEvaluator(binary),
      new KolmogorovSmirnovEvaluator(binary),
    ],
  });
  const run = dataset.run((i: number) => (i % 3 === 0 ? 'neg' : 'pos'), {
    name: 'sentiment',
    progress: false,
    store: { dataDir },
  });
  await run.report();
  return run.runId!;
}

/** `n` quick cases named `item-<i>` with a score `quality` = (i mod 100) / 100; every 10th fails its assertion. */
export async function recordBulkRun(dataDir: string, n: number): Promise<string> {
  const dataset = new Dataset<number, number>({
    name: 'bulk',
    cases: Array.from({ length: n }, (_, i) => ({ name: `item-${i}`, inputs: i, expectedOutput: i })),
    evaluators: [
      new EqualsExpected(),
      evaluator<number, number>('quality', (ctx) => (ctx.inputs % 100) / 100),
    ],
  });
  const run = dataset.run((i: number) => (i % 10 === 0 ? -1 : i), {
    name: 'bulk',
    progress: false,
    store: { dataDir },
  });
  await run.report();
  return run.runId!;
}

export interface LiveRun {
  /** Resolves once the run file exists. */
  runId: Promise<string>;
  /** Lets the next case finish. */
  release(): void;
  /** Resolves when the run is finished (footer written). */
  done: Promise<void>;
}

/** A run of `n` cases (`live-<i>`, run one at a time) that finish one by one on `release()`. */
export function startLiveRun(dataDir: string, n: number): LiveRun {
  const gates: (() => void)[] = [];
  const waiting: Promise<void>[] = Array.from({ length: n }, () => new Promise<void>((r) => gates.push(r)));
  let released = 0;
  const dataset = new Dataset<number, string>({
    name: 'live',
    cases: Array.from({ length: n }, (_, i) => ({ name: `live-${i}`, inputs: i })),
    evaluators: [evaluator<number, string>('speed', (ctx) => (ctx.inputs + 1) / n)],
  });
  const run = dataset.run(
    async (i: number) => {
      await waiting[i];
      return `answer ${i}`;
    },
    { name: 'live', progress: false, store: { dataDir }, maxConcurrency: 1 },
  );
  const done = run.report().then(() => undefined);
  const runId = (async () => {
    for (let i = 0; i < 200 && run.runId === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    if (run.runId === undefined) throw new Error('the live run did not start');
    return run.runId;
  })();
  return {
    runId,
    release: () => {
      gates[released++]?.();
    },
    done,
  };
}
