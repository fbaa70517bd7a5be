/**
 * The quick start from code, without the CLI: the same dataset file, task and evaluators as
 * quickstart.eval.ts.
 *
 *   npx tsx --conditions=typed-evals-source examples/quickstart/run.ts
 */
import { fileURLToPath } from 'node:url';
import { Dataset } from 'typed-evals';
import { codeEvaluators, options, reportEvaluators, triageTicket } from './shared.js';
import type { Ticket, Triage } from './triage.js';

const dataset = Dataset.fromFile<Ticket, Triage>(fileURLToPath(new URL('tickets.yaml', import.meta.url)), {
  // Instances given here are added after the file's evaluators.
  evaluators: codeEvaluators(),
  reportEvaluators: reportEvaluators(),
});

const report = await dataset.evaluate(triageTicket, { name: 'rules-v1', ...options });
report.print({ includeReasons: true });
const averages = report.averages();
console.log(
  `\n${report.cases.length} cases, ${report.failures.length} failures, assertion pass rate ${((averages?.assertions ?? 0) * 100).toFixed(1)}%`,
);
