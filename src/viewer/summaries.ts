/**
 * @module
 * The runs list, the experiments list and a run's page data, built from `RunInfo`, the footer's
 * averages (finished runs) or the run's index (runs without a footer: running or crashed).
 */
import type { RunFooter, RunInfo, Store } from '../store/types.js';
import type { ExperimentSummary, RunDetail, RunSummary } from './api-types.js';
import type { IndexedRun, RunCache } from './run-cache.js';
import type { RunIndex } from './run-index.js';

export function runSummary(info: RunInfo, footer: RunFooter | undefined, index?: RunIndex): RunSummary {
  const live = footer === undefined && index !== undefined;
  return {
    runId: info.runId,
    experiment: info.experiment,
    datasetName: info.datasetName,
    taskName: info.taskName,
    startedAt: info.startedAt,
    endedAt: info.endedAt,
    durationSeconds: info.durationSeconds,
    caseCount: live ? index.size - index.counts().error : info.caseCount,
    failureCount: live ? index.counts().error : info.failureCount,
    passRate: info.assertionPassRate ?? index?.passRate() ?? null,
    scores: finiteValues(footer?.averages?.scores ?? index?.meanScores() ?? {}),
    gitCommit: info.gitCommit,
    status: info.status,
    resumeOf: info.resumeOf,
    rescoreOf: info.rescoreOf,
  };
}

/** Summaries of every run (newest first), reusing the previous answer for runs that did not change. */
export class RunList {
  readonly #store: Store;
  readonly #cache: RunCache;
  readonly #known = new Map<string, { version: string; summary: RunSummary }>();

  constructor(store: Store, cache: RunCache) {
    this.#store = store;
    this.#cache = cache;
  }

  async runs(experiment?: string): Promise<RunSummary[]> {
    const infos = await this.#store.listRuns(experiment === undefined ? {} : { experiment });
    const summaries: RunSummary[] = [];
    for (const info of infos) summaries.push(await this.#summary(info));
    if (experiment === undefined) {
      const present = new Set(infos.map((info) => info.runId));
      for (const runId of this.#known.keys()) if (!present.has(runId)) this.#known.delete(runId);
    }
    return summaries;
  }

  async #summary(info: RunInfo): Promise<RunSummary> {
    const version = await this.#cache.version(info.runId).catch(() => undefined);
    const known = this.#known.get(info.runId);
    if (known && version !== undefined && known.version === version && known.summary.status === info.status) {
      return known.summary;
    }
    const summary = await this.#fresh(info);
    if (version !== undefined) this.#known.set(info.runId, { version, summary });
    return summary;
  }

  /** A finished run from its footer (cheap); a run without a footer from its index (it is read). */
  async #fresh(info: RunInfo): Promise<RunSummary> {
    try {
      if (info.status === 'complete' || info.status === 'aborted') {
        const run = await this.#store.readRun(info.runId);
        return runSummary(run.info, run.footer);
      }
      const run = await this.#cache.get(info.runId);
      return runSummary(run.info, run.footer, run.index);
    } catch {
      return runSummary(info, undefined);
    }
  }
}

/** Runs grouped by experiment, the experiment of the newest run first. */
export function experimentsOf(runs: readonly RunSummary[]): ExperimentSummary[] {
  const byName = new Map<string, ExperimentSummary>();
  for (const run of runs) {
    const known = byName.get(run.experiment);
    if (known) {
      known.runCount++;
      if (run.startedAt > known.latest.startedAt) known.latest = run;
    } else byName.set(run.experiment, { name: run.experiment, runCount: 1, latest: run });
  }
  return [...byName.values()].sort((a, b) => (a.latest.startedAt < b.latest.startedAt ? 1 : -1));
}

export function runDetail(run: IndexedRun): RunDetail {
  const { header, footer, index } = run;
  return {
    summary: runSummary(run.info, footer, index),
    dataset: { name: header.dataset?.name ?? '', size: header.dataset?.size ?? null },
    task: { name: header.task?.name ?? '', version: header.task?.version ?? null },
    evaluators: header.evaluators ?? [],
    reportEvaluators: header.reportEvaluators ?? [],
    options: header.options ?? {},
    metadata: header.metadata ?? null,
    repeat: header.repeat ?? 1,
    host: header.host ?? '',
    error: footer?.error ?? null,
    columns: index.columns(),
    counts: index.counts(),
    evaluatorFailureCount: index.evaluatorFailureCount(),
    histograms: index.histograms(),
    indexedCases: index.size,
  };
}

function finiteValues(record: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) if (Number.isFinite(value)) out[key] = value;
  return out;
}
