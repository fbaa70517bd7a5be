/** Medians, ranges, ratios between workloads of one run, and the table `npm run bench` prints. */
export interface Spec {
  id: string;
  key?: string;
  file: string;
  args: string[];
  repeat?: number;
}

export type Run = Record<string, number | string | undefined> & { seconds?: number; peakRssMb?: number };

export interface Summary {
  id: string;
  key: string | undefined;
  runs: number;
  median: number;
  min: number;
  max: number;
  unit: string;
  peakRssMb: number | undefined;
  /** What the target compares, e.g. "2.1x W0", and whether it was met. */
  verdict?: string;
  met?: boolean;
  last: Run;
}

/** The field each workload's median is taken of, when it is not `seconds`. */
const MEASURE: Record<string, { key: string; unit: string }> = {
  R: { key: 'medianMs', unit: 'ms' },
  online: { key: 'wrappedSampledUs', unit: 'µs' },
  viewer: { key: 'openSeconds', unit: 's' },
};

/**
 * `w0Runs`: W0's runs of the same rounds (see run.ts), run k beside this workload's run k, so that a
 * ratio compares two processes that met the same machine noise. Ratios are the median of the per-round
 * ratios.
 */
export function summarize(spec: Spec, runs: Run[], w0Runs?: Run[]): Summary {
  const { key, unit } = MEASURE[spec.id] ?? { key: 'seconds', unit: 's' };
  const values = runs.map((r) => Number(r[key])).sort((a, b) => a - b);
  const rss = runs.map((r) => r.peakRssMb).filter((v): v is number => typeof v === 'number');
  const summary: Summary = {
    id: spec.id,
    key: spec.key,
    runs: runs.length,
    median: values[Math.floor(values.length / 2)]!,
    min: values[0]!,
    max: values[values.length - 1]!,
    unit,
    peakRssMb: rss.length ? Math.max(...rss) : undefined,
    last: runs[runs.length - 1]!,
  };
  judge(summary, runs, w0Runs ?? []);
  return summary;
}

/** The median over rounds of `f(run k, W0's run k)`; undefined without W0 runs. */
function pairedMedian(runs: Run[], w0Runs: Run[], f: (run: Run, w0: Run) => number): number | undefined {
  const values = runs
    .slice(0, w0Runs.length)
    .map((run, k) => f(run, w0Runs[k]!))
    .sort((a, b) => a - b);
  return values.length === 0 ? undefined : values[Math.floor(values.length / 2)];
}

const timeRatio = (run: Run, w0: Run) => Number(run.seconds) / Number(w0.seconds);
const rate = (run: Run) => Number(run.cases) / Number(run.seconds);

/** Checks the PRODUCT.md target of each workload, with ratios against W0 measured in this same run. */
function judge(s: Summary, runs: Run[], w0Runs: Run[]): void {
  const perCase = (run: Run) => Number(run.cases) / s.median;
  switch (s.id) {
    case 'W1': {
      const ratio = pairedMedian(runs, w0Runs, timeRatio);
      if (ratio === undefined) return;
      s.met = ratio <= 3 && (s.peakRssMb ?? 0) <= 300;
      s.verdict = `${ratio.toFixed(2)}x W0 (<= 3x), RSS ${s.peakRssMb} MB (<= 300)`;
      return;
    }
    case 'W2': {
      const ideal = Number(s.last.idealSeconds);
      const over = s.median - ideal;
      s.met = over <= Math.max(0.02 * ideal, 0.02);
      s.verdict = `+${(over * 1000).toFixed(1)} ms over ideal ${ideal.toFixed(2)} s (${((over / ideal) * 100).toFixed(2)}%)`;
      return;
    }
    case 'W3': {
      // How many times W3's cases/s fits in W0's, per round.
      const slower = pairedMedian(runs, w0Runs, (run, w0) => rate(w0) / rate(run));
      const caseRate = perCase(s.last);
      s.met = (s.peakRssMb ?? 0) <= 200 && (slower === undefined || slower <= 3);
      const versus = slower === undefined ? '' : `, W0's rate / ${slower.toFixed(2)} (<= 3x)`;
      s.verdict = `RSS ${s.peakRssMb} MB (<= 200), ${Math.round(caseRate)} cases/s${versus}`;
      return;
    }
    case 'W4': {
      const failed = Number(s.last.failedCases);
      const ratio = Number(s.last.ratio);
      const rate429 = Number(s.last.rate429);
      s.met = failed === 0 && ratio >= 0.9 && rate429 <= 0.05;
      s.verdict = `${failed} failed, ${(ratio * 100).toFixed(1)}% of allowed rate, ${(rate429 * 100).toFixed(1)}% 429s`;
      return;
    }
    case 'R':
      s.met = s.median <= 50;
      s.verdict = `${s.median.toFixed(1)} ms per 1000-case render (<= 50)`;
      return;
    case 'W1-store': {
      const ratio = pairedMedian(runs, w0Runs, timeRatio);
      if (ratio === undefined) return;
      s.met = ratio <= 3;
      s.verdict = `${ratio.toFixed(2)}x W0 with the run store on (<= 3x)`;
      return;
    }
    case 'W1-otel':
      s.verdict = `${Math.round(perCase(s.last))} cases/s with an OpenTelemetry SDK and span capture`;
      return;
    case 'online': {
      const { plainUs, wrappedUnsampledUs, wrappedSampledUs } = s.last as Record<string, number>;
      s.verdict = `per call: plain ${fmtUs(plainUs)}, unsampled ${fmtUs(wrappedUnsampledUs)}, sampled ${fmtUs(wrappedSampledUs)}`;
      return;
    }
    case 'viewer':
      s.met = s.median < 2;
      s.verdict = `a 100k-case run opens in ${s.median.toFixed(2)} s (< 2 s)`;
      return;
    case 'W0':
      s.verdict = `${Math.round(Number(s.last.cases) / s.median)} cases/s (the floor)`;
  }
}

export function formatTable(summaries: Summary[], mode: string): string {
  const header = ['workload', 'runs', 'median', 'min-max', 'peak RSS', 'target', 'result'];
  const rows = summaries.map((s) => [
    s.key ? `${s.id} ${s.key}` : s.id,
    String(s.runs),
    `${fmt(s.median)} ${s.unit}`,
    `${fmt(s.min)}-${fmt(s.max)}`,
    s.peakRssMb === undefined ? '' : `${s.peakRssMb} MB`,
    s.met === undefined ? '' : s.met ? 'met' : 'MISSED',
    s.verdict ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [
    `typed-evals bench (${mode} mode, node ${process.version})`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

function fmtUs(v: number | undefined): string {
  return v === undefined ? '?' : `${v.toFixed(2)} µs`;
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}
