/**
 * @module
 * Reading JSON out of a model reply that structured output did not parse: replies wrapped in
 * markdown fences or with a sentence around the object, as smaller local models often write them.
 */

/** The JSON value in `text`, or undefined when there is none. */
export function parseJsonReply(text: string): unknown {
  const trimmed = text.trim();
  for (const candidate of [trimmed, unfence(trimmed), outermostObject(trimmed)]) {
    if (candidate === undefined || candidate.length === 0) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function unfence(text: string): string | undefined {
  const match = /```(?:json|JSON)?\s*\n?([\s\S]*?)\n?```/.exec(text);
  return match?.[1]?.trim();
}

function outermostObject(text: string): string | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}

/** The first `max` characters of a reply, for error messages. */
export function replySnippet(text: string, max = 300): string {
  const flat = text.trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}
