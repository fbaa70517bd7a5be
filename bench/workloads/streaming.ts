/**
 * W3, streaming: a 1,000,000-line JSONL dataset (inputs a number, expected_output its double) opened with
 * Dataset.stream, evaluators EqualsExpected, IsInstance('number') and one custom score, run with
 * keepResults: false. Target: peak RSS <= 200 MB.
 */

import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset, EqualsExpected, evaluator, IsInstance } from 'typed-evals';
import { emit, flag, peakRssMb } from './common.js';

const n = flag('n', 1_000_000);

/** Writes the file in 1000-line chunks, waiting on the stream so the generator itself stays small. */
async function writeDataset(path: string): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (let start = 0; start < n; start += 1000) {
    let chunk = '';
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      chunk += `{"name":"case-${i}","inputs":${i},"expected_output":${i * 2}}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const dir = mkdtempSync(join(tmpdir(), 'typed-evals-w3-'));
try {
  const path = join(dir, 'streaming.jsonl');
  await writeDataset(path);
  const dataset = Dataset.stream<number, number>(path, {
    evaluators: [
      new EqualsExpected(),
      new IsInstance({ typeName: 'number' }),
      evaluator('ratio', (ctx) => ctx.output / n),
    ],
  });
  const start = performance.now();
  const run = dataset.run((x: number) => x * 2, { keepResults: false, progress: false });
  const report = await run.report();
  const seconds = (performance.now() - start) / 1000;
  const averages = report.averages();
  if (report.caseCount !== n || report.failureCount !== 0 || averages?.assertions !== 1) {
    throw new Error(
      `streaming: wrong results (${report.caseCount} cases, assertions ${averages?.assertions})`,
    );
  }
  emit({ workload: 'W3', cases: n, seconds, casesPerSecond: n / seconds, peakRssMb: peakRssMb() });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
