import { OptionsError } from '../errors.js';
import type { SampleRate, SamplingMode, SinkSpec } from './types.js';

/*
 * Option checks, run once when a wrapper, an OnlineEvaluator or a config is made, so the per-call path
 * never has to check anything.
 */

export function checkSampleRate(where: string, rate: SampleRate | undefined): void {
  if (rate === undefined || typeof rate === 'boolean' || typeof rate === 'function') return;
  if (typeof rate !== 'number' || Number.isNaN(rate)) {
    throw new OptionsError(
      `${where}: sampleRate must be a number, a boolean or a function, got ${describe(rate)}`,
    );
  }
}

export function checkMaxConcurrency(where: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value >= 1) || (!Number.isInteger(value) && value !== Infinity)) {
    throw new OptionsError(`${where}: maxConcurrency must be an integer >= 1, got ${describe(value)}`);
  }
}

export function checkSamplingMode(where: string, mode: SamplingMode | undefined): void {
  if (mode === undefined || mode === 'independent' || mode === 'correlated') return;
  throw new OptionsError(
    `${where}: samplingMode must be 'independent' or 'correlated', got ${describe(mode)}`,
  );
}

export function checkSink(where: string, sink: SinkSpec | undefined): void {
  if (sink === undefined) return;
  const list = Array.isArray(sink) ? sink : [sink];
  for (const one of list) {
    if (typeof one === 'function') continue;
    if (
      typeof one === 'object' &&
      one !== null &&
      typeof (one as { submit?: unknown }).submit === 'function'
    ) {
      continue;
    }
    throw new OptionsError(
      `${where}: a sink must be a function (results, failures, context) or an object with a submit(payload) ` +
        `method, got ${describe(one)}`,
    );
  }
}

export function checkFunction(where: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new OptionsError(`${where}: ${name} must be a function, got ${describe(value)}`);
  }
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return `${String(value)} (${typeof value})`;
}
