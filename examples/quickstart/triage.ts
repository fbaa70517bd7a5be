/**
 * The system under test: a tiny rule-based support-ticket triager. It stands in for an LLM call so that
 * the example runs offline and gives the same report every time.
 */
export interface Ticket {
  subject: string;
  body: string;
}

export interface Triage {
  category: 'billing' | 'bug' | 'account' | 'other';
  priority: 'low' | 'normal' | 'urgent';
  /** How sure the triager is, from 0 to 1. */
  confidence: number;
}

const KEYWORDS: Record<Exclude<Triage['category'], 'other'>, string[]> = {
  billing: ['invoice', 'refund', 'charge', 'payment', 'price'],
  bug: ['error', 'crash', 'broken', 'fails', 'bug'],
  account: ['password', 'login', 'email', 'account', 'sign in'],
};

export async function triage(ticket: Ticket): Promise<Triage> {
  await new Promise((resolve) => setTimeout(resolve, 5)); // the "model" takes a moment
  const text = `${ticket.subject} ${ticket.body}`.toLowerCase();
  let best: Triage['category'] = 'other';
  let hits = 0;
  for (const [category, words] of Object.entries(KEYWORDS)) {
    const n = words.filter((w) => text.includes(w)).length;
    if (n > hits) {
      best = category as Triage['category'];
      hits = n;
    }
  }
  const priority = /urgent|asap|down|immediately/.test(text) ? 'urgent' : text.length < 40 ? 'low' : 'normal';
  return { category: best, priority, confidence: Math.min(1, 0.4 + hits * 0.3) };
}
