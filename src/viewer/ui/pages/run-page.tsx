/**
 * @module
 * One run: what it was, its score distributions, and tabs for its cases, failures and analyses. A run
 * in progress is followed live: new cases show up as they finish.
 */
import { useState } from 'preact/hooks';
import type { RunDetail, RunUpdateEvent } from '../../api-types.js';
import { apiUrl, useJson, useLiveVersion } from '../api.js';
import { Histogram } from '../charts/histogram.js';
import { ErrorBox, Field, Loading, RunStatusBadge, Section, Tabs } from '../components.js';
import { formatDate, formatDuration, formatPercent, shortCommit } from '../format.js';
import { href, type Route } from '../router.js';
import { AnalysesPanel } from './analyses-page.js';
import { CaseTable } from './case-table.js';
import { FailuresPanel } from './failures-page.js';

export function RunPage({ runId, tab, route }: { runId: string; tab: string | undefined; route: Route }) {
  const [liveCount, setLiveCount] = useState<number | undefined>(undefined);
  const { version, connected: live } = useLiveVersion(
    apiUrl(['events'], { run: runId }),
    250,
    (type, data) => {
      if (type !== 'run') return false;
      setLiveCount((data as RunUpdateEvent).caseCount);
      return true;
    },
  );
  const detail = useJson<RunDetail>(apiUrl(['runs', runId]), version);
  if (detail.error && !detail.data) return <ErrorBox message={detail.error} />;
  if (!detail.data) return <Loading what="the run" />;
  const d = detail.data;
  const s = d.summary;
  return (
    <>
      <nav class="crumbs">
        <a href={href([])}>Runs</a> › <a href={href(['experiments', s.experiment])}>{s.experiment}</a> ›{' '}
        <span class="mono">{runId}</span>
      </nav>
      <h1>
        {s.experiment} <RunStatusBadge status={s.status} />
        {s.status === 'running' && live && (
          <span class="live" data-testid="live-indicator">
            live
          </span>
        )}
      </h1>
      <RunFields detail={d} caseCount={liveCount ?? d.indexedCases} />
      {d.error && <ErrorBox message={`The run stopped: ${d.error}`} />}
      <Histograms detail={d} />
      <RunTabs runId={runId} detail={d} tab={tab} />
      {tab === undefined && <CaseTable runId={runId} detail={d} route={route} version={version} />}
      {tab === 'failures' && <FailuresPanel runId={runId} route={route} version={version} />}
      {tab === 'analyses' && <AnalysesPanel runId={runId} reportEvaluators={d.reportEvaluators.length} />}
    </>
  );
}

function RunFields({ detail: d, caseCount }: { detail: RunDetail; caseCount: number }) {
  const s = d.summary;
  return (
    <div class="fields" data-testid="run-fields">
      <Field label="Started">{formatDate(s.startedAt)}</Field>
      <Field label="Duration">{formatDuration(s.durationSeconds)}</Field>
      <Field label="Cases">
        <span data-testid="run-case-count">{caseCount}</span>
      </Field>
      <Field label="Pass / fail / error">
        {d.counts.pass} / {d.counts.fail} / {d.counts.error}
      </Field>
      <Field label="Pass rate">{formatPercent(s.passRate)}</Field>
      <Field label="Dataset">{d.dataset.name}</Field>
      <Field label="Task">
        {d.task.name}
        {d.task.version ? ` @ ${d.task.version}` : ''}
      </Field>
      <Field label="Commit">
        <span class="mono">{shortCommit(s.gitCommit)}</span>
      </Field>
      <Field label="Evaluators">{d.evaluators.map((e) => e.name).join(', ') || '—'}</Field>
      {d.repeat > 1 && <Field label="Repeat">{d.repeat}</Field>}
      {s.resumeOf && (
        <Field label="Resumed from">
          <a href={href(['runs', s.resumeOf])}>{s.resumeOf}</a>
        </Field>
      )}
    </div>
  );
}

function RunTabs({ runId, detail: d, tab }: { runId: string; detail: RunDetail; tab: string | undefined }) {
  return (
    <Tabs
      items={[
        { label: 'Cases', href: href(['runs', runId]), active: tab === undefined },
        {
          label: `Failures (${d.counts.error + d.counts.fail + d.evaluatorFailureCount})`,
          href: href(['runs', runId, 'failures']),
          active: tab === 'failures',
        },
        { label: 'Analyses', href: href(['runs', runId, 'analyses']), active: tab === 'analyses' },
      ]}
    />
  );
}

function Histograms({ detail }: { detail: RunDetail }) {
  if (detail.histograms.length === 0) return null;
  return (
    <Section title="Score distributions" testId="histograms">
      <div class="chart-row">
        {detail.histograms.map((h) => (
          <Histogram key={h.name} data={h} />
        ))}
      </div>
    </Section>
  );
}
