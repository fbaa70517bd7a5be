/**
 * LLM judges on any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio, a gateway).
 *
 *   OPENAI_BASE_URL=http://127.0.0.1:11434/v1 JUDGE_MODEL=llama3.1 \
 *     npx tsx --conditions=typed-evals-source examples/llm-judge/run.ts
 *
 * Environment: OPENAI_BASE_URL (required), OPENAI_API_KEY (if the server needs one), JUDGE_MODEL
 * (default llama3.1), JUDGE_STRUCTURED_OUTPUTS=0 for servers without `json_schema` response formats.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { Dataset, GEval, LLMJudge } from 'typed-evals';
import { setDefaultJudgeModel } from 'typed-evals/llm';
import { answer, type Question } from './support-bot.js';

const baseURL = process.env.OPENAI_BASE_URL;
if (!baseURL) {
  console.error(
    'Set OPENAI_BASE_URL, e.g. http://127.0.0.1:11434/v1 for Ollama. See examples/llm-judge/README.md',
  );
  process.exit(1);
}

const judgeModel = createOpenAICompatible({
  name: 'judge',
  baseURL,
  apiKey: process.env.OPENAI_API_KEY,
  includeUsage: true,
  supportsStructuredOutputs: process.env.JUDGE_STRUCTURED_OUTPUTS !== '0',
}).chatModel(process.env.JUDGE_MODEL ?? 'llama3.1');

// Every judge below without its own `model` uses this one.
setDefaultJudgeModel(judgeModel);

const dataset = new Dataset<Question, string>({
  name: 'support-answers',
  cases: [
    {
      name: 'reset-password',
      inputs: { question: 'How do I reset my password?' },
      expectedOutput: 'Use "Forgot password" on the sign-in page; a reset link is emailed.',
    },
    {
      name: 'refund',
      inputs: { question: 'Can I get a refund after 20 days?' },
      expectedOutput: 'Yes, refunds are possible within 30 days of purchase.',
    },
    {
      name: 'export',
      inputs: { question: 'Can I export my data as CSV?' },
      expectedOutput: 'Yes: Settings > Data > Export, then choose CSV.',
    },
  ],
  evaluators: [
    // One assertion named 'LLMJudge', with the judge's reason.
    new LLMJudge({ rubric: 'The answer is polite and addresses the question.', includeInput: true }),
    // A 0-1 score named 'correctness', compared with the expected answer.
    new LLMJudge({
      rubric: 'The answer agrees with the expected answer on every fact.',
      includeInput: true,
      includeExpectedOutput: true,
      score: { evaluationName: 'correctness', includeReason: true },
      assertion: false,
    }),
    new GEval({
      criteria: 'Helpfulness: the answer lets the customer solve the problem on their own.',
      evaluationSteps: [
        'Identify what the customer wants to do.',
        'Check whether the answer gives concrete steps or a clear decision.',
        'Penalise vague, rude or wrong statements.',
      ],
      scoreRange: [1, 5],
      evaluationName: 'helpfulness',
    }),
  ],
});

const report = await dataset.evaluate(answer, {
  name: 'support-bot-v1',
  evaluatorConcurrency: 2, // judge calls in flight at once
  retryEvaluators: { retries: 2 }, // 429s and timeouts are retried, honouring Retry-After
  progress: false,
});
report.print({ includeReasons: true });
