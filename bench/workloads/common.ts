import { Dataset, EqualsExpected, evaluator, IsInstance } from 'typed-evals';
/** Helpers shared by the workload scripts: flag parsing and the one JSON line each prints. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} expects a number, got ${process.argv[i + 1]}`);
  return value;
}

export function textFlag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : (process.argv[i + 1] ?? fallback);
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** W1's dataset: n cases `x -> 2x` with EqualsExpected, IsInstance('number') and one custom score. */
export function w1Dataset(n: number): Dataset<number, number> {
  return new Dataset<number, number>({
    name: 'overhead',
    cases: Array.from({ length: n }, (_, i) => ({ name: `case-${i}`, inputs: i, expectedOutput: i * 2 })),
    evaluators: [
      new EqualsExpected(),
      new IsInstance({ typeName: 'number' }),
      evaluator('ratio', (ctx) => ctx.output / n),
    ],
  });
}
