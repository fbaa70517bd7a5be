import { TypedEvalsError } from '../errors.js';
import { deepEqual } from '../util/deep-equal.js';
import type { SpanNode, SpanStatus } from './span-node.js';
import { type SpanPredicate, walkAncestors, walkDescendants } from './traversal.js';

export type { SpanPredicate } from './traversal.js';

/**
 * A serialisable span filter: every condition given must hold (AND). Unlike pydantic-evals, a value
 * of `0` or `''` is a condition like any other (`maxChildCount: 0` means "no children"); a key whose
 * value is `undefined` (or `null`) is ignored. Durations are seconds, bounds are inclusive.
 */
export interface SpanQuery {
  nameEquals?: string;
  nameContains?: string;
  /** A regular expression matched at the start of the name (like Python's `re.match`). */
  nameMatchesRegex?: string;
  /** Each attribute equals the value; an object or array value also matches an attribute holding its JSON text. */
  hasAttributes?: Record<string, unknown>;
  hasAttributeKeys?: string[];
  /** Successful spans are usually 'unset'. */
  hasStatus?: SpanStatus;
  minDuration?: number;
  maxDuration?: number;
  not?: SpanQuery;
  and?: SpanQuery[];
  /** True when any sub-query matches. Must be the only key at its level. */
  or?: SpanQuery[];
  minChildCount?: number;
  maxChildCount?: number;
  someChildHas?: SpanQuery;
  /** Vacuously true for a node without children. */
  allChildrenHave?: SpanQuery;
  noChildHas?: SpanQuery;
  /** Prunes the some/all/no descendant and ancestor conditions beyond a matching node (which still counts). */
  stopRecursingWhen?: SpanQuery;
  /** Counts are over all descendants, never pruned. */
  minDescendantCount?: number;
  maxDescendantCount?: number;
  someDescendantHas?: SpanQuery;
  allDescendantsHave?: SpanQuery;
  noDescendantHas?: SpanQuery;
  /** Depth = number of ancestors; roots are 0. */
  minDepth?: number;
  maxDepth?: number;
  someAncestorHas?: SpanQuery;
  allAncestorsHave?: SpanQuery;
  noAncestorHas?: SpanQuery;
}

/** A SpanQuery that cannot be evaluated (unknown key, wrong type, `or` combined with other keys...). */
export class SpanQueryError extends TypedEvalsError {
  constructor(message: string) {
    super(message, 'INVALID_SPAN_QUERY');
    this.name = 'SpanQueryError';
  }
}

type Key = keyof SpanQuery;
type Check = (node: SpanNode, related: Related) => boolean;

/** pydantic-evals' snake_case keys, in its evaluation order. */
export const SNAKE_KEYS: Readonly<Record<string, Key>> = {
  or_: 'or',
  not_: 'not',
  and_: 'and',
  name_equals: 'nameEquals',
  name_contains: 'nameContains',
  name_matches_regex: 'nameMatchesRegex',
  has_attributes: 'hasAttributes',
  has_attribute_keys: 'hasAttributeKeys',
  has_status: 'hasStatus',
  min_duration: 'minDuration',
  max_duration: 'maxDuration',
  min_child_count: 'minChildCount',
  max_child_count: 'maxChildCount',
  some_child_has: 'someChildHas',
  all_children_have: 'allChildrenHave',
  no_child_has: 'noChildHas',
  stop_recursing_when: 'stopRecursingWhen',
  min_descendant_count: 'minDescendantCount',
  max_descendant_count: 'maxDescendantCount',
  some_descendant_has: 'someDescendantHas',
  all_descendants_have: 'allDescendantsHave',
  no_descendant_has: 'noDescendantHas',
  min_depth: 'minDepth',
  max_depth: 'maxDepth',
  some_ancestor_has: 'someAncestorHas',
  all_ancestors_have: 'allAncestorsHave',
  no_ancestor_has: 'noAncestorHas',
};
const CAMEL_KEYS: ReadonlySet<string> = new Set(Object.values(SNAKE_KEYS));
export const SUB_QUERY_KEYS: ReadonlySet<string> = new Set([
  'not',
  'someChildHas',
  'allChildrenHave',
  'noChildHas',
  'stopRecursingWhen',
  'someDescendantHas',
  'allDescendantsHave',
  'noDescendantHas',
  'someAncestorHas',
  'allAncestorsHave',
  'noAncestorHas',
]);
const STATUSES: ReadonlySet<unknown> = new Set(['unset', 'ok', 'error']);

