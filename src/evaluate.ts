import type { CaseSource, Dataset } from './dataset/dataset.js';
import { runEngine, toAbortError } from './engine/engine.js';
import {
  type EvaluateOptions,
  type LimiterLike,
  type RunOptions,
  type Task,
  validateOptions,
} from './engine/options.js';
import type { Evaluator } from './evaluators/evaluator.js';
import { tracerProviderMaybeRegistered } from './otel/detect.js';
import type { CaseResult } from './report/model.js';
import { EvaluationReport } from './report/report.js';
import type { ExperimentInstrumentation } from './runner/instrumentation.js';
import { runReportEvaluators } from './runner/run-report-evaluators.js';
import { ListenerProgress, TerminalProgress } from './sinks/progress.js';
import { ReportBuilder } from './sinks/report-builder.js';
import type { ReplayedCase } from './store/resume.js';
import { StoreSession } from './store/session.js';
import { EventBus, type RunEvent, type Sink } from './stream/events.js';

/**
 * The wiring of one experiment: engine → event bus → sinks (report builder, progress, the iterator of
 * `run()`), then report evaluators over the built report. Scheduling lives in engine/, case execution in
 * runner/, aggregation in sinks/ and report/.
 */
export function evaluateDataset<I, O, M>(
  dataset: Dataset<I, any, M>,
  task: Task<I, O>,
  options: EvaluateOptions<I, any, M>,
): Promise<EvaluationReport<I, O, M>> {
  try {
    return runDataset(dataset, task, options).report();
  } catch (error) {
    return Promise.reject(error);
  }
}

export function runDataset<I, O, M>(
  dataset: Dataset<I, any, M>,
  task: Task<I, O>,
  options: RunOptions<I, any, M>,
): ExperimentRun<I, O, M> {
  validateOptions(task, options);
  return new ExperimentRun(dataset, task, options);
}

/** Per-case results buffered for a slow `for await` consumer before dispatch pauses. */
const ITERATOR_HIGH_WATER = 256;

/** What `rescore` adds to a run: the run it re-scores, and results reported instead of running. */
export interface RunInternals {
  rescoreOf?: string;
  /** Report names not to run: each value is reported in its place (`undefined`: left out). */
  replay?: Map<string, ReplayedCase | undefined>;
  /** Sinks placed before the others (they may adjust a result before the rest see it). */
  firstSinks?: Sink[];
}

/**
 * A started (on first use) experiment: iterate it for results in completion order, or await `report()`.
 * The run starts when either is first called; an iterator sees the results produced after it was
 * created. Leaving a `for await` loop early stops the run as an abort does.
 */
