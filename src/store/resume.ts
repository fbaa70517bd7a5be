/**
 * @module
 * Resume: reads a stored run back, checks that it was made by the same experiment (dataset cases, task
 * and evaluators), and decides which cases are done. A resumed run writes a new run file that names the
 * old one (`resumeOf`); finished cases are copied into it first, so every run file is complete on its own,
 * and a run that crashed while copying is read together with the run it resumed.
 */
import type { Case } from '../dataset/case.js';
import type { CaseSource } from '../dataset/dataset.js';
import { makeWorkItem } from '../engine/plan.js';
import { TypedEvalsError } from '../errors.js';
import type { EvaluatorSpec } from '../evaluators/evaluator.js';
import type { CaseResult } from '../report/model.js';
import type { WorkItem } from '../runner/types.js';
import { caseLabel } from '../util/case-names.js';
import { encodeValue } from './codec.js';
import type { RunHeader, RunInfo, Store, StoredCase, StoredRun } from './types.js';

/** What the current run is, compared with what the stored run was. */
export interface RunIdentity {
  experiment: string;
  datasetName: string;
  taskName: string;
  taskVersion: string | undefined;
  evaluators: EvaluatorSpec[];
  repeat: number;
}

export interface ResumeOptions {
  /** Run failed cases again instead of keeping their failures. */
  retryErrors?: boolean;
  /** Resume even when the experiment changed; changed cases run again. */
  force?: boolean;
}

/** A finished case to carry over: its stored result rebuilt for the current plan. */
export interface ReplayedCase {
  item: WorkItem;
  result: CaseResult;
  failed: boolean;
}

export interface ResumePlan {
  from: RunInfo;
  /** By report name. */
  replay: Map<string, ReplayedCase>;
}

/** Thrown when the stored run does not match the experiment (unless `force`). */
export class ResumeMismatchError extends TypedEvalsError {
  readonly changes: string[];
  constructor(message: string, changes: string[]) {
    super(message, 'RESUME_MISMATCH');
    this.name = 'ResumeMismatchError';
    this.changes = changes;
  }
}

const MAX_CHAIN = 100;

/** Loads the run to resume (an id or 'latest') and plans which cases are carried over. */
export async function planResume(
  store: Store,
  ref: string,
  identity: RunIdentity,
  source: CaseSource,
  options: ResumeOptions = {},
): Promise<ResumePlan> {
  const runId = ref === 'latest' ? (await store.latestRun(identity.experiment))?.runId : ref;
  if (runId === undefined) {
    throw new TypedEvalsError(
      `No stored run of '${identity.experiment}' to resume in ${store.location}`,
      'RUN_NOT_FOUND',
    );
  }
  const run = await store.readRun(runId);
  const stored = await readChain(store, run);
  const changes = headerChanges(run.header, identity);
  const walk = await walkCases(source, identity.repeat, stored);
  changes.push(...caseChanges(walk, stored, run.header, identity));
  if (changes.length > 0 && !options.force) {
    throw new ResumeMismatchError(
      `Cannot resume run ${runId} of '${identity.experiment}': ${changes.join('; ')}. ` +
        'Resume with force: true (--force) to go on anyway: changed cases run again, the others are kept.',
      changes,
    );
  }
  const replay = new Map<string, ReplayedCase>();
  for (const [name, item] of walk.items) {
    const record = stored.get(name)!;
    if (record.failed && (options.retryErrors || wasInterrupted(record))) continue;
    replay.set(name, { item, result: rebuild(record.result, item), failed: record.failed });
  }
  return { from: run.info, replay };
}

/** The run's records, completed from the runs it resumed (for a run that crashed while copying them). */
async function readChain(store: Store, first: StoredRun): Promise<Map<string, StoredCase>> {
  const records = new Map<string, StoredCase>();
  let run: StoredRun | undefined = first;
  for (let depth = 0; run !== undefined && depth < MAX_CHAIN; depth++) {
    for await (const record of run.cases()) if (!records.has(record.name)) records.set(record.name, record);
    const next: string | null = run.header.resumeOf;
    run = next === null ? undefined : await store.readRun(next).catch(() => undefined);
  }
  return records;
}

interface CaseWalk {
  /** Report names of the current plan with a stored record that still matches, and their work items. */
  items: Map<string, WorkItem>;
  /** Case names whose inputs, expected output, metadata or own evaluators changed. */
  changed: string[];
  /** Every report name of the current plan. */
  names: Set<string>;
  caseCount: number;
}

