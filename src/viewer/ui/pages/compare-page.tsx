/**
 * @module
 * Two runs of an experiment side by side: the change of every score, metric, pass rate and duration
 * across cases with its significance (compareReports), then the per-case differences. As in the terminal
 * diff, a change for the better is green and one for the worse red.
 */
import type { ChangeView, ComparisonView, DiffFilter, RunsResponse } from '../../api-types.js';
import { apiUrl, useJson } from '../api.js';
import { ChipFilter, ErrorBox, Loading, numeric, Pager, Section, Table, ToneText } from '../components.js';
import { formatDate, formatDuration, formatNumber, formatPercent, formatSigned } from '../format.js';
import { href, navigate, type QueryValues, type Route, withQuery } from '../router.js';

const FILTERS: DiffFilter[] = ['all', 'changed', 'regressed', 'improved', 'significant'];

export function ComparePage({ route }: { route: Route }) {
  const q = (key: string) => route.query.get(key) ?? undefined;
  const baseline = q('baseline');
  const current = q('current');
  const view = useJson<ComparisonView>(
    baseline && current
      ? apiUrl(['compare'], { baseline, current, filter: q('filter'), page: q('page'), pageSize: 50 })
      : null,
  );
  const go = (changes: QueryValues) => navigate(href(['compare'], withQuery(changes)));
  if (!baseline || !current) return <ErrorBox message="Pick two runs to compare on an experiment's page." />;
  if (view.error) return <ErrorBox message={view.error} />;
  if (!view.data) return <Loading what="the comparison" />;
  const v = view.data;
  const filter = (q('filter') ?? 'all') as DiffFilter;
  return (
    <>
      <nav class="crumbs">
        <a href={href([])}>Runs</a> ›{' '}
        <a href={href(['experiments', v.current.experiment])}>{v.current.experiment}</a> › compare
      </nav>
      <h1>Comparison</h1>
      <RunPickers view={v} go={go} />
      <Section title={`Across cases (${v.method}, α = ${v.alpha})`} testId="overall-changes">
        <OverallTable changes={v.overall} />
      </Section>
      <CaseDiffSection view={v} filter={filter} go={go} />
      {(v.addedCases.length > 0 || v.removedCases.length > 0) && (
        <Section title="Cases in one run only">
          {v.addedCases.length > 0 && <p>Only in current: {v.addedCases.join(', ')}</p>}
          {v.removedCases.length > 0 && <p>Only in baseline: {v.removedCases.join(', ')}</p>}
        </Section>
      )}
    </>
  );
}

interface DiffSectionProps {
  view: ComparisonView;
  filter: DiffFilter;
  go: (changes: QueryValues) => void;
}

function CaseDiffSection({ view: v, filter, go }: DiffSectionProps) {
  return (
    <Section title="Per case" testId="case-diffs">
      <ChipFilter
        options={FILTERS.map((f) => ({ value: f, label: f, count: f === 'all' ? undefined : v.counts[f] }))}
        active={filter}
        onPick={(f) => go({ filter: f === 'all' ? undefined : f, page: undefined })}
        testIdPrefix="diff-filter-"
      />
      <CaseDiffTable view={v} />
      <Pager
        page={v.cases.page}
        pageCount={v.cases.pageCount}
        total={v.cases.total}
        label="cases"
        onPage={(page) => go({ page })}
      />
    </Section>
  );
}

