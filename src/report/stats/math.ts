/** Small numeric helpers for the statistics: summaries, quantiles and a seeded PRNG. No dependency. */

/** Mean, sample standard deviation (n - 1), min and max of a non-empty list, in one pass (Welford). */
export interface NumericSummary {
  /** How many values. */
  n: number;
  mean: number;
  /** Sample standard deviation (divides by n - 1); null with fewer than 2 values. */
  std: number | null;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): NumericSummary {
  let mean = 0;
  let m2 = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  values.forEach((value, i) => {
    const delta = value - mean;
    mean += delta / (i + 1);
    m2 += delta * (value - mean);
    if (value < min) min = value;
    if (value > max) max = value;
  });
  const n = values.length;
  return { n, mean: n === 0 ? Number.NaN : mean, std: n < 2 ? null : Math.sqrt(m2 / (n - 1)), min, max };
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample variance (n - 1) around `center`. */
export function sampleVariance(values: readonly number[], center = mean(values)): number {
  let sum = 0;
  for (const v of values) sum += (v - center) ** 2;
  return sum / (values.length - 1);
}

/** Quantile of ascending `sorted` by linear interpolation between order statistics (R type 7, numpy's default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const fraction = position - low;
  return sorted[low]! + (sorted[high]! - sorted[low]!) * fraction;
}

/** A seeded PRNG (mulberry32): a function returning floats in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of `text` mixed with `seed`: a per-test seed that does not depend on the order of the tests. */
export function hashSeed(seed: number, text: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
