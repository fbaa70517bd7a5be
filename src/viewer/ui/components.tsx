/**
 * @module
 * Small shared pieces. Every value from a run is rendered as a text child (Preact escapes it): never as
 * HTML, never as an attribute that the browser would run.
 */
import type { ComponentChildren } from 'preact';
import type { CaseStatus, RunStatus, Tone } from '../api-types.js';
import { formatNumber, valueText } from './format.js';

/** Series colours of the charts (colour-blind friendly). */
export const PALETTE = [
  '#2563eb',
  '#ea580c',
  '#16a34a',
  '#9333ea',
  '#dc2626',
  '#0891b2',
  '#ca8a04',
  '#db2777',
];

export function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

export function Loading({ what }: { what: string }) {
  return <p class="muted">Loading {what}…</p>;
}

export function ErrorBox({ message }: { message: string }) {
  return (
    <div class="error-box" role="alert">
      {message}
    </div>
  );
}

const STATUS_LABEL: Record<CaseStatus, string> = { pass: 'pass', fail: 'fail', error: 'error' };

export function StatusBadge({ status }: { status: CaseStatus }) {
  return <span class={`badge status-${status}`}>{STATUS_LABEL[status]}</span>;
}

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span class={`badge run-${status}`} data-testid="run-status">
      {status === 'running' ? '● running' : status}
    </span>
  );
}

export function ToneText({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return <span class={`tone-${tone}`}>{children}</span>;
}

/** A value as preformatted text (strings verbatim, the rest as JSON). */
export function ValueBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre class="value" data-testid={testId}>
      {valueText(value)}
    </pre>
  );
}

export function ScoreChips({ scores }: { scores: Record<string, number> }) {
  const entries = Object.entries(scores);
  if (entries.length === 0) return <span class="muted">—</span>;
  return (
    <span class="chips">
      {entries.map(([name, value]) => (
        <span class="chip" key={name}>
          {name} <b>{formatNumber(value)}</b>
        </span>
      ))}
    </span>
  );
}

/** A column heading; `numeric` right-aligns it like its numbers. */
export type Column = string | { label: string; numeric: true };

export function numeric(label: string): Column {
  return { label, numeric: true };
}

export interface TableProps {
  columns: readonly Column[];
  /** The rows (`<tr>` elements). */
  children: ComponentChildren;
  class?: string;
  testId?: string;
}

/** A table with one heading row. */
export function Table({ columns, children, class: className = 'table', testId }: TableProps) {
  return (
    <table class={className} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column, i) =>
            typeof column === 'string' ? (
              <th key={i}>{column}</th>
            ) : (
              <th key={i} class="num">
                {column.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

export interface ChipOption<T extends string> {
  value: T;
  label: string;
  /** Shown after the label, in parentheses. */
  count?: number;
}

/** A row of toggle buttons, one of them active: a filter of a list. */
export function ChipFilter<T extends string>({
  options,
  active,
  onPick,
  testIdPrefix,
}: {
  options: readonly ChipOption<T>[];
  active: string;
  onPick: (value: T) => void;
  testIdPrefix?: string;
}) {
  return (
    <div class="toolbar">
      {options.map((option) => (
        <button
          type="button"
          key={option.value}
          class={active === option.value ? 'chip-button active' : 'chip-button'}
          onClick={() => onPick(option.value)}
          data-testid={testIdPrefix === undefined ? undefined : `${testIdPrefix}${option.value}`}
        >
          {option.label}
          {option.count !== undefined && ` (${option.count})`}
        </button>
      ))}
    </div>
  );
}

export interface PagerProps {
  page: number;
  pageCount: number;
  total: number;
  onPage: (page: number) => void;
  label?: string;
}

export function Pager({ page, pageCount, total, onPage, label = 'rows' }: PagerProps) {
  return (
    <nav class="pager" aria-label="pagination">
      <button type="button" disabled={page <= 0} onClick={() => onPage(0)} aria-label="first page">
        «
      </button>
      <button type="button" disabled={page <= 0} onClick={() => onPage(page - 1)} data-testid="pager-prev">
        ‹ Prev
      </button>
      <span data-testid="pager-status">
        Page {page + 1} of {pageCount} · {total.toLocaleString('en-US')} {label}
      </span>
      <button
        type="button"
        disabled={page >= pageCount - 1}
        onClick={() => onPage(page + 1)}
        data-testid="pager-next"
      >
        Next ›
      </button>
      <button
        type="button"
        disabled={page >= pageCount - 1}
        onClick={() => onPage(pageCount - 1)}
        aria-label="last page"
      >
        »
      </button>
    </nav>
  );
}

export interface TabItem {
  label: string;
  href: string;
  active: boolean;
}

export function Tabs({ items }: { items: TabItem[] }) {
  return (
    <nav class="tabs">
      {items.map((item) => (
        <a key={item.label} href={item.href} class={item.active ? 'tab active' : 'tab'}>
          {item.label}
        </a>
      ))}
    </nav>
  );
}

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <span class="field-label">{label}</span>
      <span class="field-value">{children}</span>
    </div>
  );
}

export function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ComponentChildren;
  testId?: string;
}) {
  return (
    <section class="section" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
