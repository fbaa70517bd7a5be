import type { ReportAnalysis } from '../evaluators/report-evaluator.js';
import type { EvaluatorFailure } from '../evaluators/results.js';
import { averageAggregates, averageCases } from './aggregate.js';
import { reportToCSV } from './export/csv.js';
import { type MarkdownOptions, reportToMarkdown } from './export/markdown.js';
import { type EvaluationReportJSON, reportFromJSON, reportToJSON } from './json.js';
import type { ReportCase, ReportCaseAggregate, ReportCaseFailure, ReportCaseGroup } from './model.js';
import { type RenderOptions, renderReport } from './render.js';
import {
  type CaseGroupStats,
  type CaseGroupStatsOptions,
  type Change,
  type CompareOptions,
  caseGroupStats,
  compareReports,
  type ReportComparison,
  regressions,
} from './stats/index.js';

export interface EvaluationReportInit<Inputs = any, Output = any, Metadata = any> {
  name: string;
  cases?: ReportCase<Inputs, Output, Metadata>[];
  failures?: ReportCaseFailure<Inputs, Output, Metadata>[];
  analyses?: ReportAnalysis[];
  reportEvaluatorFailures?: EvaluatorFailure[];
  experimentMetadata?: Record<string, unknown>;
  aborted?: boolean;
  traceId?: string;
  spanId?: string;
  /** Set when the per-case lists were not kept (`keepResults: false`). */
  summary?: ReportSummary;
}

/** What a report keeps when it holds no per-case lists. */
export interface ReportSummary {
  caseCount: number;
  failureCount: number;
  averages: ReportCaseAggregate | undefined;
}

/** The outcome of an experiment: successful cases, failures, analyses, in dataset order. */
export class EvaluationReport<Inputs = any, Output = any, Metadata = any> {
  name: string;
  cases: ReportCase<Inputs, Output, Metadata>[];
  failures: ReportCaseFailure<Inputs, Output, Metadata>[];
  analyses: ReportAnalysis[];
  reportEvaluatorFailures: EvaluatorFailure[];
  experimentMetadata: Record<string, unknown> | undefined;
  /** True when the run was stopped by its signal; cases that never started are left out. */
  aborted: boolean;
  traceId: string | undefined;
  spanId: string | undefined;
  /** Present only when the run kept no per-case results. */
  readonly summary: ReportSummary | undefined;

  constructor(init: EvaluationReportInit<Inputs, Output, Metadata>) {
    this.name = init.name;
    this.cases = init.cases ?? [];
    this.failures = init.failures ?? [];
    this.analyses = init.analyses ?? [];
    this.reportEvaluatorFailures = init.reportEvaluatorFailures ?? [];
    this.experimentMetadata = init.experimentMetadata;
    this.aborted = init.aborted ?? false;
    this.traceId = init.traceId;
    this.spanId = init.spanId;
    this.summary = init.summary;
  }

  /** Number of successful case runs (also when per-case results were not kept). */
  get caseCount(): number {
    return this.summary?.caseCount ?? this.cases.length;
  }

  /** Number of failed case runs (also when per-case results were not kept). */
  get failureCount(): number {
    return this.summary?.failureCount ?? this.failures.length;
  }

  /**
   * The Averages row: with repeats, the mean of each case group's means (every case weighs the same
   * however many runs failed); otherwise the mean over cases. Undefined when no case succeeded.
   */
  averages(): ReportCaseAggregate | undefined {
    if (this.summary) return this.summary.averages;
    if (this.cases.length === 0) return undefined;
    const groups = this.caseGroups();
    if (!groups) return averageCases(this.cases);
    return averageAggregates(groups.filter((g) => g.runs.length > 0).map((g) => g.summary));
  }

  /**
   * Runs grouped by source case when `repeat` > 1; otherwise undefined. Groups come in first-seen order
   * over `cases` then `failures` (as pydantic-evals), so a case whose runs all failed comes last.
   */
  caseGroups(): ReportCaseGroup<Inputs, Output, Metadata>[] | undefined {
    const all = [...this.cases, ...this.failures];
    if (!all.some((c) => c.sourceCaseName !== undefined)) return undefined;
    const groups = new Map<string, ReportCaseGroup<Inputs, Output, Metadata>>();
    for (const c of all) {
      const key = c.sourceCaseName ?? c.name;
      let group = groups.get(key);
      if (!group) {
        group = {
          name: key,
          inputs: c.inputs,
          metadata: c.metadata,
          expectedOutput: c.expectedOutput,
          runs: [],
          failures: [],
          summary: undefined!,
        };
        groups.set(key, group);
      }
      if ('output' in c) group.runs.push(c);
      else group.failures.push(c);
    }
    for (const group of groups.values()) {
      group.summary = averageCases(group.runs);
      const first = group.runs[0] ?? group.failures[0]!;
      group.inputs = first.inputs;
      group.metadata = first.metadata;
      group.expectedOutput = first.expectedOutput;
    }
    return [...groups.values()];
  }

  /** The report as a table (see RenderOptions). */
  render(options: RenderOptions = {}): string {
    return renderReport(this, options);
  }

  /** Writes `render(options)` to stdout. */
  print(options: RenderOptions = {}): void {
    process.stdout.write(`${this.render(options)}\n`);
  }

  /** A plain JSON-safe object; `EvaluationReport.fromJSON` rebuilds the report from it. */
  toJSON(): EvaluationReportJSON {
    return reportToJSON(this);
  }

  /** One CSV row per case run, failures included (RFC 4180, CRLF line ends); see docs/reports.md. */
  toCSV(): string {
    return reportToCSV(this);
  }

  /** The report as GitHub-flavoured Markdown (tables, averages, failures), e.g. for a CI job summary. */
  toMarkdown(options: MarkdownOptions = {}): string {
    return reportToMarkdown(this, options);
  }

  /**
   * Statistics per case across its runs when `repeat` > 1 (mean, standard deviation, min and max of each
   * score; pass@k, pass^k and a flakiness flag for assertions); undefined without repeats.
   */
  groupStats(options?: CaseGroupStatsOptions): CaseGroupStats[] | undefined {
    return caseGroupStats(this, options);
  }

  /** Every score, metric and assertion rate compared with `baseline`, each with its significance. */
  compare(baseline: EvaluationReport, options?: CompareOptions): ReportComparison {
    return compareReports(baseline, this, options);
  }

  /** The cases and names that got significantly worse than in `baseline` (see docs/statistics.md). */
  regressions(baseline: EvaluationReport, options?: CompareOptions): Change[] {
    return regressions(baseline, this, options);
  }

  static fromJSON<I = any, O = any, M = any>(json: unknown): EvaluationReport<I, O, M> {
    return new EvaluationReport<I, O, M>(reportFromJSON(json));
  }
}