export class ExperimentRun<Inputs = any, Output = any, Metadata = any>
  implements AsyncIterable<CaseResult<Inputs, Output, Metadata>>
{
  readonly #dataset: Dataset<Inputs, any, Metadata>;
  readonly #task: Task<Inputs, Output>;
  readonly #options: RunOptions<Inputs, any, Metadata>;
  readonly #internals: RunInternals;
  readonly #stop = new AbortController();
  #session: StoreSession | undefined;
  #report: Promise<EvaluationReport<Inputs, Output, Metadata>> | undefined;
  #queue: CaseResult<Inputs, Output, Metadata>[] = [];
  #iterating = false;
  #finished = false;
  #wakeConsumer: (() => void) | undefined;
  #wakeProducer: (() => void) | undefined;

  constructor(
    dataset: Dataset<Inputs, any, Metadata>,
    task: Task<Inputs, Output>,
    options: RunOptions<Inputs, any, Metadata>,
    internals: RunInternals = {},
  ) {
    this.#dataset = dataset;
    this.#task = task;
    this.#options = options;
    this.#internals = internals;
    // An abort (the user's signal or abort()) must free a dispatcher held back by a lagging consumer.
    this.#stop.signal.addEventListener('abort', () => this.#wakeProducer?.(), { once: true });
  }

  /** The id of the stored run (with `store` on), once the run has started; else undefined. */
  get runId(): string | undefined {
    return this.#session?.runId;
  }

  /** The final report (partial with `aborted: true` after an abort). */
  report(): Promise<EvaluationReport<Inputs, Output, Metadata>> {
    this.#report ??= this.#execute();
    return this.#report;
  }

  /** Stops the run: no new case starts; running tasks see their signal abort. */
  abort(reason?: unknown): void {
    this.#stop.abort(toAbortError(reason));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CaseResult<Inputs, Output, Metadata>> {
    this.#iterating = true;
    const done = this.report();
    let completed = false;
    try {
      for (;;) {
        const next = this.#queue.shift();
        if (next !== undefined) {
          if (this.#queue.length < ITERATOR_HIGH_WATER / 2) this.#wakeProducer?.();
          yield next;
          continue;
        }
        if (this.#finished) break;
        await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
      }
      completed = true;
      await done;
    } finally {
      this.#iterating = false;
      this.#wakeProducer?.();
      if (!completed) this.abort('the result iterator was closed');
    }
  }

  async #execute(): Promise<EvaluationReport<Inputs, Output, Metadata>> {
    const options = this.#options;
    const taskName = options.taskName ?? (this.#task.name || 'task');
    const name = options.name ?? taskName;
    const source = this.#dataset.caseSource();
    const session = await this.#openSession(name, taskName, source);
    const builder = new ReportBuilder(options.keepResults !== false, options.repeat ?? 1);
    const bus = new EventBus([
      ...(this.#internals.firstSinks ?? []),
      builder,
      this.#iteratorSink(),
      ...progressSinks(options, name, this.#dataset.evaluators),
      ...(session?.sink ? [session.sink] : []),
    ]);
    // One global lookup when OpenTelemetry is not set up; its code is loaded only when it is.
    const tracing = tracerProviderMaybeRegistered()
      ? await startTracing(name, taskName, this.#dataset.name, source.size, options)
      : undefined;
    let aborted: boolean;
    try {
      ({ aborted } = await runEngine({
        name,
        source,
        task: session?.task ?? this.#task,
        evaluators: this.#dataset.evaluators,
        options,
        emit: bus.emit,
        emitsCaseStart: bus.listens('case-start'),
        stop: this.#stop,
        backpressure: this.#backpressure,
        instrumentation: tracing,
        skip: session?.planSkip(bus.emit, bus.listens('case-start')),
      }));
    } catch (error) {
      tracing?.end(undefined, error);
      await session?.fail(error);
      throw error;
    } finally {
      this.#finished = true;
      this.#wakeConsumer?.();
    }
    const report = this.#buildReport(name, builder, aborted, tracing);
    await session?.finish(report);
    const reportEvaluators = this.#dataset.reportEvaluators;
    await (tracing
      ? tracing.runReportEvaluators(reportEvaluators, report)
      : runReportEvaluators(reportEvaluators, report));
    tracing?.end(report);
    return report;
  }

  /** The run store, resume and task cache (undefined when none is on: the default). */
  async #openSession(name: string, taskName: string, source: CaseSource): Promise<StoreSession | undefined> {
    const options = this.#options;
    const { replay, rescoreOf } = this.#internals;
    if (!options.store && options.resume === undefined && !options.cache?.task && !replay) return undefined;
    try {
      this.#session = await StoreSession.open({
        options,
        experiment: name,
        taskName,
        task: this.#task,
        datasetName: this.#dataset.name,
        evaluators: this.#dataset.evaluators,
        reportEvaluators: this.#dataset.reportEvaluators,
        source: options.resume === undefined ? source : this.#dataset.caseSource(),
        rescoreOf,
        replay,
      });
    } catch (error) {
      // Nothing will run (e.g. the stored run does not match): release a waiting result iterator.
      this.#finished = true;
      this.#wakeConsumer?.();
      throw error;
    }
    return this.#session;
  }

  #buildReport(
    name: string,
    builder: ReportBuilder,
    aborted: boolean,
    tracing: ExperimentInstrumentation | undefined,
  ): EvaluationReport<Inputs, Output, Metadata> {
    const lists = builder.keepsResults ? builder.results() : undefined;
    return new EvaluationReport<Inputs, Output, Metadata>({
      name,
      cases: lists?.cases as never,
      failures: lists?.failures as never,
      experimentMetadata: this.#options.metadata,
      aborted,
      summary: lists ? undefined : builder.summary(),
      traceId: tracing?.traceId,
      spanId: tracing?.spanId,
    });
  }

  #iteratorSink(): Sink {
    return {
      name: 'result iterator',
      events: ['case-end'],
      onEvent: (event: RunEvent) => {
        if (event.type !== 'case-end' || !this.#iterating) return;
        this.#queue.push(event.result as CaseResult<Inputs, Output, Metadata>);
        const wake = this.#wakeConsumer;
        this.#wakeConsumer = undefined;
        wake?.();
      },
    };
  }

  /** Called before each case starts (a bound function: no wrapper call per case). */
  readonly #backpressure = (): Promise<void> | undefined => {
    if (!this.#iterating || this.#stop.signal.aborted || this.#queue.length < ITERATOR_HIGH_WATER)
      return undefined;
    return new Promise<void>((resolve) => (this.#wakeProducer = resolve));
  };
}

/** Opens the experiment span (undefined when the registered provider is a no-op one). */
async function startTracing(
  name: string,
  taskName: string,
  datasetName: string,
  caseCount: number | undefined,
  options: RunOptions,
): Promise<ExperimentInstrumentation | undefined> {
  const { startExperimentTracing } = await import('./otel/experiment.js');
  const { repeat = 1, metadata } = options;
  return startExperimentTracing({ name, taskName, datasetName, caseCount, repeat, metadata });
}

function progressSinks(options: RunOptions, label: string, evaluators: readonly Evaluator[]): Sink[] {
  const { progress } = options;
  const limiters = progressLimiters(options, evaluators);
  if (typeof progress === 'function') return [new ListenerProgress(progress, limiters)];
  const enabled = progress ?? (process.stderr.isTTY === true && !process.env.CI);
  return enabled && process.stderr.isTTY ? [new TerminalProgress(label, process.stderr, limiters)] : [];
}

/** The run's limiters: those listed in `limiters`, then those the evaluators (LLM judges) were given. */
function progressLimiters(options: RunOptions, evaluators: readonly Evaluator[]): LimiterLike[] {
  const found = new Set<LimiterLike>(options.limiters ?? []);
  for (const e of evaluators) {
    const limiter = (e.options as { limiter?: unknown }).limiter as LimiterLike | undefined;
    if (typeof limiter?.stats === 'function') found.add(limiter);
  }
  return [...found];
}
