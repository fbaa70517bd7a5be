/**
 * `npm run bench:peers`: installs the TypeScript eval frameworks that run offline (logfire/evals,
 * braintrust + autoevals in no-send mode) into bench/peers/node_modules, apart from typed-evals' own
 * dependencies, then runs the same W1 (overhead) and W2 (latency) workloads on each of them and on
 * typed-evals in one run, each in a fresh process, and checks each framework's peak in-flight count
 * against the limit it was given.
 *
 *   npm run bench:peers                 quick: W1 at 10k cases, W2 at c=10 and unlimited
 *   npm run bench:peers -- --full       W1 at 100k cases, W2 at c=10, 100 and unlimited
 *   npm run bench:peers -- --repeat 5 --only typed-evals,logfire/evals
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const argv = process.argv.slice(2);
const full = argv.includes('--full');
const flagValue = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const repeat = Number(flagValue('--repeat') ?? 3);
const only = flagValue('--only')?.split(',');

interface Framework {
  name: string;
  command: (workloadArgs: string[]) => [string, string[]];
  /** Where the process starts: typed-evals from the repository root, peers from bench/peers. */
  cwd: string;
}

const FRAMEWORKS: Framework[] = [
  {
    name: 'typed-evals',
    command: (a) => [
      process.execPath,
      ['--conditions=typed-evals-source', '--import', 'tsx', here('../workloads/peer-typed-evals.ts'), ...a],
    ],
    cwd: here('../..'),
  },
  {
    name: 'logfire/evals',
    command: (a) => [process.execPath, [here('workloads/logfire.mjs'), ...a]],
    cwd: here('.'),
  },
  {
    name: 'braintrust',
    command: (a) => [process.execPath, [here('workloads/braintrust.mjs'), ...a]],
    cwd: here('.'),
  },
];

function workloads(): { label: string; args: string[] }[] {
  const w1n = full ? '100000' : '10000';
  const list = [
    { label: `W1 n=${w1n}`, args: ['--workload', 'W1', '--n', w1n, '--concurrency', 'unlimited'] },
  ];
  for (const c of full ? ['10', '100', 'unlimited'] : ['10', 'unlimited']) {
    list.push({
      label: `W2 c=${c}`,
      args: ['--workload', 'W2', '--n', '1000', '--sleep', '50', '--concurrency', c],
    });
  }
  return list;
}

function ensureInstalled(): void {
  if (existsSync(here('node_modules/logfire')) && existsSync(here('node_modules/braintrust'))) return;
  console.error('installing peers into bench/peers/node_modules (once)...');
  // `npm run` exports the root project's settings (engine-strict among them) as npm_config_* variables:
  // drop them so that the peers folder's own .npmrc applies.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
  );
  execFileSync('npm', ['install', '--no-package-lock'], {
    cwd: here('.'),
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

type Line = Record<string, unknown> & {
  seconds: number;
  peakInFlight: number;
  limitRespected: boolean;
  peakRssMb: number;
};

async function runOnce(framework: Framework, args: string[]): Promise<Line | string> {
  const [cmd, cmdArgs] = framework.command(args);
  try {
    const { stdout } = await execFileAsync(cmd, cmdArgs, {
      cwd: framework.cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', BRAINTRUST_API_KEY: '', BRAINTRUST_DISABLE_INSTRUMENTATION: '1' },
    });
    const line = stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{"framework"'))
      .pop();
    return line ? (JSON.parse(line) as Line) : 'no result line';
  } catch (error) {
    return String((error as Error).message)
      .split('\n')[0]!
      .slice(0, 120);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  ensureInstalled();
  const rowsOut: string[][] = [];
  for (const w of workloads()) {
    const base: Record<string, number> = {};
    for (const fw of FRAMEWORKS) {
      if (only && !only.includes(fw.name)) continue;
      const lines: Line[] = [];
      let failure: string | undefined;
      for (let i = 0; i < repeat && !failure; i++) {
        const r = await runOnce(fw, w.args);
        if (typeof r === 'string') failure = r;
        else {
          lines.push(r);
          console.log(JSON.stringify({ bench: 'peer-run', ...r }));
        }
      }
      if (failure) {
        rowsOut.push([w.label, fw.name, 'failed', '', '', '', failure]);
        continue;
      }
      const med = median(lines.map((l) => l.seconds));
      base[fw.name] = med;
      const summary = {
        bench: 'peer-summary',
        workload: w.label,
        framework: fw.name,
        medianSeconds: med,
        minSeconds: Math.min(...lines.map((l) => l.seconds)),
        maxSeconds: Math.max(...lines.map((l) => l.seconds)),
        peakInFlight: Math.max(...lines.map((l) => l.peakInFlight)),
        limitRespected: lines.every((l) => l.limitRespected),
        peakRssMb: Math.max(...lines.map((l) => l.peakRssMb)),
        vsTypedEvals: base['typed-evals'] ? med / base['typed-evals'] : undefined,
      };
      console.log(JSON.stringify(summary));
      rowsOut.push([
        w.label,
        fw.name,
        `${med.toFixed(3)} s`,
        summary.vsTypedEvals ? `${summary.vsTypedEvals.toFixed(2)}x` : '',
        `${summary.peakInFlight}${summary.limitRespected ? '' : ' (OVER LIMIT)'}`,
        `${summary.peakRssMb} MB`,
        '',
      ]);
    }
  }
  printTable(
    ['workload', 'framework', 'median', 'vs typed-evals', 'peak in flight', 'peak RSS', 'note'],
    rowsOut,
  );
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ');
  console.log(
    `\ntyped-evals vs peers (${full ? 'full' : 'quick'} mode, ${repeat} runs each, node ${process.version})`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

await main();
