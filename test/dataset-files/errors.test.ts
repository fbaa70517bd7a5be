import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Dataset, TypedEvalsError } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { DatasetLoadError, fixture, loadError } from './helpers.js';

const badFiles = readdirSync(fixture('bad')).filter((file) => !file.endsWith('.errors'));

describe('Dataset.fromFile on bad files', () => {
  it.each(badFiles)('%s: one DatasetLoadError listing every problem as file:line:col: message', (file) => {
    const path = fixture('bad', file);
    const error = loadError(() => Dataset.fromFile(path));
    expect(error).toBeInstanceOf(DatasetLoadError);
    expect(error).toBeInstanceOf(TypedEvalsError);
    expect(error.code).toBe('DATASET_LOAD_ERROR');
    const expected = readFileSync(`${path}.errors`, 'utf8').trimEnd().split('\n');
    const lines = error.issues.map(
      (issue) =>
        `${basename(issue.file!)}:${issue.line}:${issue.column}: ${issue.message}${issue.path ? ` (at ${issue.path})` : ''}`,
    );
    expect(lines).toEqual(expected);
    // The message names the file as given, then one line per issue.
    const messageLines = error.message.split('\n');
    expect(messageLines[0]).toBe(
      `Could not load dataset ${path}: ${expected.length === 1 ? '1 problem' : `${expected.length} problems`}`,
    );
    expect(messageLines.slice(1)).toEqual(expected.map((line) => `  ${path.slice(0, -file.length)}${line}`));
  });

  it('places every issue with a path like cases[3].evaluators[0]', () => {
    const error = loadError(() => Dataset.fromFile(fixture('bad', 'evaluators.yaml')));
    expect(error.issues[0]).toEqual({
      path: 'cases[0].evaluators[0]',
      message: expect.stringContaining(
        "Evaluator 'EqualsExpectd' is not registered. Did you mean 'EqualsExpected'?",
      ),
      file: fixture('bad', 'evaluators.yaml'),
      line: 6,
      column: 9,
    });
  });

  it('lists the valid names, in pydantic-evals order, for an unknown evaluator', () => {
    const error = loadError(() =>
      Dataset.fromText('cases:\n  - inputs: 1\n    evaluators: [Python]\n', { defaultName: 'd' }),
    );
    expect(error.issues[0]!.message).toBe(
      "Evaluator 'Python' is not registered. Valid choices: Equals, EqualsExpected, Contains, IsInstance, MaxDuration, " +
        'LLMJudge, HasMatchingSpan, ToolCorrectness, TrajectoryMatch, ArgumentCorrectness, MaxToolCalls, ' +
        'MaxModelRequests, GEval. ' +
        'For a custom evaluator, pass its class: { evaluators: [Python] }',
    );
  });

  it('says MatchesSchema is code-only', () => {
    const error = loadError(() =>
      Dataset.fromObject({ name: 'd', cases: [{ inputs: 1, evaluators: ['MatchesSchema'] }] }),
    );
    expect(error.issues[0]!.message).toMatch(/^MatchesSchema is code-only/);
  });

  it('gives paths but no positions for objects', () => {
    const error = loadError(() =>
      Dataset.fromObject({ name: 'd', cases: [{ inputs: 1, evaluators: [{ Contains: 3, x: 1 }] }] }),
    );
    expect(error.issues).toEqual([
      {
        path: 'cases[0].evaluators[0]',
        message: "Expected a single key containing the evaluator name, found keys 'Contains', 'x'",
      },
    ]);
    expect(error.message).toBe(
      "Invalid dataset: 1 problem\n  cases[0].evaluators[0]: Expected a single key containing the evaluator name, found keys 'Contains', 'x'",
    );
  });

  it('reports positions for text without a file as line:col', () => {
    const error = loadError(() =>
      Dataset.fromText('{"name": "d", "cases": [{"inputs": 1, "nope": 2}]}', { format: 'json' }),
    );
    expect(error.issues[0]).toMatchObject({ path: 'cases[0].nope', line: 1, column: 39 });
    expect(error.message).toContain("\n  1:39: Unknown key 'nope'");
  });

  it('lists the first 100 issues in the message and keeps all in issues', () => {
    const cases = Array.from({ length: 150 }, (_, i) => ({ inputs: i, extra: true }));
    const error = loadError(() => Dataset.fromObject({ name: 'd', cases }));
    expect(error.issues).toHaveLength(150);
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(102);
    expect(lines.at(-1)).toBe('  ... and 50 more (see error.issues)');
  });

  it('requires a dataset name from the data or defaultName', () => {
    const error = loadError(() => Dataset.fromText('cases: []\n'));
    expect(error.issues[0]!.message).toMatch(/^Dataset name is required/);
    expect(Dataset.fromText('cases: []\n', { defaultName: 'fallback' }).name).toBe('fallback');
    expect(Dataset.fromText('name: own\ncases: []\n', { defaultName: 'fallback' }).name).toBe('own');
  });

  it('reports a missing file as a DatasetLoadError', () => {
    const error = loadError(() => Dataset.fromFile(fixture('does-not-exist.yaml')));
    expect(error.issues).toEqual([
      { path: '', message: 'File not found', file: fixture('does-not-exist.yaml') },
    ]);
  });

  it('cannot infer the format of an unknown extension and names the accepted ones', () => {
    expect(() => Dataset.fromFile('cases.txt')).toThrow(
      "Could not infer format for filename 'cases.txt'. Accepted extensions: .yaml, .yml, .json, .jsonl",
    );
    expect(() => new Dataset({ name: 'd' }).toFile('out.csv')).toThrow(/Could not infer format/);
    expect(() => Dataset.fromText('x', { format: 'toml' as never })).toThrow(/Unknown dataset format "toml"/);
  });

  it('accepts upper-case extensions', () => {
    expect(() => Dataset.fromFile(fixture('bad', 'MISSING.YML'))).toThrow(DatasetLoadError);
  });

  it('reports an evaluator whose constructor throws', () => {
    const error = loadError(() =>
      Dataset.fromObject({
        name: 'd',
        cases: [{ inputs: 1, evaluators: [{ IsInstance: { type_name: 'x', evaluation_name: 3 } }] }],
      }),
    );
    expect(error.issues[0]).toMatchObject({
      path: 'cases[0].evaluators[0].IsInstance.evaluation_name',
      message: 'expected a string, got 3',
    });
  });
});
