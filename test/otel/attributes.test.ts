import { extractGenAiMetrics, isModelRequestSpan } from 'typed-evals/otel';
import { describe, expect, it } from 'vitest';
import { AttributeEncoder, isSecretKey, scrub } from '../../src/otel/attributes.js';
import { tracerProviderMaybeRegistered } from '../../src/otel/detect.js';
import { buildTree } from './trees.js';

describe('AttributeEncoder', () => {
  it('keeps primitives, sends objects as JSON text listed in logfire.json_schema, nulls in logfire.null_args', () => {
    const encoder = new AttributeEncoder();
    expect(encoder.encode({ s: 'x', n: 1.5, b: false, o: { a: [1] }, l: [1, 'a'], u: undefined })).toEqual({
      s: 'x',
      n: 1.5,
      b: false,
      o: '{"a":[1]}',
      l: '[1,"a"]',
      'logfire.json_schema': '{"type":"object","properties":{"o":{"type":"object"},"l":{"type":"array"}}}',
      'logfire.null_args': ['u'],
    });
    // Later attributes of the same span extend the schema instead of replacing it.
    expect(encoder.encode({ m: {} })['logfire.json_schema']).toBe(
      '{"type":"object","properties":{"o":{"type":"object"},"l":{"type":"array"},"m":{"type":"object"}}}',
    );
    expect(new AttributeEncoder().encode({ s: 'x', n: Number.NaN, big: 2n, d: new Date(0) })).toEqual({
      s: 'x',
      big: '2',
      d: '1970-01-01T00:00:00.000Z',
      'logfire.null_args': ['n'],
    });
  });
});

describe('secret scrubbing', () => {
  it.each([
    ['apiKey', true],
    ['openaiApiKey', true],
    ['x-api-key', true],
    ['Authorization', true],
    ['proxy-authorization', true],
    ['password', true],
    ['client_secret', true],
    ['access_token', true],
    ['refreshToken', true],
    ['Cookie', true],
    ['privateKey', true],
    ['author', false],
    ['input_tokens', false],
    ['tokens', false],
    ['keyboard', false],
    ['monkey', false],
  ])('%s is a secret key: %s', (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });

  it('scrubs values under secret keys and values that look like credentials, but never numbers', () => {
    expect(
      scrub({
        password: 'p',
        nested: { api_key: { id: 1 }, token_count: 3, secret: 5 },
        list: ['Bearer abcdefghijkl', 'sk-abcdefghijklmnopqrstu', 'sk-short', 'plain text'],
      }),
    ).toEqual({
      password: '[Scrubbed]',
      nested: { api_key: '[Scrubbed]', token_count: 3, secret: 5 },
      list: ['[Scrubbed]', '[Scrubbed]', 'sk-short', 'plain text'],
    });
  });
});

describe('GenAI metrics from spans', () => {
  it('adds requests, tokens and cost of model-call spans only; zero totals are left out', () => {
    const tree = buildTree([
      {
        name: 'agent',
        attributes: { 'gen_ai.usage.input_tokens': 999 },
        children: [
          {
            name: 'chat m',
            attributes: {
              'gen_ai.request.model': 'm',
              'gen_ai.operation.name': 'chat',
              'gen_ai.usage.input_tokens': 3,
              'gen_ai.usage.output_tokens': 0,
              'gen_ai.usage.details.cache_read_tokens': 2,
              'operation.cost': 0.5,
              'gen_ai.usage.note': 'text is ignored',
            },
          },
          {
            name: 'ai.streamText.doStream',
            attributes: { 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 4 },
          },
          {
            name: 'embed',
            attributes: {
              'gen_ai.request.model': 'e',
              'gen_ai.operation.name': 'embeddings',
              'gen_ai.usage.input_tokens': 1,
            },
          },
        ],
      },
    ]);
    expect(extractGenAiMetrics(tree)).toEqual({
      requests: 2,
      input_tokens: 8,
      cache_read_tokens: 2,
      cost: 0.5,
    });
    expect(extractGenAiMetrics(buildTree([{ name: 'x' }]))).toBeUndefined();
    expect([...tree].filter(isModelRequestSpan).map((n) => n.name)).toEqual([
      'chat m',
      'ai.streamText.doStream',
    ]);
  });
});

describe('the per-run check', () => {
  it('is false when no tracer provider was ever registered in this process', () => {
    expect(tracerProviderMaybeRegistered()).toBe(false);
  });
});
