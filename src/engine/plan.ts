import type { Case } from '../dataset/case.js';
import type { CaseSource } from '../dataset/dataset.js';
import type { WorkItem } from '../runner/types.js';

/**
 * Expands cases x repeat into work items, lazily: items are made as the scheduler pulls them, so a
 * million-case source never exists as a million items. Order is case-major (case 1 runs 1..n, case 2...).
 */
export function planWorkItems(source: CaseSource, repeat: number): Iterator<WorkItem> | AsyncIterator<WorkItem> {
  const cases = source.cases;
  if (Array.isArray(cases)) return arrayPlan(cases, repeat);
  if (Symbol.asyncIterator in cases) return asyncPlan(cases as AsyncIterable<Case>, repeat);
  return syncPlan(cases as Iterable<Case>, repeat);
}

/** The common case, written as a plain iterator: no generator frame per pull. */
function arrayPlan(cases: readonly Case[], repeat: number): Iterator<WorkItem> {
  let caseIndex = 0;
  let run = 1;
  let index = 0;
  return {
    next(): IteratorResult<WorkItem> {
      if (caseIndex >= cases.length) return { done: true, value: undefined };
      const item = makeItem(cases[caseIndex]!, caseIndex, run, repeat, index++);
      if (++run > repeat) {
        run = 1;
        caseIndex++;
      }
      return { done: false, value: item };
    },
  };
}

function* syncPlan(cases: Iterable<Case>, repeat: number): Generator<WorkItem> {
  let caseIndex = 0;
  let index = 0;
  for (const c of cases) {
    for (let run = 1; run <= repeat; run++) yield makeItem(c, caseIndex, run, repeat, index++);
    caseIndex++;
  }
}

async function* asyncPlan(cases: AsyncIterable<Case>, repeat: number): AsyncGenerator<WorkItem> {
  let caseIndex = 0;
  let index = 0;
  for await (const c of cases) {
    for (let run = 1; run <= repeat; run++) yield makeItem(c, caseIndex, run, repeat, index++);
    caseIndex++;
  }
}

function makeItem(c: Case, caseIndex: number, run: number, repeat: number, index: number): WorkItem {
  const base = c.name === undefined || c.name === '' ? `Case ${caseIndex + 1}` : c.name;
  if (repeat === 1) return { index, case: c, caseName: base, sourceCaseName: undefined };
  return { index, case: c, caseName: `${base} [${run}/${repeat}]`, sourceCaseName: base };
}
