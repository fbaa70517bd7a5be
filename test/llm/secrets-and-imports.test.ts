import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/llm/index.js';
import { scrubError } from '../../src/llm/secrets.js';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('scrubSecrets', () => {
  it.each([
    ['Incorrect API key provided: sk-proj-abc123def456ghi', 'Incorrect API key provided: sk-[REDACTED]'],
    ['Authorization: Bearer abcdefghijklmnop', 'Authorization: Bearer [REDACTED]'],
    ['{"authorization":"Bearer xyzxyzxyzxyz"}', '{"authorization":"Bearer [REDACTED]"}'],
    ['x-api-key: 0123456789abcdef', 'x-api-key: [REDACTED]'],
    ['authorization=plainvalue123', 'authorization=[REDACTED]'],
    [
      'GET https://host/v1/models?key=AIzaSyA-1234567890abcdefghij&alt=json',
      'GET https://host/v1/models?key=[REDACTED]&alt=json',
    ],
    ['no secrets here', 'no secrets here'],
  ])('%s', (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it('masks the values of key variables from the environment wherever they appear', () => {
    process.env.MY_PROVIDER_API_KEY = 'q9w8e7r6t5y4';
    expect(scrubSecrets('bad key q9w8e7r6t5y4 used')).toBe('bad key [REDACTED] used');
  });

  it('scrubError masks message, stack and cause, keeping the error object and its fields', () => {
    const cause = new Error('upstream said sk-abcdefghijklmnop');
    const error = Object.assign(new Error('failed with Bearer abcdefghijklmnop', { cause }), {
      responseHeaders: { 'retry-after': '3' },
    });
    expect(scrubError(error)).toBe(error);
    expect(error.message).toBe('failed with Bearer [REDACTED]');
    expect(error.stack).not.toContain('abcdefghijklmnop');
    expect(cause.message).toBe('upstream said sk-[REDACTED]');
    expect(error.responseHeaders['retry-after']).toBe('3');
  });
});

describe('optional peers', () => {
  it('no module in the LLM code imports the AI SDK at load time (only `import type` and dynamic import)', () => {
    const root = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = ['llm', 'evaluators/llm'].flatMap((folder) =>
      readdirSync(join(root, folder))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(root, folder, f)),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const staticImports = [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map(
        (m) => m[1],
      );
      const peers = staticImports.filter(
        (spec) => spec === 'ai' || spec?.startsWith('@ai-sdk/') || spec === 'zod',
      );
      expect(peers, file).toEqual([]);
    }
  });
});
