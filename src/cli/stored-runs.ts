/**
 * @module
 * The run store as the CLI uses it: the store of `--data-dir` (else TYPED_EVALS_DATA_DIR, else
 * `.typed-evals` here), stored runs read back as reports (the baseline of the default comparison with
 * the previous run), and the notices printed about them.
 */

import type { ReportCase, ReportCaseFailure } from '../report/model.js';
import { EvaluationReport } from '../report/report.js';
import { resolveDataDir } from '../store/config.js';
import { JsonlStore } from '../store/jsonl-store.js';
import type { RunInfo, Store } from '../store/types.js';

export function cliStore(dataDir: string | undefined): JsonlStore {
  return new JsonlStore(resolveDataDir(dataDir));
}

/** A stored run as a report (cases in plan order). */
export async function storedRunReport(store: Store, runId: string): Promise<EvaluationReport> {
  const run = await store.readRun(runId);
  const stored = [];
  for await (const c of run.cases()) stored.push(c);
  stored.sort((a, b) => a.index - b.index);
  return new EvaluationReport({
    name: run.header.experiment,
    cases: stored.filter((c) => !c.failed).map((c) => c.result as ReportCase),
    failures: stored.filter((c) => c.failed).map((c) => c.result as ReportCaseFailure),
    experimentMetadata: run.header.metadata ?? undefined,
    aborted: run.footer?.aborted ?? true,
  });
}

/** The newest complete run of an experiment, as the baseline to compare a new run with. */
export async function previousRun(
  store: Store,
  experiment: string,
): Promise<{ info: RunInfo; report: EvaluationReport } | undefined> {
  const info = await store.latestRun(experiment, { complete: true });
  if (!info) return undefined;
  return { info, report: await storedRunReport(store, info.runId) };
}

/** `20260512-072012-345-a3f9c2 (2026-05-12 07:20)`: a run for notices. */
export function describeRun(info: Pick<RunInfo, 'runId' | 'startedAt'>): string {
  return `${info.runId} (${info.startedAt.slice(0, 16).replace('T', ' ')})`;
}
