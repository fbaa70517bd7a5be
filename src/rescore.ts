/**
 * @module
 * `rescore(run, evaluators?)`: runs evaluators again on the outputs a stored run recorded, without calling
 * the task. The stored cases become a dataset, the task becomes a lookup of the stored output (with the
 * attributes and metrics the task recorded), and the run goes through the normal engine, so the result is
 * an ordinary report, recorded as a new run whose header names the old one (`rescoreOf`).
 *
 * Cases that failed in the stored run stay failures (they have no output to score). Each case reports the
 * stored task duration, and evaluators see it as `ctx.duration` (so `MaxDuration` judges the original
 * run). Span-based evaluators cannot be re-scored: spans are not stored.
 */
import { type Case, Case as CaseClass } from './dataset/case.js';
import { Dataset } from './dataset/dataset.js';
import type { EvaluatorClassLike, ReportEvaluatorClassLike } from './dataset/registry.js';
import { type EvaluateOptions, type TaskContext, validateOptions } from './engine/options.js';
import { makeWorkItem } from './engine/plan.js';
import { TypedEvalsError } from './errors.js';
import { ExperimentRun } from './evaluate.js';
import type { EvaluatorContext } from './evaluators/context.js';
import { Evaluator, type EvaluatorOutput } from './evaluators/evaluator.js';
import type { ReportEvaluator } from './evaluators/report-evaluator.js';
import type { ReportCase } from './report/model.js';
import type { EvaluationReport } from './report/report.js';
import { currentTaskRun, incrementEvalMetric, setEvalAttribute } from './runner/task-run.js';
import { resolveStore } from './store/config.js';
import type { ReplayedCase } from './store/resume.js';
import type { RunHeader, Store, StoredCase } from './store/types.js';
import type { RunEvent, Sink } from './stream/events.js';

export interface RescoreOptions
  extends Pick<
    EvaluateOptions,
    | 'maxConcurrency'
    | 'evaluatorConcurrency'
    | 'retryEvaluators'
    | 'signal'
    | 'progress'
    | 'metadata'
    | 'dataDir'
  > {
  /** Where the run is (and where the new run is recorded): a Store or `{ dataDir }`. Default: the JSONL store. */
  store?: Store | { dataDir?: string };
  /** With `run` = 'latest': the experiment whose newest run to re-score (default: the newest run of all). */
  experiment?: string;
  /** Report name. Default: the stored run's experiment name. */
  name?: string;
  /** Report evaluators for the new report. Default: rebuilt from the stored specs. */
  reportEvaluators?: readonly ReportEvaluator[];
  /** Custom evaluator classes the stored specs may name, to rebuild the evaluators when none are given. */
  evaluatorClasses?: readonly EvaluatorClassLike<any>[];
  reportEvaluatorClasses?: readonly ReportEvaluatorClassLike[];
}

/**
 * Re-scores a stored run (`'latest'` for the newest) with `evaluators`, or with the run's own evaluators
 * rebuilt from their specs. Never calls the task. Resolves with the new report.
 */
export async function rescore(
  run: string,
  evaluators?: readonly Evaluator[],
  options: RescoreOptions = {},
): Promise<EvaluationReport> {
  return (await startRescore(run, evaluators, options)).report();
}

/** `rescore` as an ExperimentRun (iterate it, read its `runId`, abort it). */
export async function startRescore(
  run: string,
  evaluators?: readonly Evaluator[],
  options: RescoreOptions = {},
): Promise<ExperimentRun> {
  const store = resolveStore({ store: options.store ?? true, dataDir: options.dataDir })!;
  const runId = await resolveRunId(store, run, options.experiment);
  const stored = await store.readRun(runId);
  const cases: StoredCase[] = [];
  for await (const c of stored.cases()) cases.push(c);
  cases.sort((a, b) => a.index - b.index);
  const durations = new WeakMap<object, number>();
  const withStoredDuration = (e: Evaluator) => new StoredDuration(e, durations);
  const scored = buildDataset(stored.header, cases, evaluators, options, withStoredDuration);
  const outputs = new Map<string, ReportCase>();
  for (const c of cases) if (!c.failed) outputs.set(c.name, c.result as ReportCase);
  const task = function storedOutput(_inputs: unknown, ctx: TaskContext): unknown {
    const c = outputs.get(ctx.caseName)!;
    for (const [name, value] of Object.entries(c.attributes)) setEvalAttribute(name, value);
    for (const [name, value] of Object.entries(c.metrics)) incrementEvalMetric(name, value);
    const run = currentTaskRun();
    if (run) durations.set(run.attributes, c.taskDuration);
    return c.output;
  };
  const { store: _store, experiment: _experiment, name, ...rest } = options;
  const { reportEvaluators: _r, evaluatorClasses: _e, reportEvaluatorClasses: _c, ...runOptions } = rest;
  const repeat = stored.header.repeat ?? 1;
  const opts = {
    ...runOptions,
    name: name ?? stored.header.experiment,
    taskName: stored.header.task.name,
    taskVersion: stored.header.task.version ?? undefined,
    repeat,
    store,
  };
  validateOptions(task, opts);
  const internals = {
    rescoreOf: runId,
    replay: replayOf(scored, repeat, cases),
    firstSinks: [storedDurations(outputs)],
  };
  return new ExperimentRun(scored, task, opts, internals);
}

