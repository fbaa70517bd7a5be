/**
 * @module
 * Keeps API keys and Authorization headers out of what typed-evals shows or stores: error messages
 * and stacks that reach reports, spans and the terminal. The known key variables' values are replaced
 * wherever they occur, and common key shapes are masked by pattern.
 */

const MASK = '[REDACTED]';

/** Environment variables whose values are always treated as secrets. */
const SECRET_ENV_NAME = /(API_?KEY|ACCESS_?KEY|SECRET|TOKEN|PASSWORD)/i;

type Replacement = string | ((match: string, ...groups: string[]) => string);

const SECRET_PATTERNS: readonly [RegExp, Replacement][] = [
  // Authorization: Bearer xyz / Basic xyz (header text or JSON)
  [
    /(authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic)\s+)?[^\s"',}]+/gi,
    (_, prefix: string, scheme?: string) => `${prefix}${scheme ? `${scheme} ` : ''}${MASK}`,
  ],
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  // x-api-key: xyz, api_key=xyz, "apiKey": "xyz", ?key=xyz
  [
    /((?:x-)?(?:api[_-]?key|access[_-]?token|goog-api-key|secret)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
    `$1${MASK}`,
  ],
  [/([?&](?:key|token|api_key|access_token)=)[^&\s"']+/gi, `$1${MASK}`],
  // Key shapes: OpenAI / Anthropic (sk-...), Google (AIza...), generic long tokens with a vendor prefix.
  [/\bsk-[A-Za-z0-9_-]{8,}/g, `sk-${MASK}`],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, MASK],
  [/\b(?:gsk|xai|hf|pplx|ghp|glpat)[-_][A-Za-z0-9_-]{12,}/g, MASK],
];

/** Values of secret-looking environment variables (8+ characters), longest first. */
function secretEnvValues(): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(process.env)) {
    if (value && value.length >= 8 && SECRET_ENV_NAME.test(name)) values.push(value);
  }
  return values.sort((a, b) => b.length - a.length);
}

/** `text` with API keys, tokens and Authorization values masked. */
export function scrubSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of [...extraSecrets, ...secretEnvValues()]) {
    if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement as string);
  return out;
}

/**
 * Masks secrets in an error in place, down its `cause` chain: message, stack, and the AI SDK's
 * `url` / `responseBody` fields. The error keeps its class, name and other fields (so `retryAfterMs`
 * still reads its response headers). Returns the same error.
 */
export function scrubError<T>(error: T, extraSecrets: readonly string[] = []): T {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as Record<string, unknown>;
    for (const field of ['message', 'stack', 'url', 'responseBody']) {
      const value = e[field];
      if (typeof value !== 'string') continue;
      const clean = scrubSecrets(value, extraSecrets);
      if (clean !== value) trySet(e, field, clean);
    }
    current = e.cause;
  }
  return error;
}

function trySet(target: Record<string, unknown>, field: string, value: string): void {
  try {
    target[field] = value;
  } catch {
    // A frozen or getter-only field: leave it; message and stack of real errors are writable.
  }
}
