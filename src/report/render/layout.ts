/**
 * Column widths of a table that must fit the terminal: natural widths when they fit, else the columns
 * give up width in proportion to what they can spare above a floor. The floor is the first of these
 * that fits: 20 columns or the longest word (so short columns such as Scores stay whole and the long
 * ones wrap); the longest word; 4 columns (long words are folded). Undefined when even that cannot fit:
 * the caller stacks the rows instead.
 */

/** A column is never squeezed below this many characters (or its natural width, if smaller). */
export const MIN_COLUMN_WIDTH = 4;
/** Columns up to this wide keep their width while wider ones can give some up. */
export const COMFORTABLE_WIDTH = 20;

export function fitColumnWidths(
  natural: readonly number[],
  longestWords: () => readonly number[],
  available: number,
): number[] | undefined {
  const total = sum(natural);
  if (total <= available) return [...natural];
  const floors = natural.map((n) => Math.min(n, MIN_COLUMN_WIDTH));
  if (sum(floors) > available) return undefined;
  const words = longestWords().map((w, i) => Math.max(floors[i]!, Math.min(w, natural[i]!)));
  const comfortable = words.map((w, i) => Math.max(w, Math.min(natural[i]!, COMFORTABLE_WIDTH)));
  for (const candidate of [comfortable, words]) {
    if (sum(candidate) <= available) return shrink(natural, candidate, available);
  }
  return shrink(natural, floors, available);
}

/** Takes `sum(widths) - available` away from the columns, in proportion to `width - floor`. */
function shrink(widths: readonly number[], floors: readonly number[], available: number): number[] {
  const excess = sum(widths) - available;
  const room = widths.map((w, i) => w - floors[i]!);
  const totalRoom = sum(room);
  const cuts = room.map((r) => Math.floor((excess * r) / totalRoom));
  let left = excess - sum(cuts);
  // Hand out the rounding leftovers to the columns with the largest remainders.
  const order = room
    .map((r, i) => ({ i, remainder: (excess * r) / totalRoom - cuts[i]! }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    if (cuts[i]! < room[i]!) {
      cuts[i]!++;
      left--;
    }
  }
  return widths.map((w, i) => w - cuts[i]!);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
