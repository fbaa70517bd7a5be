/**
 * Online evaluation: what `withEvaluation` adds to the latency a caller sees. The same async function is
 * called `--n` times in sequence three ways: plain, wrapped with sampleRate 0, and wrapped with
 * sampleRate 1 and a cheap evaluator (evaluated in the background; that work is not timed, as it does
 * not run on the caller's path). Rounds interleave the three so drift hits them alike; the evaluations
 * queued by a round are awaited, untimed, before the next.
 *
 *   --fn compute   (default) an async function doing a small computation (one await): the most sensitive
 *   --fn sleep     an async function awaiting setTimeout(0): a call that really waits on the event loop
 *   --n 20000      calls per variant        --rounds 10     rounds the calls are split into
 */
import { evaluator } from 'typed-evals';
import { OnlineEvalConfig, waitForEvaluations, withEvaluation } from 'typed-evals/online';
import { emit, flag, sleep, textFlag } from './common.js';

const calls = flag('n', 20_000);
const rounds = flag('rounds', 10);
const kind = textFlag('fn', 'compute');

async function compute(x: number): Promise<number> {
  await null;
  let sum = 0;
  for (let i = 0; i < 16; i++) sum += (x * i) % 7;
  return sum;
}

async function sleepy(x: number): Promise<number> {
  await sleep(0);
  return x + 1;
}

const fn = kind === 'sleep' ? sleepy : compute;
let evaluated = 0;
const config = new OnlineEvalConfig({
  defaultSink: () => {
    evaluated++;
  },
});
const cheap = evaluator('non_negative', (ctx) => ctx.output >= 0);
const variants: Record<string, (x: number) => Promise<number>> = {
  plain: fn,
  wrappedUnsampled: withEvaluation(fn, { evaluators: [cheap], sampleRate: 0, config }),
  wrappedSampled: withEvaluation(fn, { evaluators: [cheap], sampleRate: 1, config }),
};

/** Mean milliseconds per call of `call` over `count` sequential calls. */
async function timeCalls(call: (x: number) => Promise<number>, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await call(i);
  return performance.now() - start;
}

const perRound = Math.max(1, Math.floor(calls / rounds));
const names = Object.keys(variants);
const totalMs: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));

for (const name of names) await timeCalls(variants[name]!, Math.min(perRound, 2_000)); // warm-up
await waitForEvaluations();
evaluated = 0;
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length]!; // rotate the order
    totalMs[name]! += await timeCalls(variants[name]!, perRound);
    await waitForEvaluations();
  }
}

const done = perRound * rounds;
if (evaluated !== done) throw new Error(`online: expected ${done} evaluations, got ${evaluated}`);
const us = (name: string) => Math.round((totalMs[name]! / done) * 1000 * 1000) / 1000;
emit({
  workload: 'online',
  calls: done,
  plainUs: us('plain'),
  wrappedUnsampledUs: us('wrappedUnsampled'),
  wrappedSampledUs: us('wrappedSampled'),
});
