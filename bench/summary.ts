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

const W0_TIMES: number[] = [];

/** The field each workload's median is taken of, when it is not `seconds`. */
const MEASURE: Record<string, { key: string; unit: string }> = {
  R: { key: 'medianMs', unit: 'ms' },
  online: { key: 'wrappedSampledUs', unit: 'µs' },
  viewer: { key: 'openSeconds', unit: 's' },
};

export function summarize(spec: Spec, runs: Run[]): Summary {
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
  if (spec.id === 'W0') W0_TIMES.push(summary.median);
  judge(summary);
  return summary;
}

/** Checks the PRODUCT.md target of each workload, with ratios against W0 measured in this same run. */
function judge(s: Summary): void {
  const w0 = W0_TIMES[0];
  const perCase = (run: Run) => Number(run.cases) / s.median;
  switch (s.id) {
    case 'W1': {
      if (w0 === undefined) return;
      const ratio = s.median / w0;
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
      const w0Rate = w0 === undefined ? undefined : 100_000 / w0;
      const rate = perCase(s.last);
      s.met = (s.peakRssMb ?? 0) <= 200 && (w0Rate === undefined || rate * 3 >= w0Rate);
      s.verdict = `RSS ${s.peakRssMb} MB (<= 200), ${Math.round(rate)} cases/s${w0Rate ? ` (W0 ${Math.round(w0Rate)})` : ''}`;
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
      if (w0 === undefined) return;
      const ratio = s.median / w0;
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
