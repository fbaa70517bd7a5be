/** Scales and axis ticks for the SVG charts. */

export type Scale = (value: number) => number;

/** Maps `domain` linearly onto `range` (a zero-width domain maps to the middle of the range). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  }
  return ticks;
}

/** [min, max] of the finite values, widened when empty or flat. */
export function extent(values: readonly number[], fallback: [number, number] = [0, 1]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return fallback;
  if (min === max) return min === 0 ? [0, 1] : [min - Math.abs(min) * 0.1, max + Math.abs(max) * 0.1];
  return [min, max];
}

export function tickLabel(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Number(value.toPrecision(3)).toString();
}

/** Evenly spaced ticks of a time axis (ms since the epoch) and their labels: seconds for short spans. */
export function timeAxis(
  domain: readonly [number, number],
  count = 5,
): { ticks: number[]; format: (ms: number) => string } {
  const [min, max] = domain;
  const ticks =
    min === max ? [min] : Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
  const span = max - min;
  const pad = (n: number) => String(n).padStart(2, '0');
  const format = (ms: number) => {
    const d = new Date(ms);
    const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (span < 10 * 60_000) return `${time}:${pad(d.getSeconds())}`;
    if (span < 24 * 3_600_000) return time;
    return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
  };
  return { ticks, format };
}
