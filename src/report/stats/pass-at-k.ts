/**
 * pass@k and pass^k from `n` runs of which `c` passed, with the unbiased estimators (Chen et al. 2021 for
 * pass@k): the probability that, among k runs drawn without replacement from the n, at least one passes
 * (pass@k) or all pass (pass^k).
 */

/**
 * `1 - C(n - c, k) / C(n, k)`, computed as `1 - Π_{i = n-c+1..n} (1 - k / i)` (no large binomials).
 * Throws unless `0 <= c <= n` and `1 <= k <= n` are integers.
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** `C(c, k) / C(n, k)` = `Π_{i = 0..k-1} (c - i) / (n - i)`: the probability that k runs all pass. */
export function passHatK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  if (c < k) return 0;
  let allPass = 1;
  for (let i = 0; i < k; i++) allPass *= (c - i) / (n - i);
  return allPass;
}

function checkCounts(n: number, c: number, k: number): void {
  const ok =
    Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k) && c >= 0 && c <= n && k >= 1 && k <= n;
  if (!ok) {
    throw new RangeError(`pass@k needs integers 0 <= c <= n and 1 <= k <= n, got n=${n}, c=${c}, k=${k}`);
  }
}