/** Checks `query` once and returns a fast predicate; throws a SpanQueryError naming the bad key. */
export function compileQuery(query: SpanQuery, path = 'SpanQuery'): SpanPredicate {
  if (!isRecord(query)) throw new SpanQueryError(`${path} must be an object, got ${describe(query)}`);
  const keys = Object.keys(query).filter(
    (key) => query[key as Key] !== undefined && query[key as Key] !== null,
  );
  for (const key of keys) if (!CAMEL_KEYS.has(key)) throw unknownKey(key, path);
  if (keys.includes('or')) {
    if (keys.length > 1) {
      throw new SpanQueryError(
        `${path}: Cannot combine 'or' conditions with other conditions at the same level`,
      );
    }
    const alternatives = subQueries(query.or, `${path}.or`);
    return (node) => alternatives.some((match) => match(node));
  }
  const relative = relativeChecks(query, path);
  const checks = [
    ...logicChecks(query, path),
    ...ownChecks(query, path),
    ...childChecks(query, path),
    ...relative,
  ];
  const needsRelated = relative.length > 0;
  const stop =
    query.stopRecursingWhen == null
      ? undefined
      : compileQuery(query.stopRecursingWhen, `${path}.stopRecursingWhen`);
  return (node) => {
    const related = needsRelated ? new Related(node, stop) : NO_RELATED;
    for (const check of checks) if (!check(node, related)) return false;
    return true;
  };
}