/** Goes over the current cases once, in plan order (report names and indices as plan.ts makes them). */
async function walkCases(
  source: CaseSource,
  repeat: number,
  stored: Map<string, StoredCase>,
): Promise<CaseWalk> {
  const walk: CaseWalk = { items: new Map(), changed: [], names: new Set(), caseCount: 0 };
  let caseIndex = 0;
  for await (const c of source.cases as AsyncIterable<Case>) {
    const label = caseLabel(c.name, caseIndex);
    let fingerprint: string | undefined;
    let changed = false;
    for (let run = 1; run <= repeat; run++) {
      const item = makeWorkItem(c, caseIndex, run, repeat);
      const { caseName } = item;
      walk.names.add(caseName);
      const record = stored.get(caseName);
      if (!record) continue;
      fingerprint ??= caseFingerprint(
        c,
        c.evaluators.map((e) => e.toSpec()),
      );
      if (fingerprint !== caseFingerprint(record.result, record.caseEvaluators)) {
        changed = true;
        continue;
      }
      walk.items.set(caseName, item);
    }
    if (changed) walk.changed.push(label);
    caseIndex++;
  }
  walk.caseCount = caseIndex;
  return walk;
}

/** What a case (current or stored) is compared on, in its stored form, with its own evaluators' specs. */
function caseFingerprint(
  c: Pick<CaseResult, 'inputs' | 'expectedOutput' | 'metadata'>,
  evaluators: readonly EvaluatorSpec[],
): string {
  const specs = evaluators.map(encodeValue).join(',');
  return [encodeValue(c.inputs), encodeValue(c.expectedOutput), encodeValue(c.metadata), specs].join('\n');
}

function headerChanges(header: RunHeader, identity: RunIdentity): string[] {
  const changes: string[] = [];
  const was = (label: string, before: unknown, now: unknown) => {
    if (before !== now) changes.push(`${label} changed: ${show(before)} → ${show(now)}`);
  };
  was('experiment', header.experiment, identity.experiment);
  was('dataset', header.dataset.name, identity.datasetName);
  was('task', header.task.name, identity.taskName);
  was('task version', header.task.version ?? undefined, identity.taskVersion);
  was('repeat', header.repeat, identity.repeat);
  changes.push(...evaluatorChanges(header.evaluators, identity.evaluators));
  return changes;
}

function caseChanges(
  walk: CaseWalk,
  stored: Map<string, StoredCase>,
  header: RunHeader,
  identity: RunIdentity,
) {
  const changes: string[] = [];
  if (walk.changed.length > 0)
    changes.push(`${count(walk.changed.length, 'case')} changed: ${list(walk.changed)}`);
  const removed = [...stored.keys()].filter((name) => !walk.names.has(name));
  if (removed.length > 0) changes.push(`${count(removed.length, 'case')} removed: ${list(removed)}`);
  const size = header.dataset.size;
  if (size !== null && size !== walk.caseCount && identity.repeat === header.repeat) {
    changes.push(`dataset size changed: ${count(size, 'case')} → ${walk.caseCount}`);
  }
  return changes;
}

/** Evaluators added, removed, or with other options, named by their spec names. */
export function evaluatorChanges(before: readonly EvaluatorSpec[], now: readonly EvaluatorSpec[]): string[] {
  const key = (spec: EvaluatorSpec) => encodeValue(spec);
  const beforeKeys = new Set(before.map(key));
  const nowKeys = new Set(now.map(key));
  const gone = before.filter((spec) => !nowKeys.has(key(spec))).map((s) => s.name);
  const fresh = now.filter((spec) => !beforeKeys.has(key(spec))).map((s) => s.name);
  const changed = fresh.filter((name) => gone.includes(name));
  const added = fresh.filter((name) => !changed.includes(name));
  const removed = gone.filter((name) => !changed.includes(name));
  const out: string[] = [];
  if (added.length > 0) out.push(`evaluators added: ${list(added)}`);
  if (removed.length > 0) out.push(`evaluators removed: ${list(removed)}`);
  if (changed.length > 0) out.push(`evaluator options changed: ${list(changed)}`);
  return out;
}

/** A case stopped by an abort (Ctrl-C, a signal) did not finish: a resume runs it again. */
function wasInterrupted(record: StoredCase): boolean {
  return (
    record.failed &&
    (record.result as { errorMessage?: string }).errorMessage?.startsWith('AbortError:') === true
  );
}

/** A stored result as a result of the current plan: the current case's own data, the stored outcome. */
function rebuild(stored: CaseResult, item: WorkItem): CaseResult {
  const c = item.case;
  return {
    ...stored,
    name: item.caseName,
    sourceCaseName: item.sourceCaseName,
    inputs: c.inputs,
    expectedOutput: c.expectedOutput,
    metadata: c.metadata,
  };
}

function show(value: unknown): string {
  return value === undefined || value === null
    ? 'none'
    : typeof value === 'string'
      ? `'${value}'`
      : String(value);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function list(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
