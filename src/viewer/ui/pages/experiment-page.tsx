/**
 * @module
 * One experiment: pass rate and mean scores across its runs over time, its runs, and a picker of two
 * runs to compare.
 */
import { useState } from 'preact/hooks';
import type { RunSummary, RunsResponse } from '../../api-types.js';
import { apiUrl, useJson, useRunsVersion } from '../api.js';
import { LineChart } from '../charts/line-chart.js';
import { extent, timeAxis } from '../charts/scale.js';
import { ErrorBox, Loading, Section } from '../components.js';
import { formatNumber, formatPercent } from '../format.js';
import { href } from '../router.js';
import { RunsTable } from './runs-page.js';

export function ExperimentPage({ name }: { name: string }) {
  const version = useRunsVersion();
  const runs = useJson<RunsResponse>(apiUrl(['runs'], { experiment: name }), version);
  const [picked, setPicked] = useState<{ baseline?: string; current?: string }>({});
  if (runs.error) return <ErrorBox message={runs.error} />;
  if (!runs.data) return <Loading what="runs" />;
  const list = runs.data.runs;
  const baseline = picked.baseline ?? list[1]?.runId;
  const current = picked.current ?? list[0]?.runId;
  const canCompare = baseline !== undefined && current !== undefined && baseline !== current;
  return (
    <>
      <h1>
        <span class="muted">Experiment</span> {name}
      </h1>
      <Section title="Over time" testId="history">
        {list.length < 2 ? (
          <p class="muted">One run so far: the charts need two.</p>
        ) : (
          <HistoryCharts runs={list} />
        )}
      </Section>
      <Section title="Runs">
        <div class="toolbar">
          <a
            class={canCompare ? 'button primary' : 'button disabled'}
            href={canCompare ? href(['compare'], { baseline, current }) : undefined}
            aria-disabled={!canCompare}
            data-testid="compare-link"
          >
            Compare selected runs
          </a>
          <span class="muted">Pick a baseline and a current run in the first two columns.</span>
        </div>
        <RunsTable
          runs={list}
          picks={{
            baseline,
            current,
            onPick: (role, runId) => setPicked((p) => ({ ...p, baseline, current, [role]: runId })),
          }}
        />
      </Section>
    </>
  );
}

function HistoryCharts({ runs }: { runs: RunSummary[] }) {
  const ordered = [...runs].reverse();
  const time = (run: RunSummary) => new Date(run.startedAt).getTime();
  const passRate = ordered.filter((run) => run.passRate !== null);
  const scoreNames = [...new Set(ordered.flatMap((run) => Object.keys(run.scores)))];
  const xDomain = extent(ordered.map(time));
  const axis = timeAxis(xDomain);
  return (
    <div class="chart-row">
      <LineChart
        title="Pass rate"
        testId="chart-pass-rate"
        series={[
          {
            name: 'pass rate',
            points: passRate.map((run) => ({
              x: time(run),
              y: run.passRate!,
              label: `${run.runId}: ${formatPercent(run.passRate)}`,
            })),
          },
        ]}
        yDomain={[0, 1]}
        xDomain={xDomain}
        xTicks={axis.ticks}
        xFormat={axis.format}
        yFormat={(y) => `${Math.round(y * 100)}%`}
        xLabel="run start"
      />
      {scoreNames.length > 0 && (
        <LineChart
          title="Mean scores"
          testId="chart-scores"
          series={scoreNames.map((score) => ({
            name: score,
            points: ordered
              .filter((run) => run.scores[score] !== undefined)
              .map((run) => ({
                x: time(run),
                y: run.scores[score]!,
                label: `${run.runId} ${score}: ${formatNumber(run.scores[score])}`,
              })),
          }))}
          xDomain={xDomain}
          xTicks={axis.ticks}
          xFormat={axis.format}
          xLabel="run start"
        />
      )}
    </div>
  );
}
