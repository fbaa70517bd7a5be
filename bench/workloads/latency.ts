/**
 * W2, scheduling latency: cases whose task sleeps 50 ms, at a given maxConcurrency. The ideal time is
 * ceil(n / c) x 50 ms; what is measured above it is the engine's scheduling cost.
 */
import { Dataset, EqualsExpected } from 'typed-evals';
import { emit, flag, sleep, textFlag } from './common.js';

const n = flag('n', 1000);
const sleepMs = flag('sleep', 50);
const concurrencyText = textFlag('concurrency', 'unlimited');
const concurrency = concurrencyText === 'unlimited' ? undefined : Number(concurrencyText);

const dataset = new Dataset<number, number>({
  name: 'latency',
  cases: Array.from({ length: n }, (_, i) => ({ name: `case-${i}`, inputs: i, expectedOutput: i })),
  evaluators: [new EqualsExpected()],
});

const start = performance.now();
const report = await dataset.evaluate(
  async (x: number) => {
    await sleep(sleepMs);
    return x;
  },
  { maxConcurrency: concurrency, progress: false },
);
const seconds = (performance.now() - start) / 1000;
if (report.cases.length !== n) throw new Error('latency: wrong results');
const idealSeconds = (Math.ceil(n / (concurrency ?? n)) * sleepMs) / 1000;
emit({
  workload: 'W2',
  concurrency: concurrencyText,
  cases: n,
  seconds,
  idealSeconds,
  overheadMs: (seconds - idealSeconds) * 1000,
  overheadPct: ((seconds - idealSeconds) / idealSeconds) * 100,
});
