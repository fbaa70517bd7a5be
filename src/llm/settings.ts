/**
 * @module
 * Model settings of judge calls: the AI SDK's call settings, also accepted under pydantic-ai's
 * snake_case names so that dataset files written for pydantic-evals load unchanged.
 */
import { OptionsError } from '../errors.js';

/** Settings passed to the AI SDK call (see its `generateText` options). */
export interface JudgeModelSettings {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stopSequences?: string[];
  seed?: number;
  /** Provider-specific options, e.g. `{ openai: { reasoningEffort: 'low' } }`. */
  providerOptions?: Record<string, Record<string, unknown>>;
  /** Extra HTTP headers. Never written to specs, cache keys or cache files. */
  headers?: Record<string, string>;
}

/** pydantic-ai ModelSettings names → AI SDK names. */
const SNAKE_NAMES: Readonly<Record<string, keyof JudgeModelSettings>> = {
  max_tokens: 'maxOutputTokens',
  top_p: 'topP',
  top_k: 'topK',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
  stop_sequences: 'stopSequences',
  provider_options: 'providerOptions',
};

const NUMBER_KEYS = new Set([
  'temperature',
  'maxOutputTokens',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
]);
const KNOWN_KEYS = new Set<string>([...NUMBER_KEYS, 'stopSequences', 'providerOptions', 'headers']);

/** The settings with snake_case names mapped and every value checked; throws OptionsError naming the bad key. */
export function normalizeModelSettings(raw: unknown, where: string): JudgeModelSettings | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new OptionsError(
      `${where}: modelSettings must be an object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = SNAKE_NAMES[rawKey] ?? rawKey;
    if (!KNOWN_KEYS.has(key)) {
      throw new OptionsError(
        `${where}: unknown model setting '${rawKey}'. Valid settings: ${[...KNOWN_KEYS].join(', ')}`,
      );
    }
    checkSetting(key, value, where);
    out[key] = value;
  }
  return out as JudgeModelSettings;
}

function checkSetting(key: string, value: unknown, where: string): void {
  const ok = NUMBER_KEYS.has(key)
    ? typeof value === 'number' && Number.isFinite(value)
    : key === 'stopSequences'
      ? Array.isArray(value) && value.every((v) => typeof v === 'string')
      : typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!ok) {
    const expected = NUMBER_KEYS.has(key)
      ? 'a finite number'
      : key === 'stopSequences'
        ? 'an array of strings'
        : 'an object';
    throw new OptionsError(
      `${where}: model setting '${key}' must be ${expected}, got ${JSON.stringify(value)}`,
    );
  }
}

/** The settings as a spec writes them: pydantic-ai names where one exists, headers left out. */
export function modelSettingsForSpec(
  settings: JudgeModelSettings | undefined,
): Record<string, unknown> | undefined {
  if (!settings) return undefined;
  const toSnake = new Map(Object.entries(SNAKE_NAMES).map(([snake, camel]) => [camel as string, snake]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'headers' || value === undefined) continue;
    out[toSnake.get(key) ?? key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The settings that change a reply, for cache keys: no headers, keys sorted. */
export function settingsForCacheKey(settings: JudgeModelSettings | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settings ?? {}).sort()) {
    if (key !== 'headers') out[key] = (settings as Record<string, unknown>)[key];
  }
  return out;
}
