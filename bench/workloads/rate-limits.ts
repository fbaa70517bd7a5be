/**
 * W4, rate limits (PRODUCT.md): a local OpenAI-compatible server allowing 20 concurrent requests and
 * 100 requests/s (sliding 1 s window), 20-50 ms latency, answering 429 + Retry-After beyond. N cases
 * (default 2000), each one task call and one judge-like evaluator call to the server, both through ONE
 * shared adaptive Limiter (`wrapModel` on an @ai-sdk/openai-compatible model). No maxConcurrency and no
 * hand-set rate: the limiter finds the limits. 429s reach retryTask / retryEvaluators, which wait for
 * the Retry-After. Target: 0 failed cases, >= 90% of 100 req/s, 429s <= 5% of requests.
 *
 * `achievedRps` counts accepted (answered) requests per second of the run; `rate429` is 429s over all
 * requests. With `--verbose 1`, the limiter's changes and a per-second line go to stderr.
 *
 *   npx tsx --conditions=typed-evals-source bench/workloads/rate-limits.ts [--n 2000] [--verbose 1]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { generateText } from 'ai';
// Until src/index.ts re-exports it, the Limiter comes from its module.
import { Dataset, evaluator, Limiter, type RetryOptions } from 'typed-evals';
import { type RateLimitedServer, startRateLimitedServer } from '../../test/helpers/rate-limited-server.js';
import { emit, flag } from './common.js';

const ALLOWED_RPS = 100;
// The AI SDK's own retries are off (maxRetries: 0): the engine retries, honouring Retry-After.
const RETRY: RetryOptions = { retries: 10, minDelayMs: 100, maxDelayMs: 10_000 };

type Inputs = { question: string };

function buildDataset(model: LanguageModelV3, n: number): Dataset<Inputs, string> {
  // An LLM-judge-like evaluator: one call to the server per case.
  const judge = evaluator<Inputs, string>('judge', async (ctx) => {
    const { text } = await generateText({
      model,
      prompt: `Is this a good answer? ${ctx.output}`,
      maxRetries: 0,
    });
    return text.startsWith('ok');
  });
  return new Dataset<Inputs, string>({
    name: 'w4',
    cases: Array.from({ length: n }, (_, i) => ({
      name: `case-${i}`,
      inputs: { question: `Question ${i}?` },
    })),
    evaluators: [judge],
  });
}

/** Logs the limiter's changes and, every second, the server's answers and the event-loop lag. */
function watch(limiter: Limiter, server: RateLimitedServer): void {
  const t0 = Date.now();
  const at = () => ((Date.now() - t0) / 1000).toFixed(3);
  limiter.on('change', (c) => console.error(at(), JSON.stringify(c)));
  limiter.on('throttle', (t) => console.error(at(), 'throttle', t.ms));
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  let last = { accepted: 0, rejected: 0 };
  const timer = setInterval(() => {
    const { accepted, rejected } = server.stats;
    const { inFlight, queued, limit, learnedRequestsPerMinute } = limiter.stats();
    const second = { accepted: accepted - last.accepted, rejected: rejected - last.rejected };
    last = { accepted, rejected };
    const lagP99 = Math.round(lag.percentile(99) / 1e6);
    lag.reset();
    console.error(JSON.stringify({ ...second, inFlight, queued, limit, learnedRequestsPerMinute, lagP99 }));
  }, 1000);
  timer.unref();
}

async function main(): Promise<void> {
  const n = flag('n', 2000);
  const server = await startRateLimitedServer({
    maxConcurrency: 20,
    requestsPerSecond: ALLOWED_RPS,
    latencyMs: [20, 50],
  });
  try {
    const limiter = new Limiter({ name: 'fake-openai', adaptive: true });
    if (flag('verbose', 0) > 0) watch(limiter, server);
    const provider = createOpenAICompatible({ name: 'fake', baseURL: server.baseURL, apiKey: 'sk-test' });
    const model = limiter.wrapModel(provider.chatModel('fake-model'));
    const dataset = buildDataset(model, n);

    // Warm-up, not measured: the first HTTP calls of a fresh process (module init, JIT, connection
    // set-up) take up to a second here, which would otherwise be charged to the limiter.
    await generateText({ model: provider.chatModel('fake-model'), prompt: 'warm-up', maxRetries: 5 });
    server.resetStats();

    const start = performance.now();
    const report = await dataset.evaluate(
      async (inputs, ctx) =>
        (await generateText({ model, prompt: inputs.question, maxRetries: 0, abortSignal: ctx.signal })).text,
      { retryTask: RETRY, retryEvaluators: RETRY, progress: false },
    );
    const seconds = (performance.now() - start) / 1000;

    const failedCases =
      report.failures.length + report.cases.filter((c) => c.evaluatorFailures.length > 0).length;
    const { requests, accepted, rejected, peakConcurrency } = server.stats;
    const achievedRps = accepted / seconds;
    emit({
      workload: 'W4',
      cases: n,
      failedCases,
      requests,
      rate429: rejected / requests,
      achievedRps,
      allowedRps: ALLOWED_RPS,
      ratio: achievedRps / ALLOWED_RPS,
      seconds,
      peakServerConcurrency: peakConcurrency,
      finalLimit: limiter.limit,
      learnedRequestsPerMinute: limiter.stats().learnedRequestsPerMinute,
      limitChanges: limiter.history.length,
    });
  } finally {
    await server.close();
  }
}

await main();
