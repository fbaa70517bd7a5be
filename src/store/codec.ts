/**
 * @module
 * Reads the lines of a run file back (case-batch.ts writes them; docs/store.md has the format): `spec`,
 * `slot` and `shape` definitions, `cases` lines in columns, `f` lines for failed cases. Also
 * `encodeValue`, the stored form of a value as JSON text, used by fingerprints and the task cache.
 */
import type { EvaluatorSpec } from '../evaluators/evaluator.js';
import type { EvaluationResult, EvaluatorFailure } from '../evaluators/results.js';
import type { ReportCase, ReportCaseFailure } from '../report/model.js';
import type { StoredCase } from './types.js';
import { jsonable } from './values.js';

/** A value as stored, as JSON text; `undefined` and `null` both give 'null' (the store does not tell them apart). */
export function encodeValue(value: unknown): string {
  return JSON.stringify(jsonable(value));
}

interface SlotDefinition {
  key: string;
  name: string;
  spec: number;
}

type Row = Record<string, unknown>;

/** Decodes records, keeping the run's spec, slot and shape tables as their lines come by. */
export class CaseDecoder {
  readonly #specs: EvaluatorSpec[] = [];
  readonly #slots: SlotDefinition[] = [];
  readonly #shapes: { slots: number[]; types: string }[] = [];

  /** The cases of one record (none for definitions, which are kept). */
  decode(record: Row): StoredCase[] {
    switch (record.t) {
      case 'cases':
        return this.#cases(record);
      case 'f':
        return [this.#failure(record)];
      case 'spec':
        this.#specs[Number(record.id)] = record.spec as EvaluatorSpec;
        return [];
      case 'slot': {
        const key = String(record.key);
        this.#slots[Number(record.id)] = { key, name: String(record.name ?? key), spec: Number(record.spec) };
        return [];
      }
      case 'shape':
        this.#shapes[Number(record.id)] = {
          slots: (record.slots as number[]) ?? [],
          types: String(record.types ?? ''),
        };
        return [];
      default:
        return [];
    }
  }

