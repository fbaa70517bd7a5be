/** A run's failures: task errors, evaluator failures and failed assertions, by kind, paged. */
import type { FailureEntry, FailureKind, FailurePage } from '../../api-types.js';
import { apiUrl, useJson } from '../api.js';
import { ChipFilter, ErrorBox, Loading, Pager, Table } from '../components.js';
import { href, navigate, type QueryValues, type Route, withQuery } from '../router.js';

const KINDS: { kind: FailureKind | ''; label: string }[] = [
  { kind: '', label: 'all' },
  { kind: 'task-error', label: 'task errors' },
  { kind: 'evaluator-error', label: 'evaluator failures' },
  { kind: 'assertion', label: 'failed assertions' },
];

export function FailuresPanel({ runId, route, version }: { runId: string; route: Route; version: number }) {
  const kind = route.query.get('kind') ?? '';
  const page = route.query.get('page') ?? undefined;
  const failures = useJson<FailurePage>(
    apiUrl(['runs', runId, 'failures'], { kind, page, pageSize: 100 }),
    version,
  );
  const go = (changes: QueryValues) => navigate(href(['runs', runId, 'failures'], withQuery(changes)));
  if (failures.error) return <ErrorBox message={failures.error} />;
  if (!failures.data) return <Loading what="failures" />;
  const data = failures.data;
  return (
    <div data-testid="failures">
      <ChipFilter
        options={KINDS.map(({ kind: value, label }) => ({
          value,
          label,
          count: value === '' ? undefined : data.counts[value],
        }))}
        active={kind}
        onPick={(value) => go({ kind: value, page: undefined })}
      />
      {data.failures.length === 0 ? (
        <p class="muted">No failures.</p>
      ) : (
        <FailuresTable runId={runId} failures={data.failures} />
      )}
      <Pager
        page={data.page}
        pageCount={data.pageCount}
        total={data.total}
        label="failures"
        onPage={(p) => go({ page: p })}
      />
    </div>
  );
}

function FailuresTable({ runId, failures }: { runId: string; failures: FailureEntry[] }) {
  return (
    <Table columns={['Case', 'Kind', 'What', 'Message']}>
      {failures.map((f, i) => (
        <tr key={`${f.caseId}:${i}`} data-testid="failure-row">
          <td>
            <a href={href(['runs', runId, 'cases', f.caseId])}>{f.caseName}</a>
          </td>
          <td>
            <span class={`badge kind-${f.kind}`}>{f.kind}</span>
          </td>
          <td>{f.title}</td>
          <td class="reason">{f.message}</td>
        </tr>
      ))}
    </Table>
  );
}