function RunPickers({ view, go }: { view: ComparisonView; go: (changes: QueryValues) => void }) {
  const runs = useJson<RunsResponse>(apiUrl(['runs'], { experiment: view.current.experiment }));
  const options = runs.data?.runs ?? [view.baseline, view.current];
  const picker = (role: 'baseline' | 'current', value: string) => (
    <label>
      {role === 'baseline' ? 'Baseline' : 'Current'}
      <select
        value={value}
        onChange={(e) => go({ [role]: e.currentTarget.value, page: undefined })}
        data-testid={`pick-${role}`}
      >
        {options.map((run) => (
          <option key={run.runId} value={run.runId}>
            {run.runId} · {formatDate(run.startedAt)} · {formatPercent(run.passRate)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="filters">
      {picker('baseline', view.baseline.runId)}
      <button
        type="button"
        onClick={() => go({ baseline: view.current.runId, current: view.baseline.runId })}
      >
        ⇄ swap
      </button>
      {picker('current', view.current.runId)}
    </div>
  );
}

function shownValue(change: ChangeView, value: number | null): string {
  if (change.kind === 'assertion' || change.kind === 'assertions') return formatPercent(value);
  return change.kind === 'duration' ? formatDuration(value) : formatNumber(value);
}

/** A signed difference in the quantity's unit: seconds as a duration, pass rates in points. */
function signed(change: ChangeView, d: number | null): string {
  if (d === null) return '—';
  const sign = d > 0 ? '+' : d < 0 ? '-' : '';
  if (change.kind === 'duration') return `${sign}${formatDuration(Math.abs(d))}`;
  if (change.kind === 'assertion' || change.kind === 'assertions')
    return `${sign}${Math.abs(d * 100).toFixed(1)} pt`;
  return formatSigned(d);
}

function intervalOf(change: ChangeView): string {
  if (change.ciLow === null || change.ciHigh === null) return '—';
  return `[${signed(change, change.ciLow)}, ${signed(change, change.ciHigh)}]`;
}

const OVERALL_COLUMNS = [
  'Kind',
  'Name',
  numeric('Baseline'),
  numeric('Current'),
  numeric('Δ'),
  numeric('CI'),
  numeric('p'),
  'Verdict',
];

function OverallTable({ changes }: { changes: ChangeView[] }) {
  return (
    <Table columns={OVERALL_COLUMNS}>
      {changes.map((c) => (
        <tr key={`${c.kind}:${c.name}`} class={`tone-row-${c.tone}`} data-testid="overall-row">
          <td class="muted">{c.kind}</td>
          <td>{c.name}</td>
          <td class="num">{shownValue(c, c.baseline)}</td>
          <td class="num">{shownValue(c, c.current)}</td>
          <td class="num">
            <ToneText tone={c.tone}>{signed(c, c.meanDifference)}</ToneText>
          </td>
          <td class="num">{intervalOf(c)}</td>
          <td class="num">{c.pValue === null ? '—' : c.pValue < 0.001 ? '<0.001' : c.pValue.toFixed(3)}</td>
          <td>
            <span class={`badge verdict-${c.verdict}`} title={c.reason ?? undefined} data-testid="verdict">
              {c.verdict}
            </span>
          </td>
        </tr>
      ))}
    </Table>
  );
}

function CaseDiffTable({ view }: { view: ComparisonView }) {
  if (view.cases.rows.length === 0) return <p class="muted">No case in this view.</p>;
  return (
    <Table columns={['Case', 'Changes (baseline → current)']}>
      {view.cases.rows.map((row) => (
        <tr key={row.caseName} class={`tone-row-${row.tone}`} data-testid="diff-row">
          <td>
            {row.currentId !== null ? (
              <a href={href(['runs', view.current.runId, 'cases', row.currentId])}>{row.caseName}</a>
            ) : (
              row.caseName
            )}
            {row.baselineId !== null && (
              <>
                {' '}
                <a class="muted small" href={href(['runs', view.baseline.runId, 'cases', row.baselineId])}>
                  (baseline)
                </a>
              </>
            )}
          </td>
          <td>
            {row.changes.length === 0 ? (
              <span class="muted">no change</span>
            ) : (
              <span class="chips">
                {row.changes.map((c) => (
                  <span key={`${c.kind}:${c.name}`} class={`chip tone-${c.tone}`} data-testid="diff-chip">
                    {c.name}: {shownValue(c, c.baseline)} → {shownValue(c, c.current)}
                    {c.significant ? ` (p=${c.pValue === null ? '?' : c.pValue.toFixed(3)})` : ''}
                  </span>
                ))}
              </span>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
