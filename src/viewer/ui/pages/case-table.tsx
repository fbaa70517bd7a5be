/**
 * @module
 * A run's cases: sorted, filtered and paged by the server (a run may hold 100k cases; only one page is
 * ever sent). The table's state lives in the URL fragment.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CasePage, CaseRow, RunDetail } from '../../api-types.js';
import { apiUrl, useJson } from '../api.js';
import { ErrorBox, Loading, Pager, StatusBadge } from '../components.js';
import { formatDuration, formatNumber } from '../format.js';
import { href, navigate, type QueryValues, type Route, withQuery } from '../router.js';

const PAGE_SIZES = [25, 50, 100, 250];
const TABLE_KEYS = ['q', 'status', 'score', 'min', 'max', 'sort', 'order', 'page', 'pageSize'] as const;

interface Props {
  runId: string;
  detail: RunDetail;
  route: Route;
  /** Bumped on live updates: the page is fetched again. */
  version: number;
}

export function CaseTable({ runId, detail, route, version }: Props) {
  const params: QueryValues = {};
  for (const key of TABLE_KEYS) params[key] = route.query.get(key) ?? undefined;
  const cases = useJson<CasePage>(apiUrl(['runs', runId, 'cases'], params), version);
  const go = (changes: QueryValues, keepPage = false) =>
    navigate(href(['runs', runId], withQuery(keepPage ? changes : { ...changes, page: undefined })));
  const sort: SortState = {
    key: route.query.get('sort') ?? 'id',
    order: route.query.get('order') === 'desc' ? 'desc' : 'asc',
  };
  const onSort = (key: string) =>
    go({ sort: key, order: sort.key === key && sort.order === 'asc' ? 'desc' : 'asc' });
  return (
    <div>
      <Filters route={route} scores={detail.columns.scores} go={go} />
      {cases.error && <ErrorBox message={cases.error} />}
      {!cases.data ? (
        <Loading what="cases" />
      ) : (
        <>
          <CasesGrid
            runId={runId}
            detail={detail}
            page={cases.data}
            busy={cases.loading}
            sort={sort}
            onSort={onSort}
          />
          {cases.data.rows.length === 0 && <p class="muted">No case matches these filters.</p>}
          <Pager
            page={cases.data.page}
            pageCount={cases.data.pageCount}
            total={cases.data.total}
            label={cases.data.total === cases.data.runTotal ? 'cases' : `of ${cases.data.runTotal} cases`}
            onPage={(page) => go({ page }, true)}
          />
        </>
      )}
    </div>
  );
}

interface SortState {
  key: string;
  order: 'asc' | 'desc';
}

interface GridProps {
  runId: string;
  detail: RunDetail;
  page: CasePage;
  busy: boolean;
  sort: SortState;
  onSort: (key: string) => void;
}

function CasesGrid({ runId, detail, page, busy, sort, onSort }: GridProps) {
  const { scores, labels, assertions } = detail.columns;
  const header = (key: string, label: string, numeric = false) => (
    <SortHeader key={key} sortKey={key} label={label} numeric={numeric} sort={sort} onSort={onSort} />
  );
  return (
    <table class="table cases" data-testid="case-table" aria-busy={busy}>
      <thead>
        <tr>
          {header('index', '#', true)}
          {header('name', 'Case')}
          {header('status', 'Status')}
          {scores.map((name) => header(`score:${name}`, name, true))}
          {assertions.length > 0 && header('assertions', 'Assertions', true)}
          {labels.map((name) => (
            <th key={name}>{name}</th>
          ))}
          {header('duration', 'Duration', true)}
          <th>Output</th>
        </tr>
      </thead>
      <tbody>
        {page.rows.map((row) => (
          <CaseTableRow
            key={row.id}
            runId={runId}
            row={row}
            scores={scores}
            labels={labels}
            assertions={assertions.length > 0}
          />
        ))}
      </tbody>
    </table>
  );
}

interface SortHeaderProps {
  sortKey: string;
  label: string;
  numeric: boolean;
  sort: SortState;
  onSort: (key: string) => void;
}

