// Braintrust Eval() with autoevals' ExactMatch, in no-send mode (nothing leaves the machine).
import { ExactMatch } from 'autoevals';
import { Eval } from 'braintrust';
import { args, countingTask, report, rows } from './shared.mjs';

const a = args();
const { task, stats } = countingTask(a.sleepMs);
const data = rows(a.n).map((r) => ({ input: r.input, expected: r.expected }));
const log = console.log;
console.log = () => {}; // Eval prints its own summary table; keep stdout for our JSON line
const start = performance.now();
const result = await Eval(
  'bench',
  { data, task, scores: [ExactMatch], maxConcurrency: a.concurrency ?? a.n },
  { noSendLogs: true, enableCache: false },
);
const seconds = (performance.now() - start) / 1000;
console.log = log;
report('braintrust', a, seconds, stats, { results: result.results.length });
