// logfire/evals (pydantic/logfire-js): the direct TypeScript mirror of pydantic-evals.
import { Case, Dataset, EqualsExpected } from 'logfire/evals';
import { args, countingTask, report, rows } from './shared.mjs';

const a = args();
const { task, stats } = countingTask(a.sleepMs);
const dataset = new Dataset({
  name: 'bench',
  cases: rows(a.n).map((r) => new Case({ name: r.name, inputs: r.input, expectedOutput: r.expected })),
  evaluators: [new EqualsExpected()],
});
const start = performance.now();
const result = await dataset.evaluate(task, { maxConcurrency: a.concurrency ?? a.n, progress: false });
const seconds = (performance.now() - start) / 1000;
report('logfire/evals', a, seconds, stats, { results: result.cases.length });
