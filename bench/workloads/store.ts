/**
 * W1-store: W1 (100k cases, sync task x => x*2, EqualsExpected, IsInstance('number'), one custom score,
 * unlimited concurrency, progress off) with the run store on, in a temporary data folder. The store's
 * cost must keep W1 within its target (<= 3x W0). The run file is checked to hold every case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlStore } from '../../src/store/jsonl-store.js';
import { emit, flag, peakRssMb, w1Dataset } from './common.js';

const n = flag('n', 100_000);
const dataset = w1Dataset(n);

const dataDir = mkdtempSync(join(tmpdir(), 'typed-evals-bench-store-'));
try {
  const start = performance.now();
  const run = dataset.run((x: number) => x * 2, { progress: false, store: { dataDir } });
  const report = await run.report();
  const seconds = (performance.now() - start) / 1000;
  if (report.cases.length !== n || report.averages()?.assertions !== 1)
    throw new Error('store: wrong results');
  const stored = await new JsonlStore(dataDir).readRun(run.runId!);
  if (stored.footer?.caseCount !== n) throw new Error('store: the run file does not hold every case');
  emit({ workload: 'W1-store', cases: n, seconds, casesPerSecond: n / seconds, peakRssMb: peakRssMb() });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