function SortHeader({ sortKey, label, numeric, sort, onSort }: SortHeaderProps) {
  const active = sort.key === sortKey;
  return (
    <th
      class={numeric ? 'num sortable' : 'sortable'}
      aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" class="link" onClick={() => onSort(sortKey)} data-testid={`sort-${sortKey}`}>
        {label}
        {active ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}

interface RowProps {
  runId: string;
  row: CaseRow;
  scores: string[];
  labels: string[];
  assertions: boolean;
}

function CaseTableRow({ runId, row, scores, labels, assertions }: RowProps) {
  return (
    <tr data-testid="case-row" class={`row-${row.status}`}>
      <td class="num muted">{row.index}</td>
      <td>
        <a href={href(['runs', runId, 'cases', row.id])} data-testid="case-link">
          {row.name}
        </a>
      </td>
      <td>
        <StatusBadge status={row.status} />
      </td>
      {scores.map((name) => (
        <td key={name} class="num">
          {formatNumber(row.scores[name])}
        </td>
      ))}
      {assertions && (
        <td class="num">
          {row.assertionsTotal === 0 ? '—' : `${row.assertionsPassed}/${row.assertionsTotal}`}
        </td>
      )}
      {labels.map((name) => (
        <td key={name}>{row.labels[name] ?? '—'}</td>
      ))}
      <td class="num">{formatDuration(row.durationSeconds)}</td>
      <td class="preview" data-testid="case-preview">
        {row.preview}
      </td>
    </tr>
  );
}

interface FiltersProps {
  route: Route;
  scores: string[];
  go: (changes: QueryValues) => void;
}

function Filters({ route, scores, go }: FiltersProps) {
  return (
    <form class="filters" onSubmit={(e) => e.preventDefault()}>
      <NameFilter value={route.query.get('q') ?? ''} onValue={(q) => go({ q })} />
      <label>
        Status
        <select
          value={route.query.get('status') ?? ''}
          onChange={(e) => go({ status: e.currentTarget.value })}
          data-testid="filter-status"
        >
          <option value="">all</option>
          <option value="pass">pass</option>
          <option value="fail">fail</option>
          <option value="error">error</option>
          <option value="fail,error">fail or error</option>
        </select>
      </label>
      {scores.length > 0 && <ScoreFilter route={route} scores={scores} go={go} />}
      <label>
        Per page
        <select
          value={route.query.get('pageSize') ?? '50'}
          onChange={(e) => go({ pageSize: e.currentTarget.value })}
          data-testid="page-size"
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={String(size)}>
              {size}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

/** A score and the range of its values. */
function ScoreFilter({ route, scores, go }: FiltersProps) {
  const score = route.query.get('score') ?? scores[0] ?? '';
  return (
    <>
      <label>
        Score
        <select
          value={score}
          onChange={(e) => go({ score: e.currentTarget.value })}
          data-testid="filter-score"
        >
          {scores.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <NumberFilter label="min" value={route.query.get('min') ?? ''} onValue={(min) => go({ min, score })} />
      <NumberFilter label="max" value={route.query.get('max') ?? ''} onValue={(max) => go({ max, score })} />
    </>
  );
}

/** The name filter: applied 250 ms after the last keystroke. */
function NameFilter({ value, onValue }: { value: string; onValue: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = window.setTimeout(() => onValue(text), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  return (
    <label>
      Name
      <input
        type="search"
        value={text}
        placeholder="filter by name"
        onInput={(e) => setText(e.currentTarget.value)}
        data-testid="filter-name"
      />
    </label>
  );
}

function NumberFilter({
  label,
  value,
  onValue,
}: {
  label: string;
  value: string;
  onValue: (v: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => {
    if (text !== value && (text.trim() === '' || Number.isFinite(Number(text)))) onValue(text.trim());
  };
  return (
    <label>
      {label}
      <input
        type="number"
        step="any"
        class="narrow"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
        data-testid={`filter-${label}`}
      />
    </label>
  );
}
