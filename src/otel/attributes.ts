import type { Attributes } from '@opentelemetry/api';
import { toJsonSafe } from '../util/json-safe.js';
import { LOGFIRE_JSON_SCHEMA, LOGFIRE_NULL_ARGS } from './constants.js';

/**
 * How values become span attributes, as logfire sends them: strings, finite numbers and booleans as
 * they are; objects and arrays as JSON text (made safe first: Maps, Dates, cycles, bigints...), listed
 * in `logfire.json_schema` so viewers parse them back; null/undefined in `logfire.null_args`.
 * Secrets are scrubbed on the way (see `scrub`).
 */
export class AttributeEncoder {
  #schema: Record<string, { type: 'object' | 'array' }> | undefined;
  #nulls: string[] | undefined;

  /** The attributes for `values`, plus the updated JSON-schema / null-args bookkeeping of this span. */
  encode(values: Record<string, unknown>): Attributes {
    const out: Attributes = {};
    let bookkeeping = false;
    for (const key in values) {
      const value = values[key];
      // Fast paths: most values are primitives, and empty records are common (metrics, labels).
      if (typeof value === 'number' ? Number.isFinite(value) : typeof value === 'boolean') {
        out[key] = value as number | boolean;
        continue;
      }
      if (typeof value === 'string') {
        out[key] = scrubString(value);
        continue;
      }
      const safe = isEmptyRecord(value) ? value : toJsonSafe(value);
      if (safe === undefined || safe === null) {
        this.#nulls ??= [];
        this.#nulls.push(key);
      } else if (typeof safe === 'object') {
        out[key] = JSON.stringify(scrub(safe));
        this.#schema ??= {};
        this.#schema[key] = { type: Array.isArray(safe) ? 'array' : 'object' };
      } else {
        out[key] = typeof safe === 'string' ? scrubString(safe) : (safe as number | boolean);
        continue;
      }
      bookkeeping = true;
    }
    if (bookkeeping) {
      if (this.#schema)
        out[LOGFIRE_JSON_SCHEMA] = JSON.stringify({ type: 'object', properties: this.#schema });
      if (this.#nulls) out[LOGFIRE_NULL_ARGS] = [...this.#nulls];
    }
    return out;
  }
}

function isEmptyRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  for (const _ in value) return false;
  return true;
}

/**
 * Keys whose values are secrets wherever they appear in a value (headers, configs, inputs): API keys,
 * Authorization headers, passwords, access tokens, cookies, private keys. Matched on the snake_case
 * form of the key, on word boundaries (so `openaiApiKey` matches and `author` does not). Numbers are
 * never scrubbed (`input_tokens` is a count).
 */
const SECRET_KEY =
  /(?:^|[^a-z])(?:authorization|password|passwd|secret|api_?key|access_token|refresh_token|auth_token|id_token|bearer|cookie|private_key|credentials?|jwt)s?(?:$|[^a-z])/;
const secretKeyCache = new Map<string, boolean>();
/** Values that are secrets whatever their key: `Bearer ...` headers and `sk-...` style API keys. */
const SECRET_VALUE =
  /^(?:Bearer\s+\S+|Basic\s+[A-Za-z0-9+/=]{8,}|sk-[A-Za-z0-9_-]{16,}|sk-ant-[A-Za-z0-9_-]{16,})$/;
export const SCRUBBED = '[Scrubbed]';

/** Replaces secrets in a JSON-safe value, in place (it is always a fresh copy here). */
export function scrub(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = scrub(value[i]);
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      record[key] =
        isSecretKey(key) && record[key] !== null && typeof record[key] !== 'number'
          ? SCRUBBED
          : scrub(record[key]);
    }
    return value;
  }
  return typeof value === 'string' ? scrubString(value) : value;
}

export function isSecretKey(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    const snake = key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/-/g, '_')
      .toLowerCase();
    secret = SECRET_KEY.test(snake);
    if (secretKeyCache.size < 10_000) secretKeyCache.set(key, secret);
  }
  return secret;
}

function scrubString(text: string): string {
  return text.length >= 12 && SECRET_VALUE.test(text) ? SCRUBBED : text;
}
