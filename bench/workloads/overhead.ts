import { emit, flag, peakRssMb, w1Dataset } from './common.js';

const n = flag('n', 100_000);
const dataset = w1Dataset(n);

const start = performance.now();
const report = await dataset.evaluate((x: number) => x * 2, { progress: false });
const seconds = (performance.now() - start) / 1000;
if (report.cases.length !== n || report.averages()?.assertions !== 1)
  throw new Error('overhead: wrong results');
emit({ workload: 'W1', cases: n, seconds, casesPerSecond: n / seconds, peakRssMb: peakRssMb() });
