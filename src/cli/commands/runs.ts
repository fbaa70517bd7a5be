/**
 * @module
 * `typed-evals runs [--experiment name] [--json]`: the stored runs, newest first, one line each: id,
 * experiment, start time, cases, failures, assertion pass rate, duration, git commit and status.
 */
import type { RunInfo } from '../../store/types.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { percent } from '../gates.js';
import { cliStore } from '../stored-runs.js';
import { formatSeconds } from '../summary.js';
import { printErr, printOut } from '../terminal.js';

export interface RunsFlags {
  experiment?: string;
  json?: boolean;
  dataDir?: string;
}

export async function runsCommand(flags: RunsFlags): Promise<ExitCode> {
  const store = cliStore(flags.dataDir);
  const runs = await store.listRuns({ experiment: flags.experiment });
  if (flags.json) {
    printOut(JSON.stringify(runs, null, 2));
    return EXIT.ok;
  }
  if (runs.length === 0) {
    const which = flags.experiment ? ` of '${flags.experiment}'` : '';
    printErr(`No stored runs${which} in ${store.location}`);
    return EXIT.ok;
  }
  for (const line of runsTable(runs)) printOut(line);
  return EXIT.ok;
}

const HEADINGS = [
  'run',
  'experiment',
  'started (UTC)',
  'cases',
  'failures',
  'pass rate',
  'duration',
  'commit',
  'status',
];
/** Columns aligned to the right (numbers). */
const NUMERIC = new Set([3, 4, 5, 6]);

/** The table as lines: a heading, then one line per run; columns padded to their widest cell. */
export function runsTable(runs: readonly RunInfo[]): string[] {
  const rows = runs.map((run) => [
    run.runId,
    run.experiment,
    run.startedAt.slice(0, 19).replace('T', ' '),
    String(run.caseCount + run.failureCount),
    String(run.failureCount),
    run.assertionPassRate === null ? '-' : percent(run.assertionPassRate),
    run.durationSeconds === null ? '-' : formatSeconds(run.durationSeconds),
    run.gitCommit?.slice(0, 7) ?? '-',
    status(run),
  ]);
  const widths = HEADINGS.map((heading, i) => Math.max(heading.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (NUMERIC.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(HEADINGS), ...rows.map(line)];
}

function status(run: RunInfo): string {
  if (run.resumeOf) return `${run.status}, resumes ${run.resumeOf}`;
  if (run.rescoreOf) return `${run.status}, rescores ${run.rescoreOf}`;
  return run.status;
}