  #failure(r: Row): StoredCase {
    const result: ReportCaseFailure = {
      name: String(r.n),
      inputs: r.in,
      metadata: orUndefined(r.md),
      expectedOutput: orUndefined(r.ex),
      sourceCaseName: typeof r.s === 'string' ? r.s : undefined,
      errorMessage: String(r.err ?? ''),
      errorStack: String(r.stack ?? ''),
      ...rareFields(r),
    };
    return {
      index: Number(r.i),
      name: result.name,
      failed: true,
      result,
      caseEvaluators: this.#specList(r.ce),
    };
  }

  #cases(r: Row): StoredCase[] {
    const column = (key: string): unknown[] | undefined =>
      Array.isArray(r[key]) ? (r[key] as unknown[]) : undefined;
    const [names, source, inputs, expected, metadata] = ['n', 's', 'in', 'ex', 'md'].map(column);
    const [output, taskNs, totalNs] = ['o', 'td', 'tt'].map(column);
    const size = names?.length ?? 0;
    // A number instead of a column: the first of consecutive indices; the one shape of every case.
    const index = column('i') ?? Array.from({ length: size }, (_, k) => Number(r.i) + k);
    const shapes = column('rs') ?? Array.from({ length: size }, () => Number(r.rs));
    const values = { b: column('rb') ?? [], n: column('rn') ?? [], s: column('rl') ?? [] };
    const next = { b: 0, n: 0, s: 0 };
    const extras = extrasByPosition(column('x'));
    const reasons = reasonsByPosition(column('why'));
    const cases: StoredCase[] = [];
    for (let k = 0; k < index.length; k++) {
      const extra = extras.get(k) ?? {};
      const c: ReportCase = {
        name: String(names?.[k]),
        inputs: inputs?.[k],
        metadata: orUndefined(metadata?.[k]),
        expectedOutput: orUndefined(expected?.[k]),
        sourceCaseName: typeof source?.[k] === 'string' ? (source[k] as string) : undefined,
        output: output?.[k],
        metrics: (extra.m as Record<string, number>) ?? {},
        attributes: (extra.a as Record<string, unknown>) ?? {},
        scores: {},
        labels: {},
        assertions: {},
        taskDuration: Number(taskNs?.[k] ?? 0) / 1e9,
        totalDuration: Number(totalNs?.[k] ?? 0) / 1e9,
        evaluatorFailures: this.#evaluatorFailures(extra.ef),
        ...rareFields(extra),
      };
      const why = reasons.get(k);
      const shape = this.#shapes[Number(shapes?.[k])] ?? { slots: [], types: '' };
      shape.slots.forEach((slotId, at) => {
        const type = shape.types[at] as 'b' | 'n' | 's' | 'p';
        // `p`: a passed assertion, with no value in a column (format version 2).
        if (type === 'p') this.#addResult(c, slotId, true, why);
        else {
          const raw = values[type][next[type]++];
          this.#addResult(c, slotId, type === 'b' ? raw === 1 : raw, why);
        }
      });
      cases.push({
        index: Number(index[k]),
        name: c.name,
        failed: false,
        result: c,
        caseEvaluators: this.#specList(extra.ce),
      });
    }
    return cases;
  }

  #addResult(c: ReportCase, slotId: number, value: unknown, why: Map<number, string> | undefined): void {
    const slot = this.#slots[slotId] ?? { key: `result ${slotId}`, name: `result ${slotId}`, spec: -1 };
    const reason = why?.get(slotId);
    const result = { name: slot.name, value, reason, source: this.#spec(slot.spec) } as EvaluationResult<any>;
    if (typeof value === 'boolean') c.assertions[slot.key] = result;
    else if (typeof value === 'number') c.scores[slot.key] = result;
    else c.labels[slot.key] = result;
  }

  #evaluatorFailures(raw: unknown): EvaluatorFailure[] {
    if (!Array.isArray(raw)) return [];
    return raw.map((f: Row) => ({ ...f, source: this.#spec(Number(f.source)) }) as EvaluatorFailure);
  }

  #specList(raw: unknown): EvaluatorSpec[] {
    return Array.isArray(raw) ? raw.map((id) => this.#spec(Number(id))) : [];
  }

  #spec(id: number): EvaluatorSpec {
    return this.#specs[id] ?? { name: `unknown evaluator ${id}`, arguments: null };
  }
}

function orUndefined(value: unknown): unknown {
  return value === null ? undefined : value;
}

/** `teardownError`, `traceId`, `spanId` of a record, when present. */
function rareFields(r: Row): { teardownError?: string; traceId?: string; spanId?: string } {
  const out: { teardownError?: string; traceId?: string; spanId?: string } = {};
  if (typeof r.te === 'string') out.teardownError = r.te;
  if (typeof r.tr === 'string') out.traceId = r.tr;
  if (typeof r.sp === 'string') out.spanId = r.sp;
  return out;
}

/** `[position, extras, ...]` as position → extras. */
function extrasByPosition(flat: unknown[] | undefined): Map<number, Row> {
  const out = new Map<number, Row>();
  for (let k = 0; flat && k + 1 < flat.length; k += 2) out.set(Number(flat[k]), (flat[k + 1] ?? {}) as Row);
  return out;
}

/** `[position, slot, reason, ...]` as position → (slot → reason). */
function reasonsByPosition(flat: unknown[] | undefined): Map<number, Map<number, string>> {
  const out = new Map<number, Map<number, string>>();
  for (let k = 0; flat && k + 2 < flat.length; k += 3) {
    const position = Number(flat[k]);
    let reasons = out.get(position);
    if (!reasons) {
      reasons = new Map();
      out.set(position, reasons);
    }
    reasons.set(Number(flat[k + 1]), String(flat[k + 2]));
  }
  return out;
}
