import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvaluationReason, evaluator } from 'typed-evals';
import {
  configureOnlineEvaluation,
  defaultOnlineEvalConfig,
  JsonlFileSink,
  type JsonlRecord,
  OnlineEvalConfig,
  OnlineEvaluator,
  type SinkPayload,
  waitForEvaluations,
  withEvaluation,
} from 'typed-evals/online';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemorySink, quiet } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'typed-evals-online-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => {
  defaultOnlineEvalConfig.reset();
});

describe('sinks', () => {
  it('one submit per sink per call, with every result of the evaluators that share it, in order', async () => {
    const shared = new MemorySink();
    const own = new MemorySink();
    const fn = withEvaluation((s: string) => s, {
      evaluators: [
        evaluator('a', () => ({ a1: true, a2: 'label' })),
        new OnlineEvaluator(
          evaluator('own', () => 1),
          { sink: own },
        ),
        evaluator('b', () => {
          throw new Error('b failed');
        }),
        evaluator('c', () => 3),
      ],
      sink: shared,
      config: quiet(),
    });
    fn('x');
    fn('y');
    await waitForEvaluations();
    expect(shared.payloads).toHaveLength(2);
    expect(shared.payloads[0]!.results.map((r) => [r.name, r.value])).toEqual([
      ['a1', true],
      ['a2', 'label'],
      ['c', 3],
    ]);
    expect(shared.payloads[0]!.failures.map((f) => f.name)).toEqual(['b']);
    expect(own.payloads.map((p) => p.results.map((r) => r.name))).toEqual([['own'], ['own']]);
  });

  it('callbacks get (results, failures, context); objects get the whole payload', async () => {
    const callback = vi.fn();
    const payloads: SinkPayload[] = [];
    const fn = withEvaluation(
      async function answer(q: string) {
        return q.toUpperCase();
      },
      {
        evaluators: [evaluator('ok', () => new EvaluationReason(true, 'fine'))],
        sink: [callback, { submit: async (p: SinkPayload) => void payloads.push(p) }],
        config: quiet(),
      },
    );
    await fn('q');
    await waitForEvaluations();
    expect(callback).toHaveBeenCalledTimes(1);
    const [results, failures, context] = callback.mock.calls[0]!;
    expect(results).toEqual([
      { name: 'ok', value: true, reason: 'fine', source: { name: 'ok', arguments: null } },
    ]);
    expect(failures).toEqual([]);
    expect(context.output).toBe('Q');
    expect(payloads[0]).toMatchObject({ target: 'answer', spanReference: undefined, results });
  });

  it('an empty batch is not submitted', async () => {
    const sink = vi.fn();
    const fn = withEvaluation((s: string) => s, {
      evaluators: [evaluator('not_applicable', () => ({}))],
      sink,
      config: quiet(),
    });
    fn('x');
    await waitForEvaluations();
    expect(sink).not.toHaveBeenCalled();
  });

  it('the global default sink applies to wrappers without a config', async () => {
    const sink = new MemorySink();
    configureOnlineEvaluation({ defaultSink: sink, emitOtelEvents: false });
    const fn = withEvaluation((s: string) => s, { evaluators: [evaluator('ok', () => true)] });
    fn('x');
    await waitForEvaluations();
    expect(sink.payloads).toHaveLength(1);
  });

  it('bad sinks fail when configured', () => {
    expect(() => new OnlineEvalConfig({ defaultSink: 42 as never })).toThrow(
      /a sink must be a function \(results, failures, context\) or an object with a submit\(payload\) method, got 42/,
    );
    expect(() => withEvaluation(() => 1, { evaluators: [], sink: [{}] as never })).toThrow(/a sink must be/);
  });
});

describe('JsonlFileSink', () => {
  it('appends one JSON line per payload, JSON-safe, written by waitForEvaluations', async () => {
    const path = join(dir, 'nested', 'evals.jsonl');
    const sink = new JsonlFileSink(path);
    const fn = withEvaluation(
      async (q: { text: string; when: Date }) => {
        if (q.text === 'fail') throw new TypeError('cannot');
        return { answer: q.text.length, big: 10n };
      },
      {
        evaluators: [
          evaluator('short', (ctx) => (ctx.output instanceof Error ? 'error' : ctx.output.answer < 5)),
        ],
        runOnErrors: true,
        sink,
        config: quiet(undefined, { metadata: { env: 'test' } }),
      },
    );
    const when = new Date('2026-01-02T03:04:05.000Z');
    await fn({ text: 'hey', when });
    await expect(fn({ text: 'fail', when })).rejects.toThrow('cannot');
    expect(await waitForEvaluations()).toBe(true);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const records = lines.map((l) => JSON.parse(l) as JsonlRecord);
    expect(records[0]).toMatchObject({
      target: 'anonymous',
      spanReference: null,
      context: {
        inputs: { text: 'hey', when: '2026-01-02T03:04:05.000Z' },
        output: { answer: 3, big: '10' },
        metadata: { env: 'test' },
        attributes: {},
        metrics: {},
      },
      results: [{ name: 'short', value: true, source: { name: 'short', arguments: null } }],
      failures: [],
    });
    expect(typeof records[0]!.timestamp).toBe('string');
    expect(records[1]!.context.output).toEqual({ name: 'TypeError', message: 'cannot' });
    expect(records[1]!.results[0]).toMatchObject({ value: 'error' });

    // a second sink on the same file appends
    const again = new JsonlFileSink(path);
    again.submit(fakePayload());
    await again.close();
    expect((await readFile(path, 'utf8')).trimEnd().split('\n')).toHaveLength(3);
  });

  it('never writes during submit, and writes a large buffer without waiting for the timer', async () => {
    const path = join(dir, 'big.jsonl');
    const sink = new JsonlFileSink(path, { maxBufferSize: 200, flushIntervalMs: 60_000 });
    sink.submit(fakePayload());
    await expect(readFile(path, 'utf8')).rejects.toThrow(/ENOENT/);
    for (let i = 0; i < 5; i++) sink.submit(fakePayload());
    await vi.waitFor(async () =>
      expect((await readFile(path, 'utf8')).split('\n').length).toBeGreaterThan(1),
    );
    await sink.flush();
    expect((await readFile(path, 'utf8')).trimEnd().split('\n')).toHaveLength(6);
  });

  it('flushes after flushIntervalMs on its own', async () => {
    const path = join(dir, 'timer.jsonl');
    const sink = new JsonlFileSink(path, { flushIntervalMs: 10 });
    sink.submit(fakePayload());
    await vi.waitFor(async () => expect(await readFile(path, 'utf8')).toContain('"target":"t"'));
  });
});

function fakePayload(): SinkPayload {
  return {
    results: [{ name: 'x', value: 1, source: { name: 'x', arguments: null } }],
    failures: [],
    context: {
      name: undefined,
      inputs: 1,
      metadata: undefined,
      expectedOutput: undefined,
      output: 2,
      duration: 0,
      attributes: {},
      metrics: {},
      spanTree: undefined,
    },
    spanReference: undefined,
    target: 't',
  };
}
