/**
 * Workload R: render a report of `--n` cases (default 1000) shaped like a realistic run: three scores,
 * two labels, three metrics, three assertions, a few evaluator failures and task failures. Warms up, then
 * times `--runs` renders and prints one JSON line:
 * {"workload":"R","cases":1000,"medianMs":…,"minMs":…,"maxMs":…}
 *
 *   npx tsx --conditions=typed-evals-source bench/workloads/render.ts --n 1000
 *   (also --runs N, --warmup N, --width N, --color, --ascii)
 */
import { performance } from 'node:perf_hooks';
import {
  EvaluationReport,
  type EvaluationResult,
  type ReportCase,
  type ReportCaseFailure,
} from 'typed-evals';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 1)
    throw new Error(`--${name} expects a positive number, got ${process.argv[i + 1]}`);
  return value;
}

const n = flag('n', 1000);
const runs = flag('runs', 20);
const warmup = flag('warmup', 5);

/** A deterministic pseudo-random sequence, so every run renders the same report. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const source = { name: 'Bench', arguments: null };
function result<V extends string | number | boolean>(
  name: string,
  value: V,
  reason?: string,
): EvaluationResult<V> {
  return reason === undefined ? { name, value, source } : { name, value, reason, source };
}

function buildCase(i: number, rand: () => number): ReportCase {
  const correct = rand() > 0.2;
  return {
    name: `case-${String(i).padStart(4, '0')}`,
    inputs: { question: `What is ${i} + ${i}?`, lang: 'en' },
    metadata: { difficulty: i % 3 === 0 ? 'hard' : 'easy' },
    expectedOutput: String(2 * i),
    output: correct ? String(2 * i) : String(2 * i + 1),
    metrics: {
      input_tokens: 100 + Math.floor(rand() * 900),
      output_tokens: Math.floor(rand() * 300),
      cost: rand() / 100,
    },
    attributes: {},
    scores: {
      accuracy: result('accuracy', correct ? 1 : 0),
      relevance: result('relevance', Math.round(rand() * 1000) / 1000, 'judge reasoning'),
      f1: result('f1', rand()),
    },
    labels: {
      sentiment: result('sentiment', ['positive', 'negative', 'neutral'][i % 3]!),
      category: result('category', `cat-${i % 7}`),
    },
    assertions: {
      EqualsExpected: result('EqualsExpected', correct),
      MaxDuration: result('MaxDuration', rand() > 0.05),
      LLMJudge: result('LLMJudge', rand() > 0.3, 'The answer addresses the question.'),
    },
    taskDuration: 0.05 + rand() * 2,
    totalDuration: 0.1 + rand() * 3,
    sourceCaseName: undefined,
    evaluatorFailures:
      i % 97 === 0
        ? [
            {
              name: 'LLMJudge',
              errorMessage: 'RateLimitError: 429 Too Many Requests',
              errorType: 'RateLimitError',
              errorStack: '',
              source,
            },
          ]
        : [],
  };
}

function buildFailure(i: number): ReportCaseFailure {
  return {
    name: `failed-${i}`,
    inputs: { question: `What is ${i} / 0?` },
    metadata: undefined,
    expectedOutput: undefined,
    errorMessage: 'TimeoutError: Task attempt timed out after 30000 ms',
    errorStack: '',
    sourceCaseName: undefined,
  };
}

const rand = random(42);
const report = new EvaluationReport({
  name: 'bench',
  cases: Array.from({ length: n }, (_, i) => buildCase(i, rand)),
  failures: Array.from({ length: Math.ceil(n / 100) }, (_, i) => buildFailure(i)),
  experimentMetadata: { model: 'gpt-4o-mini', temperature: 0 },
});
const options = {
  width: flag('width', 160),
  color: process.argv.includes('--color'),
  ascii: process.argv.includes('--ascii'),
};

let size = 0;
for (let i = 0; i < warmup; i++) size += report.render(options).length;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  size += report.render(options).length;
  times.push(performance.now() - start);
}
// Using the output keeps the renders from being optimised away.
if (size === 0) throw new Error('empty render');
times.sort((a, b) => a - b);
const round = (ms: number) => Math.round(ms * 100) / 100;
process.stdout.write(
  `${JSON.stringify({
    workload: 'R',
    cases: n,
    medianMs: round(times[Math.floor(times.length / 2)]!),
    minMs: round(times[0]!),
    maxMs: round(times[times.length - 1]!),
  })}\n`,
);
