/**
 * @module
 * `typed-evals validate <files...>`: loads dataset files (YAML, JSON, JSONL) and prints every problem as
 * `file:line:col: message`. Eval files are accepted too: they are imported and the dataset files their
 * experiments name are loaded with the evaluator classes the experiments register.
 */
import { resolve } from 'node:path';
import { Dataset } from '../../dataset/dataset.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { describeLoadError, displayPath, loadExperiments } from '../load.js';
import { printOut, stdoutStyle } from '../terminal.js';

const EVAL_FILE = /\.(ts|mts|js|mjs)$/;

export async function validateCommand(files: readonly string[]): Promise<ExitCode> {
  const cwd = process.cwd();
  const { ascii } = stdoutStyle(undefined);
  let problems = 0;
  for (const file of files) {
    const lines = EVAL_FILE.test(file) ? await checkEvalFile(file, cwd) : checkDatasetFile(file);
    if (lines.ok) {
      printOut(`${ascii ? 'v' : '✔'} ${file}: ${lines.summary}`);
    } else {
      problems += lines.problems.length;
      for (const line of lines.problems) printOut(line);
    }
  }
  if (problems > 0) {
    printOut();
    printOut(`${problems} ${problems === 1 ? 'problem' : 'problems'} found.`);
    return EXIT.usage;
  }
  return EXIT.ok;
}

type Outcome = { ok: true; summary: string } | { ok: false; problems: readonly string[] };

function checkDatasetFile(file: string): Outcome {
  try {
    const dataset = Dataset.fromFile(file);
    const n = dataset.cases.length;
    return { ok: true, summary: `dataset '${dataset.name}', ${n} ${n === 1 ? 'case' : 'cases'}` };
  } catch (error) {
    return { ok: false, problems: describeLoadError(file, error) };
  }
}

async function checkEvalFile(file: string, cwd: string): Promise<Outcome> {
  try {
    const experiments = await loadExperiments([resolve(cwd, file)], cwd);
    const names = experiments.map((e) => e.name).join(', ');
    return { ok: true, summary: `${experiments.length === 1 ? 'experiment' : 'experiments'} ${names}` };
  } catch (error) {
    if (error instanceof CliError) return { ok: false, problems: error.details };
    return { ok: false, problems: [`${displayPath(resolve(cwd, file), cwd)}: ${String(error)}`] };
  }
}
