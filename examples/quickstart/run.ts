/**
 * Quick start: evaluate the ticket triager on a small dataset, offline.
 *
 *   npm run example
 */
import {
  Contains,
  Dataset,
  EvaluationReason,
  Evaluator,
  type EvaluatorContext,
  IsInstance,
  MaxDuration,
  evaluator,
  incrementEvalMetric,
} from 'typed-evals';
import { type Ticket, type Triage, triage } from './triage.js';

/** Expected outputs name a category and a priority; the confidence is the triager's own. */
const expect = (category: Triage['category'], priority: Triage['priority']) =>
  ({ category, priority }) as Triage;

/** Checks the category against the expected one and says why when it differs. */
class CategoryMatches extends Evaluator<Ticket, Triage> {
  evaluate(ctx: EvaluatorContext<Ticket, Triage>) {
    const expected = ctx.expectedOutput?.category;
    if (expected === undefined) return {};
    const ok = ctx.output.category === expected;
    return new EvaluationReason(ok, ok ? undefined : `expected ${expected}, got ${ctx.output.category}`);
  }
}

const dataset = new Dataset<Ticket, Triage, { channel: string }>({
  name: 'ticket-triage',
  cases: [
    {
      name: 'refund',
      inputs: { subject: 'Refund please', body: 'I was charged twice on my last invoice.' },
      expectedOutput: expect('billing', 'normal'),
      metadata: { channel: 'email' },
    },
    {
      name: 'crash',
      inputs: {
        subject: 'App crash',
        body: 'The editor crashes with an error when I save. Production is down, fix ASAP!',
      },
      expectedOutput: expect('bug', 'urgent'),
      metadata: { channel: 'chat' },
    },
    {
      name: 'password',
      inputs: { subject: 'Login', body: 'Forgot my password, cannot sign in.' },
      expectedOutput: expect('account', 'low'),
      metadata: { channel: 'email' },
    },
    {
      name: 'pricing',
      inputs: { subject: 'Question', body: 'What is the price of the team plan for 40 seats per year?' },
      expectedOutput: expect('billing', 'normal'),
      metadata: { channel: 'web' },
    },
    {
      name: 'feature',
      inputs: { subject: 'Idea', body: 'It would be great to have a dark mode in the settings page.' },
      expectedOutput: expect('other', 'normal'),
      metadata: { channel: 'web' },
    },
    {
      name: 'email-change',
      inputs: {
        subject: 'Update',
        body: 'Please change the email on my account, the old one gives an error.',
      },
      expectedOutput: expect('account', 'normal'),
      metadata: { channel: 'chat' },
    },
  ],
  evaluators: [
    new CategoryMatches(),
    evaluator<Ticket, Triage>('priority', (ctx) => ctx.output.priority === ctx.expectedOutput?.priority),
    evaluator<Ticket, Triage>('confidence', (ctx) => ctx.output.confidence),
    evaluator<Ticket, Triage>('category', (ctx) => ctx.output.category),
    new IsInstance({ typeName: 'dict', evaluationName: 'is_object' }),
    new MaxDuration({ seconds: 1 }),
  ],
});
dataset.addEvaluator(new Contains({ value: { priority: 'urgent' }, evaluationName: 'flags_urgent' }), {
  caseName: 'crash',
});

const report = await dataset.evaluate(
  async (ticket: Ticket) => {
    incrementEvalMetric('chars', ticket.body.length);
    return triage(ticket);
  },
  { name: 'rules-v1', maxConcurrency: 4, metadata: { triager: 'keyword rules', version: 1 } },
);

report.print({ includeReasons: true });
const averages = report.averages();
console.log(
  `\n${report.cases.length} cases, ${report.failures.length} failures, assertion pass rate ${((averages?.assertions ?? 0) * 100).toFixed(1)}%`,
);
