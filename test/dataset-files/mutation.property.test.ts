import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Dataset, Evaluator } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { DatasetLoadError, fixture } from './helpers.js';

class Custom extends Evaluator {
  static override primaryArg = 'level';
  constructor(options: { level?: number }) {
    if (typeof options.level === 'number' && options.level < 0) throw new Error('negative level');
    super(options);
  }
  evaluate() {
    return true;
  }
}

const yamlText = readFileSync(fixture('pydantic', 'capitals.yaml'), 'utf8').replace(
  '- MaxDuration: 5.0\n',
  '- MaxDuration: 5.0\n- Custom: 2\n- name: Contains\n  arguments: {value: x}\n',
);
const jsonText = readFileSync(fixture('pydantic', 'math.json'), 'utf8');
const jsonlText = [
  '{"name": "a", "inputs": {"x": [1, 2]}, "expected_output": 3, "evaluators": ["EqualsExpected", {"Custom": 1}]}',
  '{"name": "b", "inputs": "text", "metadata": {"k": null}, "evaluators": [{"Contains": {"value": "t", "case_sensitive": false}}]}',
  '',
].join('\n');

/** Characters that matter to YAML and JSON syntax, plus a few that do not. */
const syntaxChar = fc.constantFrom(
  ...'{}[]:,-#&*!|>\'"%@`?\n \t\\/.0123456789aeEnNtTfFuxyz_~<='.split(''),
  '\r\n',
  '\u00e9',
  '\uFEFF',
  '\u2028',
  '\ud800',
);

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'truncate'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ unit: syntaxChar, minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    text: fc.string({ unit: syntaxChar, minLength: 1, maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, e: Edit): string {
  const at = 'at' in e ? e.at % (text.length + 1) : 0;
  switch (e.kind) {
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'replace':
      return text.slice(0, at) + e.text + text.slice(at + e.text.length);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate-line': {
      const lines = text.split('\n');
      const i = e.line % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'swap-lines': {
      const lines = text.split('\n');
      const a = e.a % lines.length;
      const b = e.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
  }
}

/** Loads, and returns 'loaded' or 'rejected'; any other error fails the property. */
function outcome(load: () => Dataset): 'loaded' | 'rejected' {
  try {
    const dataset = load();
    expect(dataset).toBeInstanceOf(Dataset);
    return 'loaded';
  } catch (error) {
    if (!(error instanceof DatasetLoadError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(typeof issue.message).toBe('string');
      expect(typeof issue.path).toBe('string');
    }
    return 'rejected';
  }
}

const options = { defaultName: 'fuzz', evaluators: [Custom] };

describe('mutated dataset files', () => {
  it.each([
    ['yaml', yamlText],
    ['json', jsonText],
    ['jsonl', jsonlText],
  ] as const)('%s: every mutation loads or throws a DatasetLoadError', (format, text) => {
    expect(outcome(() => Dataset.fromText(text, { ...options, format }))).toBe('loaded');
    const seen = { loaded: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const mutated = edits.reduce(apply, text);
        seen[outcome(() => Dataset.fromText(mutated, { ...options, format }))]++;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
    expect(seen.rejected).toBeGreaterThan(0);
  });

  it('fromObject: any JSON value loads or throws a DatasetLoadError', () => {
    const caseLike = fc.record(
      {
        name: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
        inputs: fc.jsonValue(),
        expected_output: fc.jsonValue(),
        metadata: fc.jsonValue(),
        evaluators: fc.oneof(
          fc.array(
            fc.oneof(
              fc.constantFrom('EqualsExpected', 'Custom', 'Contains', 'MaxDuration'),
              fc.dictionary(
                fc.constantFrom(
                  'Equals',
                  'Contains',
                  'IsInstance',
                  'MaxDuration',
                  'Custom',
                  'name',
                  'arguments',
                ),
                fc.jsonValue(),
                { maxKeys: 2 },
              ),
            ),
          ),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            { name: fc.jsonValue(), cases: fc.array(caseLike, { maxLength: 4 }) },
            { requiredKeys: ['cases'] },
          ),
        ),
        (value) => {
          outcome(() => Dataset.fromObject(value, options));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });
});
