/**
 * Rate limits: 40 cases may run at once, but every model call goes through one Limiter that keeps to
 * the account's quotas (requests and tokens per minute) and learns the provider's concurrency limit
 * from its 429s. Offline: the provider is simulated and takes 4 requests at once (fake-provider.ts).
 *
 *   npx typed-evals run examples/rate-limits
 */
import {
  Dataset,
  defineExperiment,
  EqualsExpected,
  incrementEvalMetric,
  type LimitChange,
  Limiter,
  type ReportAnalysis,
  ReportEvaluator,
} from 'typed-evals';
import { estimateTokens, FakeProvider } from './fake-provider.js';

const provider = new FakeProvider(4);

/**
 * One limiter per provider account, shared by every call to it (tasks and LLM judges alike).
 * `adaptive: true` starts at 4 calls in flight, doubles while calls succeed, halves on a 429 and
 * climbs back slowly; `maxConcurrency` caps it.
 */
const limiter = new Limiter({
  name: 'fake-llm',
  maxConcurrency: 8,
  requestsPerMinute: 60_000,
  tokensPerMinute: 60_000,
  adaptive: true,
});

const prompts = Array.from({ length: 40 }, (_, i) => `say hello to user ${i + 1}`);

/** The limiter's view of the run, as a table under the report. */
class LimiterSummary extends ReportEvaluator {
  evaluate(): ReportAnalysis {
    const stats = limiter.stats();
    const changes = limiter.history.map(describeChange);
    return {
      type: 'table',
      title: `Limiter '${stats.name}'`,
      columns: ['calls', '429s', 'tokens', 'limit now', 'limit changes'],
      rows: [[stats.started, stats.rateLimited, stats.tokens, stats.limit, changes.join(', ') || 'none']],
    };
  }
}

/** `rate_limit: limit 8 → 4, rate → 2,400/min`: what one adaptive step changed. */
function describeChange(change: LimitChange): string {
  const parts: string[] = [];
  if (change.limit !== change.previousLimit) parts.push(`limit ${change.previousLimit} → ${change.limit}`);
  if (change.requestsPerMinute !== change.previousRequestsPerMinute) {
    const rate = (rpm: number | undefined) =>
      rpm === undefined ? 'unset' : `${Math.round(rpm).toLocaleString('en')}/min`;
    parts.push(`rate ${rate(change.previousRequestsPerMinute)} → ${rate(change.requestsPerMinute)}`);
  }
  return `${change.reason}: ${parts.join(', ') || 'no change'}`;
}

export default defineExperiment({
  dataset: new Dataset<string, string>({
    name: 'greetings',
    cases: prompts.map((prompt, i) => ({
      name: `greeting-${i + 1}`,
      inputs: prompt,
      expectedOutput: prompt.toUpperCase(),
    })),
    evaluators: [new EqualsExpected()],
  }),
  task: async (prompt, { signal }) => {
    const completion = await limiter.run((limited) => provider.complete(prompt, limited), {
      signal,
      tokens: estimateTokens(prompt) * 2,
      usage: (result) => result.usage.totalTokens,
    });
    incrementEvalMetric('tokens', completion.usage.totalTokens);
    return completion.text;
  },
  reportEvaluators: [new LimiterSummary()],
  options: {
    // Cases in flight: the limiter, not this, bounds the calls to the provider.
    maxConcurrency: 40,
    // A 429 is retried; its Retry-After (the error's `retryAfter`, in seconds) sets the delay.
    retryTask: { retries: 5, minDelayMs: 100 },
  },
});
