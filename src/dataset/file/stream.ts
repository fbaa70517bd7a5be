import { statSync } from 'node:fs';
import { TypedEvalsError } from '../../errors.js';
import { Case } from '../case.js';
import type { BatchedCases, CaseSource, Dataset } from '../dataset.js';
import { type DatasetIssue, DatasetLoadError, formatIssue, IssueList } from './errors.js';
import { fileStem, toFilePath } from './format.js';
import { isBlankLine, placeInLine, readJsonlLine } from './jsonl.js';
import { type LoadOptions, readContext } from './load.js';
import type { ReadContext } from './read-dataset.js';
import { LineSplitter, readChunks } from './read-lines.js';
import { type DatasetSchema, validateCaseValuesAsync } from './validate.js';

export interface StreamOptions<Inputs = any, Output = any, Metadata = any>
  extends LoadOptions<Inputs, Output, Metadata> {
  /** Default: the file name without extension. */
  name?: string;
  /**
   * What a line that is not a valid case does: `'error'` stops the run with a DatasetLoadError naming
   * the line; `'skip'` leaves it out, keeps it in `skippedLines` and warns once at the end of the file.
   * @default 'error'
   */
  onInvalidLine?: 'skip' | 'error';
}

/** A dataset read lazily from a JSONL file as the engine pulls cases; it has no `cases` array. */
export interface StreamingDataset<Inputs = any, Output = any, Metadata = any>
  extends Dataset<Inputs, Output, Metadata> {
  readonly path: string;
  /** Invalid lines skipped by the last pass over the file (the first 1000). */
  readonly skippedLines: readonly DatasetIssue[];
  /** How many lines the last pass skipped. */
  readonly skippedLineCount: number;
}

const KEPT_SKIPPED_LINES = 1000;

type DatasetClass = typeof Dataset;
let StreamingClass: ReturnType<typeof defineStreamingDataset> | undefined;

/** Opens a JSONL dataset for streaming (the file is read when a run pulls cases). */
export function openStream<I, O, M>(
  Base: DatasetClass,
  file: string | URL,
  options: StreamOptions<I, O, M> = {},
): StreamingDataset<I, O, M> {
  const path = toFilePath(file);
  const { onInvalidLine } = options;
  if (onInvalidLine !== undefined && onInvalidLine !== 'skip' && onInvalidLine !== 'error') {
    throw new TypedEvalsError(
      `onInvalidLine must be 'skip' or 'error', got ${String(onInvalidLine)}`,
      'INVALID_OPTION',
    );
  }
  try {
    statSync(path);
  } catch (error) {
    const issue = { path: '', message: 'File not found', file: path };
    throw new DatasetLoadError([issue], { file: path, cause: error });
  }
  StreamingClass ??= defineStreamingDataset(Base);
  return new StreamingClass(path, options) as unknown as StreamingDataset<I, O, M>;
}

/** The subclass is made on first use, so that this module does not need Dataset while modules load. */
function defineStreamingDataset(Base: DatasetClass) {
  return class StreamingDatasetImpl extends Base {
    readonly path: string;
    readonly #reader: JsonlCaseReader;

    constructor(path: string, options: StreamOptions) {
      const context = readContext({ ...options, schema: undefined });
      super({
        name: options.name ?? fileStem(path),
        evaluators: context.extra.evaluators,
        reportEvaluators: context.extra.reportEvaluators,
        schema: options.schema,
      });
      this.path = path;
      this.#reader = new JsonlCaseReader(path, context, options.schema, options.onInvalidLine === 'skip');
    }

    override get cases(): never {
      throw new TypedEvalsError(
        `Dataset '${this.name}' is streamed from ${this.path} and has no cases array; ` +
          'run it, or load it whole with Dataset.fromFile',
        'STREAMED_DATASET',
      );
    }

    override addCase(): never {
      throw new TypedEvalsError(
        `Cases cannot be added to the streamed dataset '${this.name}'`,
        'STREAMED_DATASET',
      );
    }

    get skippedLines(): readonly DatasetIssue[] {
      return this.#reader.skipped;
    }

    get skippedLineCount(): number {
      return this.#reader.skippedCount;
    }

    override caseSource(): CaseSource {
      const reader = this.#reader;
      const cases: BatchedCases = {
        batches: () => reader.batches(),
        [Symbol.asyncIterator]: () => reader.cases(),
      };
      return { cases, size: undefined };
    }
  };
}

/** Reads the cases of a JSONL file, one pass per call of `cases()` or `batches()`. */
class JsonlCaseReader {
  skipped: DatasetIssue[] = [];
  skippedCount = 0;

  constructor(
    readonly path: string,
    readonly context: ReadContext,
    readonly schema: DatasetSchema | undefined,
    readonly skipInvalid: boolean,
  ) {}

  async *cases(): AsyncGenerator<Case> {
    for await (const batch of this.batches()) yield* batch;
  }

  /**
   * The cases of each chunk read, as one array. A bad line (when fatal) ends the pass after the cases
   * before it have been handed out, as a case-by-case reader would.
   */
  async *batches(): AsyncGenerator<readonly Case[]> {
    this.skipped = [];
    this.skippedCount = 0;
    const lines = new LineSplitter();
    for await (const chunk of readChunks(this.path)) {
      yield* this.#readBatch(lines, lines.push(chunk));
    }
    yield* this.#readBatch(lines, lines.end());
    if (this.skippedCount > 0) this.#warnSkipped();
  }

  /** Reads `first` and the lines after it in the splitter's current chunk. */
  async *#readBatch(lines: LineSplitter, first: string | undefined): AsyncGenerator<readonly Case[]> {
    const batch: Case[] = [];
    try {
      for (let line = first; line !== undefined; line = lines.next()) {
        let c = this.#readLine(line, lines.lineNumber);
        if (c instanceof Promise) c = await c;
        if (c) batch.push(c);
      }
    } catch (error) {
      if (batch.length > 0) yield batch;
      throw error;
    }
    if (batch.length > 0) yield batch;
  }

  /** The line's case, undefined for a blank or skipped line; a promise only with a schema. */
  #readLine(line: string, lineNumber: number): Case | undefined | Promise<Case | undefined> {
    if (isBlankLine(line)) return undefined;
    const read = readJsonlLine(line, lineNumber, this.context, this.path);
    if (read.issues.length > 0 || !read.case) return this.#invalid(read.issues);
    if (!this.schema) return new Case(read.case);
    const issues = new IssueList();
    return validateCaseValuesAsync(read.case, this.schema, [], issues).then((values) => {
      if (values) return new Case(values);
      return this.#invalid(issues.items.map((issue) => placeInLine(issue, line, lineNumber, this.path)));
    });
  }

  #invalid(issues: DatasetIssue[]): undefined {
    if (!this.skipInvalid) throw new DatasetLoadError(issues, { file: this.path });
    this.skippedCount++;
    if (this.skipped.length < KEPT_SKIPPED_LINES) this.skipped.push(...issues);
    return undefined;
  }

  #warnSkipped(): void {
    const shown = this.skipped.slice(0, 10).map((issue) => `  ${formatIssue(issue)}`);
    const more = this.skipped.length > 10 || this.skippedCount > this.skipped.length ? ['  ...'] : [];
    const message = [`Skipped ${this.skippedCount} invalid line(s) of ${this.path}:`, ...shown, ...more];
    process.emitWarning(message.join('\n'), { code: 'TYPED_EVALS_SKIPPED_LINES' });
  }
}
