/**
 * @module
 * Files written after a run. `--json`: one report, or an envelope with every report when several
 * experiments ran (see report-files.ts). `--markdown`: one file, the reports one after another.
 * `--csv`: one file per experiment; with several experiments `out.csv` becomes `out.<experiment>.csv`.
 * With GITHUB_STEP_SUMMARY set, the summary lines and the Markdown reports are appended to it.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { EvaluationReport } from '../report/report.js';
import { reportsToJSON } from './report-files.js';

export interface OutputOptions {
  json?: string;
  csv?: string;
  markdown?: string;
  /** The GITHUB_STEP_SUMMARY file, when set. */
  stepSummary?: string;
}

export interface FinishedExperiment {
  report: EvaluationReport;
  /** The report it was compared with (`--baseline`): the Markdown shows the changes. */
  baseline: EvaluationReport | undefined;
  /** The summary line without colours. */
  summary: string;
}

/** Writes the requested files; returns the paths written (the step summary excluded). */
export function writeOutputs(finished: readonly FinishedExperiment[], options: OutputOptions): string[] {
  const reports = finished.map((f) => f.report);
  const written: string[] = [];
  if (options.json) {
    write(options.json, `${JSON.stringify(reportsToJSON(reports), null, 2)}\n`);
    written.push(options.json);
  }
  if (options.csv) {
    const paths = csvPaths(options.csv, reports);
    reports.forEach((report, i) => {
      write(paths[i]!, report.toCSV());
    });
    written.push(...paths);
  }
  const markdown = () => finished.map((f) => f.report.toMarkdown({ baseline: f.baseline })).join('\n');
  if (options.markdown) {
    write(options.markdown, markdown());
    written.push(options.markdown);
  }
  if (options.stepSummary) {
    const lines = finished.map((f) => `- ${f.summary}`).join('\n');
    appendFileSync(options.stepSummary, `## typed-evals\n\n${lines}\n\n${markdown()}\n`);
  }
  return written;
}

/** `out.csv` for one report; `out.<slug>.csv` per report for several (slugs made unique). */
export function csvPaths(path: string, reports: readonly EvaluationReport[]): string[] {
  if (reports.length === 1) return [path];
  const ext = extname(path) || '.csv';
  const stem = basename(path, extname(path));
  const used = new Set<string>();
  return reports.map((report) => {
    let slug = slugify(report.name);
    for (let n = 2; used.has(slug); n++) slug = `${slugify(report.name)}-${n}`;
    used.add(slug);
    return join(dirname(path), `${stem}.${slug}${ext}`);
  });
}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'experiment'
  );
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
