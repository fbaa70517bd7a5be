/**
 * `npm run bench`: runs each workload of docs/PERFORMANCE.md in a fresh child process, several times,
 * prints one JSON line per run and per summary, then a table with the targets of PRODUCT.md.
 *
 *   npm run bench                 quick mode (well under a minute)
 *   npm run bench -- --full       the full workloads (100k / 1M cases)
 *   npm run bench -- --only W1,W2 --repeat 5 --n 50000
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { formatTable, type Run, type Spec, summarize } from './summary.js';

const execFileAsync = promisify(execFile);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const args = process.argv.slice(2);
const full = args.includes('--full');
const only = flagValue('--only')
  ?.split(',')
  .map((s) => s.trim());
const repeat = Number(flagValue('--repeat') ?? (full ? 7 : 5));
const nOverride = flagValue('--n');

function flagValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function specs(): Spec[] {
  const n = (quick: number, fullN: number) => nOverride ?? String(full ? fullN : quick);
  return [
    { id: 'W0', file: 'workloads/floor.ts', args: ['--n', n(100_000, 100_000)] },
    { id: 'W1', file: 'workloads/overhead.ts', args: ['--n', n(100_000, 100_000)] },
    // The two long W2 runs (2 s and 5 s each, a few ms apart between runs) run once in quick mode, to
    // keep it about a minute.
    {
      id: 'W2',
      key: 'c=1',
      file: 'workloads/latency.ts',
      args: ['--n', '40', '--concurrency', '1'],
      repeat: full ? undefined : 1,
    },
    {
      id: 'W2',
      key: 'c=10',
      file: 'workloads/latency.ts',
      args: ['--n', '1000', '--concurrency', '10'],
      repeat: full ? undefined : 1,
    },
    { id: 'W2', key: 'c=100', file: 'workloads/latency.ts', args: ['--n', '1000', '--concurrency', '100'] },
    {
      id: 'W2',
      key: 'c=unlimited',
      file: 'workloads/latency.ts',
      args: ['--n', '1000', '--concurrency', 'unlimited'],
    },
    {
      id: 'W1-otel',
      file: 'workloads/otel-overhead.ts',
      args: ['--n', n(20_000, 100_000)],
      repeat: full ? 3 : 1,
    },
    { id: 'W1-store', file: 'workloads/store.ts', args: ['--n', n(100_000, 100_000)] },
    { id: 'W3', file: 'workloads/streaming.ts', args: ['--n', n(500_000, 1_000_000)], repeat: full ? 5 : 3 },
    { id: 'W4', file: 'workloads/rate-limits.ts', args: ['--n', full ? '2000' : '600'], repeat: 1 },
    { id: 'R', file: 'workloads/render.ts', args: ['--n', '1000'] },
    { id: 'online', file: 'workloads/online.ts', args: [], repeat: 1 },
    { id: 'viewer', file: 'workloads/viewer.ts', args: ['--n', '100000'], repeat: 1 },
  ];
}

async function runOnce(spec: Spec): Promise<Run | undefined> {
  const file = here(spec.file);
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--conditions=typed-evals-source', '--import', 'tsx', file, ...spec.args],
    { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
  );
  const line = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  return line ? (JSON.parse(line) as Run) : undefined;
}

/**
 * W0 and the workloads judged against it run in rounds (W0, W1, W1-store, W3, then again), so that each
 * ratio compares runs made side by side: on a shared 2-core VM the noise drifts over a minute.
 */
const ROUNDS = new Set(['W0', 'W1', 'W1-store', 'W3']);

async function runAll(list: Spec[]): Promise<Map<Spec, Run[]>> {
  const runs = new Map<Spec, Run[]>(list.map((spec) => [spec, []]));
  const record = async (spec: Spec) => {
    const result = await runOnce(spec);
    if (!result) throw new Error(`${spec.id} printed no JSON line`);
    console.log(JSON.stringify({ bench: 'run', id: spec.id, key: spec.key, ...result }));
    runs.get(spec)!.push(result);
  };
  const rounded = list.filter((spec) => ROUNDS.has(spec.id));
  const rounds = Math.max(0, ...rounded.map((spec) => spec.repeat ?? repeat));
  for (let round = 0; round < rounds; round++) {
    for (const spec of rounded) if (round < (spec.repeat ?? repeat)) await record(spec);
  }
  for (const spec of list) {
    if (ROUNDS.has(spec.id)) continue;
    for (let i = 0; i < (spec.repeat ?? repeat); i++) await record(spec);
  }
  return runs;
}

async function main(): Promise<void> {
  const list = specs().filter((spec) => {
    if (only && !only.includes(spec.id)) return false;
    if (existsSync(here(spec.file))) return true;
    console.error(`skip ${spec.id}: ${spec.file} does not exist yet`);
    return false;
  });
  const runs = await runAll(list);
  const w0Runs = [...runs].find(([spec]) => spec.id === 'W0')?.[1];
  const summaries = list.map((spec) => summarize(spec, runs.get(spec)!, w0Runs));
  for (const s of summaries) console.log(JSON.stringify({ bench: 'summary', ...s }));
  console.log(`\n${formatTable(summaries, full ? 'full' : 'quick')}`);
}

await main();
