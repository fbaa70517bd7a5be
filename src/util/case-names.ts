/**
 * @module
 * How a case is named in reports, in one place: the engine's plan, resume, re-scoring and the CLI's case
 * filter must all agree on it.
 */

/** A case's name in reports: its own, or `Case N` (N from 1, its position in the dataset) when it has none. */
export function caseLabel(name: string | undefined, caseIndex: number): string {
  return name === undefined || name === '' ? `Case ${caseIndex + 1}` : name;
}

/** The report name of run `run` of `repeat`: the case's label, with ` [run/repeat]` when repeated. */
export function runName(label: string, run: number, repeat: number): string {
  return repeat === 1 ? label : `${label} [${run}/${repeat}]`;
}
