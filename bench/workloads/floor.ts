/**
 * W0, the floor: the work of W1 (task x => x*2, an equality check against the expected output, a type
 * check, one custom score, a result object per case kept in order) with a plain promise pool and no
 * framework. W1 is judged against this time.
 */
import { emit, flag, peakRssMb } from './common.js';

const n = flag('n', 100_000);
const workers = flag('workers', 100);
const cases = Array.from({ length: n }, (_, i) => ({ name: `case-${i}`, inputs: i, expectedOutput: i * 2 }));
const task = (x: number) => x * 2;

interface Result {
  name: string;
  output: number;
  assertions: Record<string, boolean>;
  scores: Record<string, number>;
  taskDuration: number;
}

async function runCase(c: (typeof cases)[number]): Promise<Result> {
  const start = performance.now();
  const output = await task(c.inputs);
  const taskDuration = (performance.now() - start) / 1000;
  return {
    name: c.name,
    output,
    assertions: { EqualsExpected: output === c.expectedOutput, IsInstance: typeof output === 'number' },
    scores: { ratio: output / n },
    taskDuration,
  };
}

const start = performance.now();
const results: Result[] = new Array(n);
let next = 0;
async function worker() {
  while (next < n) {
    const i = next++;
    results[i] = await runCase(cases[i]!);
  }
}
await Promise.all(Array.from({ length: workers }, worker));
const seconds = (performance.now() - start) / 1000;
let passed = 0;
for (const r of results) if (r.assertions.EqualsExpected) passed++;
if (passed !== n) throw new Error(`floor: ${passed}/${n} passed`);
emit({ workload: 'W0', cases: n, seconds, casesPerSecond: n / seconds, peakRssMb: peakRssMb() });
