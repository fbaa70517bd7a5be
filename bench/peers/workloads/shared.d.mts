export interface BenchArgs {
  workload: string;
  n: number;
  sleepMs: number;
  concurrency: number | undefined;
}
export interface InFlightStats {
  inFlight: number;
  peak: number;
  calls: number;
}
export function args(): BenchArgs;
export function rows(n: number): { name: string; input: number; expected: number }[];
export function countingTask(sleepMs: number): { task: (x: number) => Promise<number>; stats: InFlightStats };
export function report(
  framework: string,
  a: BenchArgs,
  seconds: number,
  stats: InFlightStats,
  extra?: Record<string, unknown>,
): void;
