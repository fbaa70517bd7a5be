/**
 * @module
 * The store's part of one experiment run, as evaluate.ts wires it: the run file and its sink, the plan
 * skip of a resumed run (finished cases are reported from the store instead of running), and the task
 * wrapped by the task-output cache. The engine and runner never see any of it.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { CaseSource } from '../dataset/dataset.js';
import type { RunOptions, Task } from '../engine/options.js';
import type { PlanSkip } from '../engine/plan.js';
import type { Evaluator, EvaluatorSpec } from '../evaluators/evaluator.js';
import type { ReportEvaluator } from '../evaluators/report-evaluator.js';
import { scrub } from '../otel/attributes.js';
import type { EvaluationReport } from '../report/report.js';
import type { WorkItem } from '../runner/types.js';
import type { RunEvent, Sink } from '../stream/events.js';
import { toJsonSafe } from '../util/json-safe.js';
import { dataDirOf, headerOptions, resolveStore } from './config.js';
import { gitCommit } from './git.js';
import { planResume, type ReplayedCase, type ResumePlan, type RunIdentity } from './resume.js';
import { StoreSink } from './store-sink.js';
import { withTaskCache } from './task-cache.js';
import type { RunFooter, RunWriter } from './types.js';
import { jsonable } from './values.js';

export interface SessionInput {
  options: RunOptions;
  experiment: string;
  taskName: string;
  task: Task;
  datasetName: string;
  evaluators: readonly Evaluator[];
  reportEvaluators: readonly ReportEvaluator[];
  source: CaseSource;
  /** Set by `rescore`. */
  rescoreOf?: string;
  /** Items reported from elsewhere instead of running (`rescore`); `undefined` values: left out. */
  replay?: Map<string, ReplayedCase | undefined>;
}

export class StoreSession {
  /** The task to run: the user's, or the same behind the task cache. */
  readonly task: Task;
  readonly sink: Sink | undefined;
  readonly #writer: RunWriter | undefined;
  readonly #replay: Map<string, ReplayedCase | undefined> | undefined;
  readonly #started = performance.now();

  private constructor(
    task: Task,
    writer: RunWriter | undefined,
    replay: Map<string, ReplayedCase | undefined> | undefined,
  ) {
    this.task = task;
    this.#writer = writer;
    this.#replay = replay && replay.size > 0 ? replay : undefined;
    this.sink = writer ? new StoreSink(writer, this.#replay) : undefined;
  }

  /** Undefined when neither the store nor the cache is on (the common library case: nothing to do). */
  static async open(input: SessionInput): Promise<StoreSession | undefined> {
    const { options } = input;
    const store = resolveStore(options);
    const cacheOn = options.cache?.task === true;
    if (!store && !cacheOn && !input.replay) return undefined;
    const task = cacheOn
      ? withTaskCache(input.task, {
          dir: join(dataDirOf(options), 'cache'),
          taskName: input.taskName,
          taskVersion: options.taskVersion,
          repeat: options.repeat ?? 1,
        })
      : input.task;
    if (!store) return new StoreSession(task, undefined, input.replay);
    const identity = identityOf(input);
    const resume =
      options.resume === undefined
        ? undefined
        : await planResume(store, options.resume, identity, input.source, options);
    const writer = await store.startRun(headerInit(input, identity, resume));
    const replay = input.replay ?? resume?.replay;
    const carried = [...(replay?.values() ?? [])].filter((r) => r !== undefined).sort(byIndex);
    for (const entry of carried) writer.append(entry);
    return new StoreSession(task, writer, replay);
  }

  /** The id of the run being recorded. */
  get runId(): string | undefined {
    return this.#writer?.runId;
  }

  /** The plan skip of a resumed run: each carried-over case is reported (start, end) in its turn. */
  planSkip(emit: (event: RunEvent) => void, emitsCaseStart: boolean): PlanSkip | undefined {
    const replay = this.#replay;
    if (!replay) return undefined;
    return {
      skips: (caseName) => replay.has(caseName),
      onSkip: (item: WorkItem) => {
        const carried = replay.get(item.caseName);
        if (!carried) return;
        if (emitsCaseStart) emit({ type: 'case-start', item });
        emit({ type: 'case-end', item, result: carried.result, failed: carried.failed });
      },
    };
  }

  /** Writes the footer from the finished (maybe partial) report. */
  async finish(report: EvaluationReport): Promise<void> {
    // A writer that kept the averages as it wrote (no repeats) saves walking the report again.
    const writer = this.#writer;
    const averages = writer?.averages && !report.summary ? writer.averages() : report.averages();
    await writer?.finish({
      ...this.#footerBase(),
      caseCount: report.caseCount,
      failureCount: report.failureCount,
      averages: (toJsonSafe(averages) as RunFooter['averages']) ?? null,
      assertionPassRate: averages?.assertions ?? null,
      aborted: report.aborted,
    });
  }

  /** Writes a footer for a run that stopped with an error (e.g. a streamed dataset file went bad). */
  async fail(error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.#writer?.finish({
      ...this.#footerBase(),
      caseCount: 0,
      failureCount: 0,
      averages: null,
      assertionPassRate: null,
      aborted: true,
      error: scrub(message) as string,
    });
  }

  #footerBase(): Pick<RunFooter, 'endedAt' | 'durationSeconds' | 'error'> {
    const durationSeconds = (performance.now() - this.#started) / 1000;
    return { endedAt: new Date().toISOString(), durationSeconds, error: null };
  }
}

function byIndex(a: ReplayedCase, b: ReplayedCase): number {
  return a.item.index - b.item.index;
}

function identityOf(input: SessionInput): RunIdentity {
  const { options } = input;
  return {
    experiment: input.experiment,
    datasetName: input.datasetName,
    taskName: input.taskName,
    taskVersion: options.taskVersion,
    evaluators: specsOf(input.evaluators),
    repeat: options.repeat ?? 1,
  };
}

/** Evaluator specs as stored: JSON-safe, secrets scrubbed. */
function specsOf(list: readonly { toSpec(): EvaluatorSpec }[]): EvaluatorSpec[] {
  return jsonable(list.map((e) => e.toSpec())) as EvaluatorSpec[];
}

function headerInit(input: SessionInput, identity: RunIdentity, resume: ResumePlan | undefined) {
  const { options } = input;
  return {
    experiment: input.experiment,
    dataset: { name: input.datasetName, size: input.source.size ?? null },
    task: { name: input.taskName, version: options.taskVersion ?? null },
    evaluators: identity.evaluators,
    reportEvaluators: specsOf(input.reportEvaluators),
    options: headerOptions(options),
    repeat: identity.repeat,
    metadata: jsonable(options.metadata) as Record<string, unknown> | null,
    gitCommit: gitCommit(),
    startedAt: new Date().toISOString(),
    pid: process.pid,
    host: hostname(),
    resumeOf: resume?.from.runId ?? null,
    rescoreOf: input.rescoreOf ?? null,
  };
}
