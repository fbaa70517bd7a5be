/**
 * viewer: opening a 100k-case run in the web viewer. A run is recorded with the store (W1's dataset:
 * EqualsExpected, IsInstance and one score), the viewer is started on it, and the time is taken from the
 * first request for the run (indexing it from its file, summary and histograms) to its first page of
 * cases: what the browser waits for when the run's page opens. Target: under 2 s. Also reported: a page
 * sorted by a score (first sort of the run) and the same page again (cached).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset, EqualsExpected, evaluator, IsInstance } from 'typed-evals';
import { startViewer } from '../../src/viewer/server.js';
import { emit, flag, peakRssMb } from './common.js';

const n = flag('n', 100_000);
const dataset = new Dataset<number, number>({
  name: 'viewer',
  cases: Array.from({ length: n }, (_, i) => ({ name: `case-${i}`, inputs: i, expectedOutput: i * 2 })),
  evaluators: [
    new EqualsExpected(),
    new IsInstance({ typeName: 'number' }),
    evaluator('ratio', (ctx) => ctx.output / (2 * n)),
  ],
});

async function timed(url: string): Promise<{ seconds: number; body: unknown }> {
  const start = performance.now();
  const response = await fetch(url);
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return { seconds: (performance.now() - start) / 1000, body };
}

const dataDir = mkdtempSync(join(tmpdir(), 'typed-evals-bench-viewer-'));
try {
  const run = dataset.run((x: number) => x * 2, { name: 'viewer', progress: false, store: { dataDir } });
  await run.report();
  const server = await startViewer({ dataDir, port: 0 });
  try {
    const base = `${server.url}api/runs/${run.runId}`;
    const detail = await timed(base);
    const firstPage = await timed(`${base}/cases?page=0&pageSize=50`);
    const rows = (firstPage.body as { total: number }).total;
    if (rows !== n) throw new Error(`viewer: expected ${n} cases, got ${rows}`);
    const sorted = await timed(`${base}/cases?sort=score:ratio&order=desc&page=10&pageSize=50`);
    const sortedAgain = await timed(`${base}/cases?sort=score:ratio&order=desc&page=11&pageSize=50`);
    emit({
      workload: 'viewer',
      cases: n,
      openSeconds: round(detail.seconds + firstPage.seconds),
      runSeconds: round(detail.seconds),
      firstPageSeconds: round(firstPage.seconds),
      sortSeconds: round(sorted.seconds),
      sortedPageSeconds: round(sortedAgain.seconds),
      peakRssMb: peakRssMb(),
    });
  } finally {
    await server.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