/** The id of `run`: itself, or for 'latest' the newest run (of `experiment` when given). */
export async function resolveRunId(
  store: Store,
  run: string,
  experiment: string | undefined,
): Promise<string> {
  if (run !== 'latest') return run;
  const latest = experiment ? await store.latestRun(experiment) : (await store.listRuns())[0];
  if (!latest) {
    const which = experiment ? ` of '${experiment}'` : '';
    throw new TypedEvalsError(`No stored run${which} to re-score in ${store.location}`, 'RUN_NOT_FOUND');
  }
  return latest.runId;
}

/**
 * The stored cases as a dataset (one case per source case); evaluators given, or rebuilt from specs, each
 * passed through `wrap` (case-specific ones too).
 */
function buildDataset(
  header: RunHeader,
  cases: readonly StoredCase[],
  evaluators: readonly Evaluator[] | undefined,
  options: RescoreOptions,
  wrap: (evaluator: Evaluator) => Evaluator,
): Dataset {
  const bySource = new Map<string, StoredCase>();
  for (const c of cases) {
    const source = c.result.sourceCaseName ?? c.name;
    if (!bySource.has(source)) bySource.set(source, c);
  }
  const plain = [...bySource].map(([name, c]) => ({
    name,
    inputs: c.result.inputs,
    metadata: c.result.metadata ?? null,
    expected_output: c.result.expectedOutput ?? null,
    evaluators: evaluators ? [] : c.caseEvaluators,
  }));
  let rebuilt: Dataset;
  try {
    rebuilt = Dataset.fromObject(
      {
        name: header.dataset.name,
        cases: plain,
        evaluators: evaluators ? [] : header.evaluators,
        report_evaluators: options.reportEvaluators ? [] : header.reportEvaluators,
      },
      { evaluators: options.evaluatorClasses, reportEvaluators: options.reportEvaluatorClasses },
    );
  } catch (error) {
    const issues = (error as { issues?: { message: string }[] }).issues;
    const detail = issues ? issues.map((issue) => issue.message).join('; ') : (error as Error).message;
    throw new TypedEvalsError(
      `Cannot rebuild the evaluators of run ${header.runId} from their specs (${detail}). ` +
        'Pass the evaluators: rescore(run, [new MyEvaluator()]), or their classes in evaluatorClasses ' +
        '(CLI: --eval-file).',
      'RESCORE_EVALUATORS',
      { cause: error },
    );
  }
  return new Dataset({
    name: rebuilt.name,
    cases: rebuilt.cases.map((c) => new CaseClass({ ...c, evaluators: c.evaluators.map(wrap) })),
    evaluators: (evaluators ?? rebuilt.evaluators).map(wrap),
    reportEvaluators: options.reportEvaluators ?? rebuilt.reportEvaluators,
  });
}

/** Failed cases are reported as they were; runs missing from the stored run are left out. */
function replayOf(dataset: Dataset, repeat: number, cases: readonly StoredCase[]) {
  const byName = new Map(cases.map((c) => [c.name, c]));
  const replay = new Map<string, ReplayedCase | undefined>();
  dataset.cases.forEach((c: Case, caseIndex) => {
    for (let run = 1; run <= repeat; run++) {
      const item = makeWorkItem(c, caseIndex, run, repeat);
      const { caseName, sourceCaseName } = item;
      const stored = byName.get(caseName);
      if (stored && !stored.failed) continue;
      replay.set(
        caseName,
        stored && { item, result: { ...stored.result, name: caseName, sourceCaseName }, failed: true },
      );
    }
  });
  return replay;
}

/** Reports each re-scored case with its stored task duration (the lookup itself takes none). */
function storedDurations(outputs: ReadonlyMap<string, ReportCase>): Sink {
  return {
    name: 'stored durations',
    events: ['case-end'],
    onEvent(event: RunEvent) {
      if (event.type !== 'case-end' || event.failed) return;
      const stored = outputs.get(event.item.caseName);
      const result = event.result as ReportCase;
      if (!stored || result.taskDuration === stored.taskDuration) return;
      result.totalDuration += stored.taskDuration - result.taskDuration;
      result.taskDuration = stored.taskDuration;
    },
  };
}

/** An evaluator that sees the stored task duration as `ctx.duration`. */
class StoredDuration extends Evaluator {
  readonly #inner: Evaluator;
  readonly #durations: WeakMap<object, number>;

  constructor(inner: Evaluator, durations: WeakMap<object, number>) {
    super(inner.options);
    this.#inner = inner;
    this.#durations = durations;
  }

  override get evaluatorName(): string {
    return this.#inner.evaluatorName;
  }

  override get evaluationName(): string {
    return this.#inner.evaluationName;
  }

  override toSpec() {
    return this.#inner.toSpec();
  }

  evaluate(ctx: EvaluatorContext): EvaluatorOutput | Promise<EvaluatorOutput> {
    const duration = this.#durations.get(ctx.attributes);
    if (duration === undefined) return this.#inner.evaluate(ctx);
    const seen = Object.create(ctx, { duration: { value: duration, enumerable: true } }) as EvaluatorContext;
    return this.#inner.evaluate(seen);
  }
}
