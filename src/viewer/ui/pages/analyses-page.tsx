/**
 * @module
 * A run's report-evaluator analyses: confusion matrices as heatmaps, precision-recall and other line
 * plots (ROC, KS) as SVG curves, scalars as numbers, tables as tables.
 */
import type { AnalysesView } from '../../api-types.js';
import { apiUrl, useJson } from '../api.js';
import { ConfusionHeatmap } from '../charts/heatmap.js';
import { type ChartSeries, LineChart } from '../charts/line-chart.js';
import { ErrorBox, Loading, Table } from '../components.js';
import { cellText, formatNumber, valueText } from '../format.js';

type Json = Record<string, unknown>;

export function AnalysesPanel({ runId, reportEvaluators }: { runId: string; reportEvaluators: number }) {
  const view = useJson<AnalysesView>(apiUrl(['runs', runId, 'analyses']));
  if (view.error) return <ErrorBox message={view.error} />;
  if (!view.data) return <Loading what="analyses" />;
  const { analyses, failures, notRebuilt } = view.data;
  return (
    <div data-testid="analyses">
      {reportEvaluators === 0 && <p class="muted">This run has no report evaluators.</p>}
      {notRebuilt.length > 0 && (
        <p class="muted">
          Not shown: {notRebuilt.join(', ')} (custom report evaluators are code; the viewer rebuilds built-in
          ones only).
        </p>
      )}
      {failures.map((f, i) => (
        <ErrorBox key={i} message={`${f.evaluator}: ${f.message}`} />
      ))}
      <div class="chart-row">
        {analyses.map((analysis, i) => (
          <Analysis key={i} analysis={analysis} />
        ))}
      </div>
    </div>
  );
}

function Analysis({ analysis }: { analysis: Json }) {
  const title = String(analysis.title ?? analysis.type);
  switch (analysis.type) {
    case 'confusion_matrix':
      return (
        <ConfusionHeatmap
          title={title}
          labels={strings(analysis.classLabels)}
          matrix={list(analysis.matrix).map((row) =>
            list(row).map((v) => (typeof v === 'number' ? v : null)),
          )}
        />
      );
    case 'precision_recall':
      return <PrecisionRecall title={title} analysis={analysis} />;
    case 'line_plot':
      return <LinePlot title={title} analysis={analysis} />;
    case 'scalar':
      return (
        <figure class="chart scalar" data-testid="scalar">
          <figcaption>{title}</figcaption>
          <div class="big-number">
            {formatNumber(typeof analysis.value === 'number' ? analysis.value : null)}
            {typeof analysis.unit === 'string' ? ` ${analysis.unit}` : ''}
          </div>
        </figure>
      );
    case 'table':
      return (
        <AnalysisTable
          title={title}
          columns={strings(analysis.columns)}
          rows={list(analysis.rows).map(list)}
        />
      );
    default:
      return (
        <figure class="chart">
          <figcaption>{title}</figcaption>
          <pre class="value">{valueText(analysis)}</pre>
        </figure>
      );
  }
}

function PrecisionRecall({ title, analysis }: { title: string; analysis: Json }) {
  const series: ChartSeries[] = list(analysis.curves).map((raw) => {
    const curve = raw as Json;
    const auc = typeof curve.auc === 'number' ? ` (AUC ${formatNumber(curve.auc)})` : '';
    return {
      name: `${String(curve.name ?? 'curve')}${auc}`,
      points: list(curve.points).map((p) => {
        const point = p as Json;
        return {
          x: Number(point.recall),
          y: Number(point.precision),
          label: `threshold ${formatNumber(Number(point.threshold))}: recall ${formatNumber(Number(point.recall))}, precision ${formatNumber(Number(point.precision))}`,
        };
      }),
    };
  });
  return (
    <LineChart
      title={title}
      testId="precision-recall"
      series={series}
      xLabel="Recall"
      yLabel="Precision"
      xDomain={[0, 1]}
      yDomain={[0, 1]}
    />
  );
}

function LinePlot({ title, analysis }: { title: string; analysis: Json }) {
  const series: ChartSeries[] = list(analysis.curves).map((raw) => {
    const curve = raw as Json;
    const step =
      curve.step === 'start' || curve.step === 'middle' || curve.step === 'end' ? curve.step : undefined;
    return {
      name: String(curve.name ?? 'curve'),
      dashed: curve.style === 'dashed',
      step,
      points: list(curve.points).map((p) => ({ x: Number((p as Json).x), y: Number((p as Json).y) })),
    };
  });
  const range = (value: unknown): [number, number] | undefined =>
    Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')
      ? [value[0] as number, value[1] as number]
      : undefined;
  const xLabel = String(analysis.xLabel ?? '');
  return (
    <LineChart
      title={title}
      testId="line-plot"
      series={series}
      xLabel={xLabel}
      yLabel={String(analysis.yLabel ?? '')}
      xDomain={range(analysis.xRange)}
      yDomain={range(analysis.yRange)}
      diagonal={xLabel === 'False Positive Rate'}
    />
  );
}

function AnalysisTable({ title, columns, rows }: { title: string; columns: string[]; rows: unknown[][] }) {
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <Table class="table compact" columns={columns}>
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j}>{cellText(cell)}</td>
            ))}
          </tr>
        ))}
      </Table>
    </figure>
  );
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return list(value).map((v) => String(v));
}
