/**
 * @module
 * One case: inputs, output, expected output, every assertion/score/label with its reason, evaluator
 * failures, the task error, metrics, attributes and the span tree when the run stored one.
 */
import type { CaseDetail, EvaluatorSpecView, ResultView, SpanView } from '../../api-types.js';
import { apiUrl, useJson } from '../api.js';
import { ErrorBox, Field, Loading, Section, StatusBadge, Table, ValueBlock } from '../components.js';
import { cellText, formatDuration, formatNumber, valueText } from '../format.js';
import { href } from '../router.js';

export function CasePage({ runId, caseId }: { runId: string; caseId: string }) {
  const detail = useJson<CaseDetail>(apiUrl(['runs', runId, 'cases', caseId]));
  if (detail.error) return <ErrorBox message={detail.error} />;
  if (!detail.data) return <Loading what="the case" />;
  const c = detail.data;
  return (
    <>
      <CaseHeader runId={runId} c={c} />
      {c.error && (
        <Section title="Task error" testId="case-error">
          <ErrorBox message={c.error.message} />
          <pre class="value stack">{c.error.stack}</pre>
        </Section>
      )}
      <div class="columns">
        <Section title="Inputs">
          <ValueBlock value={c.inputs} testId="case-inputs" />
        </Section>
        <Section title="Output">
          {c.hasOutput ? (
            <ValueBlock value={c.output} testId="case-output" />
          ) : (
            <p class="muted">No output (the task failed).</p>
          )}
        </Section>
        <Section title="Expected output">
          <ValueBlock value={c.expectedOutput} testId="case-expected" />
        </Section>
      </div>
      {c.results.length > 0 && (
        <Section title="Results" testId="case-results">
          <ResultsTable results={c.results} />
        </Section>
      )}
      <EvaluatorFailures c={c} />
      {c.teardownError && <ErrorBox message={`Teardown failed: ${c.teardownError}`} />}
      <CaseExtras c={c} />
    </>
  );
}

function CaseHeader({ runId, c }: { runId: string; c: CaseDetail }) {
  return (
    <>
      <nav class="crumbs">
        <a href={href([])}>Runs</a> › <a href={href(['runs', runId])}>{runId}</a> › case {c.id + 1} of{' '}
        {c.runTotal}
        <span class="spacer" />
        {c.id > 0 && <a href={href(['runs', runId, 'cases', c.id - 1])}>‹ previous</a>}{' '}
        {c.id + 1 < c.runTotal && <a href={href(['runs', runId, 'cases', c.id + 1])}>next ›</a>}
      </nav>
      <h1 data-testid="case-name">
        {c.name} <StatusBadge status={c.status} />
      </h1>
      <div class="fields">
        <Field label="Plan index">{c.index}</Field>
        {c.sourceCaseName !== null && <Field label="Source case">{c.sourceCaseName}</Field>}
        <Field label="Task duration">{formatDuration(c.taskDurationSeconds)}</Field>
        <Field label="Total duration">{formatDuration(c.totalDurationSeconds)}</Field>
        {c.traceId && (
          <Field label="Trace">
            <span class="mono">{c.traceId}</span>
          </Field>
        )}
      </div>
    </>
  );
}

function EvaluatorFailures({ c }: { c: CaseDetail }) {
  if (c.evaluatorFailures.length === 0) return null;
  return (
    <Section title="Evaluator failures" testId="evaluator-failures">
      {c.evaluatorFailures.map((f, i) => (
        <details key={i} class="failure">
          <summary>
            <b>{f.name}</b> <span class="muted">{specText(f.evaluator)}</span>: {f.errorMessage}
          </summary>
          <pre class="value stack">{f.errorStack}</pre>
        </details>
      ))}
    </Section>
  );
}

/** Metrics, attributes, metadata and the span tree. */
function CaseExtras({ c }: { c: CaseDetail }) {
  return (
    <>
      {Object.keys(c.metrics).length > 0 && (
        <Section title="Metrics">
          <KeyValues record={c.metrics} />
        </Section>
      )}
      {Object.keys(c.attributes).length > 0 && (
        <Section title="Attributes">
          <KeyValues record={c.attributes} />
        </Section>
      )}
      {c.metadata !== null && (
        <Section title="Metadata">
          <ValueBlock value={c.metadata} />
        </Section>
      )}
      <Section title="Span tree" testId="span-tree">
        {c.spans === null ? (
          <p class="muted">No spans were stored for this case.</p>
        ) : (
          <ul class="spans">
            {c.spans.map((span) => (
              <SpanItem key={span.spanId} span={span} />
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

function ResultsTable({ results }: { results: ResultView[] }) {
  return (
    <Table columns={['Kind', 'Name', 'Value', 'Reason', 'Evaluator']}>
      {results.map((r) => (
        <tr key={`${r.kind}:${r.key}`} data-testid="result-row">
          <td class="muted">{r.kind}</td>
          <td>{r.key}</td>
          <td class={resultClass(r)}>{resultValue(r)}</td>
          <td class="reason">{r.reason ?? ''}</td>
          <td class="muted">{specText(r.evaluator)}</td>
        </tr>
      ))}
    </Table>
  );
}

function resultValue(r: ResultView): string {
  if (typeof r.value === 'boolean') return r.value ? '✔ pass' : '✗ fail';
  if (typeof r.value === 'number') return formatNumber(r.value);
  return r.value;
}

function resultClass(r: ResultView): string | undefined {
  if (typeof r.value !== 'boolean') return undefined;
  return r.value ? 'tone-good' : 'tone-bad';
}

function specText(spec: EvaluatorSpecView): string {
  return spec.arguments === null || spec.arguments === undefined
    ? spec.name
    : `${spec.name}(${valueText(spec.arguments).replace(/\s+/g, ' ')})`;
}

function KeyValues({ record }: { record: Record<string, unknown> }) {
  return (
    <table class="table compact">
      <tbody>
        {Object.entries(record).map(([key, value]) => (
          <tr key={key}>
            <th>{key}</th>
            <td>{cellText(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SpanItem({ span }: { span: SpanView }) {
  return (
    <li>
      <details open>
        <summary>
          <b>{span.name}</b> <span class="muted">{formatDuration(span.durationMs / 1000)}</span>
          {span.status === 'error' && <span class="badge status-error">error</span>}
        </summary>
        {Object.keys(span.attributes).length > 0 && <KeyValues record={span.attributes} />}
        {span.children.length > 0 && (
          <ul class="spans">
            {span.children.map((child) => (
              <SpanItem key={child.spanId} span={child} />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}
