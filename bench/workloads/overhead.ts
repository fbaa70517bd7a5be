/**
 * W1, engine overhead: 100k cases, sync task x => x*2, evaluators EqualsExpected, IsInstance('number')
 * and one custom score, unlimited concurrency, progress off.
 */
import { Dataset, EqualsExpected, evaluator, IsInstance } from 'typed-evals';
import { emit, flag, peakRssMb } from './common.js';

const n = flag('n', 100_000);
const dataset = new Dataset<number, number>({
  name: 'overhead',
  cases: Array.from({ length: n }, (_, i) => ({ name: `case-${i}`, inputs: i, expectedOutput: i * 2 })),
  evaluators: [
    new EqualsExpected(),
    new IsInstance({ typeName: 'number' }),
    evaluator('ratio', (ctx) => ctx.output / n),
  ],
});

const start = performance.now();
const report = await dataset.evaluate((x: number) => x * 2, { progress: false });
const seconds = (performance.now() - start) / 1000;
if (report.cases.length !== n || report.averages()?.assertions !== 1)
  throw new Error('overhead: wrong results');
emit({ workload: 'W1', cases: n, seconds, casesPerSecond: n / seconds, peakRssMb: peakRssMb() });
