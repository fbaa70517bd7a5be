/**
 * Quick start: evaluate the ticket triager on tickets.yaml, offline and deterministic.
 *
 *   npx typed-evals run examples/quickstart
 *   npx typed-evals run examples/quickstart --include-reasons --filter 'pass*' --json report.json
 */
import { defineExperiment } from 'typed-evals';
import { codeEvaluators, options, reportEvaluators, triageTicket } from './shared.js';

export default defineExperiment({
  name: 'rules-v1',
  datasetFile: 'tickets.yaml',
  task: triageTicket,
  evaluators: codeEvaluators(),
  reportEvaluators: reportEvaluators(),
  options,
});
