// typed-evals with the same rows, task and single equality evaluator as the peers.
import { Dataset, EqualsExpected } from 'typed-evals';
import { args, countingTask, report, rows } from '../peers/workloads/shared.mjs';

const a = args();
const { task, stats } = countingTask(a.sleepMs);
const dataset = new Dataset<number, number>({
  name: 'bench',
  cases: rows(a.n).map((r: { name: string; input: number; expected: number }) => ({
    name: r.name,
    inputs: r.input,
    expectedOutput: r.expected,
  })),
  evaluators: [new EqualsExpected()],
});
const start = performance.now();
const result = await dataset.evaluate(task, { maxConcurrency: a.concurrency, progress: false });
const seconds = (performance.now() - start) / 1000;
report('typed-evals', a, seconds, stats, { results: result.cases.length });