/** Descendants and ancestors of one node, computed on first use. */
class Related {
  readonly #node: SpanNode;
  readonly #stop: SpanPredicate | undefined;
  #all: SpanNode[] | undefined;
  #pruned: SpanNode[] | undefined;
  #ancestors: SpanNode[] | undefined;
  #prunedAncestors: SpanNode[] | undefined;
  constructor(node: SpanNode, stop: SpanPredicate | undefined) {
    this.#node = node;
    this.#stop = stop;
  }
  get descendants(): SpanNode[] {
    this.#all ??= [...walkDescendants(this.#node, undefined)];
    return this.#all;
  }
  get prunedDescendants(): SpanNode[] {
    if (!this.#stop) return this.descendants;
    this.#pruned ??= [...walkDescendants(this.#node, this.#stop)];
    return this.#pruned;
  }
  get ancestors(): SpanNode[] {
    this.#ancestors ??= [...walkAncestors(this.#node, undefined)];
    return this.#ancestors;
  }
  get prunedAncestors(): SpanNode[] {
    if (!this.#stop) return this.ancestors;
    this.#prunedAncestors ??= [...walkAncestors(this.#node, this.#stop)];
    return this.#prunedAncestors;
  }
}
/** Given to queries without descendant or ancestor conditions, which never read it. */
const NO_RELATED = new Related(undefined as unknown as SpanNode, undefined);

function logicChecks(query: SpanQuery, path: string): Check[] {
  const checks: Check[] = [];
  if (query.not != null) {
    const inner = compileQuery(query.not, `${path}.not`);
    checks.push((node) => !inner(node));
  }
  if (query.and != null) {
    const all = subQueries(query.and, `${path}.and`);
    checks.push((node) => all.every((match) => match(node)));
  }
  return checks;
}

function ownChecks(query: SpanQuery, path: string): Check[] {
  const checks: Check[] = [];
  const { nameEquals, nameContains, nameMatchesRegex, hasAttributes, hasAttributeKeys, hasStatus } = query;
  if (nameEquals != null) {
    const name = string(nameEquals, `${path}.nameEquals`);
    checks.push((node) => node.name === name);
  }
  if (nameContains != null) {
    const part = string(nameContains, `${path}.nameContains`);
    checks.push((node) => node.name.includes(part));
  }
  if (nameMatchesRegex != null) {
    const regex = pythonRegex(
      string(nameMatchesRegex, `${path}.nameMatchesRegex`),
      `${path}.nameMatchesRegex`,
    );
    checks.push((node) => regex.test(node.name));
  }
  if (hasAttributes != null) {
    if (!isRecord(hasAttributes)) throw typeError(`${path}.hasAttributes`, 'an object', hasAttributes);
    const expected = Object.entries(hasAttributes);
    checks.push((node) => expected.every(([key, value]) => attributeMatches(node.attributes[key], value)));
  }
  if (hasAttributeKeys != null) {
    const keys = stringList(hasAttributeKeys, `${path}.hasAttributeKeys`);
    checks.push((node) => keys.every((key) => Object.hasOwn(node.attributes, key)));
  }
  if (hasStatus != null) {
    if (!STATUSES.has(hasStatus)) throw typeError(`${path}.hasStatus`, "'unset', 'ok' or 'error'", hasStatus);
    checks.push((node) => node.status === hasStatus);
  }
  if (query.minDuration != null) {
    const min = count(query.minDuration, `${path}.minDuration`, false);
    checks.push((node) => node.duration >= min);
  }
  if (query.maxDuration != null) {
    const max = count(query.maxDuration, `${path}.maxDuration`, false);
    checks.push((node) => node.duration <= max);
  }
  return checks;
}

function childChecks(query: SpanQuery, path: string): Check[] {
  const checks: Check[] = [];
  if (query.minChildCount != null) {
    const min = count(query.minChildCount, `${path}.minChildCount`);
    checks.push((node) => node.childList.length >= min);
  }
  if (query.maxChildCount != null) {
    const max = count(query.maxChildCount, `${path}.maxChildCount`);
    checks.push((node) => node.childList.length <= max);
  }
  if (query.someChildHas != null) {
    const match = compileQuery(query.someChildHas, `${path}.someChildHas`);
    checks.push((node) => node.childList.some(match));
  }
  if (query.allChildrenHave != null) {
    const match = compileQuery(query.allChildrenHave, `${path}.allChildrenHave`);
    checks.push((node) => node.childList.every(match));
  }
  if (query.noChildHas != null) {
    const match = compileQuery(query.noChildHas, `${path}.noChildHas`);
    checks.push((node) => !node.childList.some(match));
  }
  return checks;
}

/** Descendant and ancestor conditions: counts are unpruned, the *Has / *Have ones honour stopRecursingWhen. */
function relativeChecks(query: SpanQuery, path: string): Check[] {
  const checks: Check[] = [];
  const bound = (
    key: Key,
    test: (size: number, limit: number) => boolean,
    size: (r: Related, n: SpanNode) => number,
  ) => {
    if (query[key] == null) return;
    const limit = count(query[key], `${path}.${key}`);
    checks.push((node, related) => test(size(related, node), limit));
  };
  const atLeast = (size: number, limit: number) => size >= limit;
  const atMost = (size: number, limit: number) => size <= limit;
  bound('minDescendantCount', atLeast, (r) => r.descendants.length);
  bound('maxDescendantCount', atMost, (r) => r.descendants.length);
  bound('minDepth', atLeast, (_, node) => node.depth);
  bound('maxDepth', atMost, (_, node) => node.depth);
  const quantified = (key: Key, mode: 'some' | 'all' | 'no', list: (r: Related) => SpanNode[]) => {
    if (query[key] == null) return;
    const match = compileQuery(query[key] as SpanQuery, `${path}.${key}`);
    if (mode === 'some') checks.push((_, related) => list(related).some(match));
    else if (mode === 'all') checks.push((_, related) => list(related).every(match));
    else checks.push((_, related) => !list(related).some(match));
  };
  quantified('someDescendantHas', 'some', (r) => r.prunedDescendants);
  quantified('allDescendantsHave', 'all', (r) => r.prunedDescendants);
  quantified('noDescendantHas', 'no', (r) => r.prunedDescendants);
  quantified('someAncestorHas', 'some', (r) => r.prunedAncestors);
  quantified('allAncestorsHave', 'all', (r) => r.prunedAncestors);
  quantified('noAncestorHas', 'no', (r) => r.prunedAncestors);
  return checks;
}

/** Equality; an object/array query value also matches an attribute holding its JSON text. '42' never matches 42. */
function attributeMatches(actual: unknown, expected: unknown): boolean {
  if (deepEqual(actual, expected)) return true;
  if (typeof actual !== 'string' || typeof expected !== 'object' || expected === null) return false;
  try {
    return deepEqual(JSON.parse(actual), expected);
  } catch {
    return false;
  }
}

/**
 * A JS RegExp for a Python pattern, anchored at the start as `re.match` is. Named groups `(?P<n>...)`
 * and a leading inline-flag group such as `(?i)` are translated.
 */
function pythonRegex(pattern: string, path: string): RegExp {
  let source = pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  let flags = '';
  const inline = /^\(\?([aimsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    flags = [...new Set(inline[1]!.replace(/[aux]/g, ''))].join('');
  }
  try {
    return new RegExp(`^(?:${source})`, flags);
  } catch (error) {
    throw new SpanQueryError(
      `${path}: invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`,
    );
  }
}

function subQueries(value: unknown, path: string): SpanPredicate[] {
  if (!Array.isArray(value)) throw typeError(path, 'a list of queries', value);
  return value.map((q, i) => compileQuery(q as SpanQuery, `${path}[${i}]`));
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw typeError(path, 'a string', value);
  return value;
}

function stringList(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw typeError(path, 'a list of strings', value);
  }
  return value as string[];
}

function count(value: unknown, path: string, integer = true): number {
  const ok =
    typeof value === 'number' && value >= 0 && (integer ? Number.isInteger(value) : Number.isFinite(value));
  if (!ok) throw typeError(path, integer ? 'an integer >= 0' : 'a number of seconds >= 0', value);
  return value as number;
}

function typeError(path: string, expected: string, value: unknown): SpanQueryError {
  return new SpanQueryError(`${path} must be ${expected}, got ${describe(value)}`);
}

function unknownKey(key: string, path: string): SpanQueryError {
  const camel = SNAKE_KEYS[key];
  const hint = camel
    ? ` (pydantic-evals spelling: use '${camel}', or convert the whole query with spanQueryFromSnakeCase())`
    : suggestion(key);
  return new SpanQueryError(
    `${path}: unknown key '${key}'${hint}. Valid keys: ${[...CAMEL_KEYS].join(', ')}`,
  );
}

/** ` (did you mean 'nameEquals'?)` for a near miss in either spelling, else ''. */
function suggestion(key: string): string {
  const squash = (k: string) => k.replace(/_/g, '').toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of CAMEL_KEYS) {
    const distance = editDistance(squash(key), squash(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${JSON.stringify(value)})`;
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${String(value)} (${typeof value})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
