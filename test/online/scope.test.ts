import { Dataset, evaluator } from 'typed-evals';
import { disableEvaluation, waitForEvaluations, withEvaluation } from 'typed-evals/online';
import { describe, expect, it } from 'vitest';
import { MemorySink, quiet, sleep } from './helpers.js';

function setup() {
  const sink = new MemorySink();
  const config = quiet(sink);
  const wrapped = withEvaluation(async (tag: string) => `out:${tag}`, {
    evaluators: [evaluator('ok', () => true)],
    config,
  });
  const syncWrapped = withEvaluation((tag: string) => `out:${tag}`, {
    evaluators: [evaluator('ok', () => true)],
    config,
  });
  const evaluated = () => sink.payloads.map((p) => p.context.inputs);
  return { sink, config, wrapped, syncWrapped, evaluated };
}

describe('disableEvaluation', () => {
  it('turns evaluation off for the sync and async call tree of fn, and returns what fn returns', async () => {
    const { wrapped, syncWrapped, evaluated } = setup();
    expect(disableEvaluation(() => syncWrapped('sync-inside'))).toBe('out:sync-inside');
    const result = await disableEvaluation(async () => {
      await sleep(2);
      const nested = async () => {
        await sleep(1);
        return wrapped('nested-inside');
      };
      await Promise.all([
        nested(),
        wrapped('inside'),
        new Promise((r) => setTimeout(r, 1)).then(() => syncWrapped('timer-inside')),
      ]);
      return 'done';
    });
    expect(result).toBe('done');
    await wrapped('outside');
    syncWrapped('sync-outside');
    await waitForEvaluations();
    expect(evaluated()).toEqual(['outside', 'sync-outside']);
  });

  it('leaves concurrent calls outside the scope evaluated', async () => {
    const { wrapped, evaluated } = setup();
    await Promise.all([
      disableEvaluation(async () => {
        await sleep(5);
        await wrapped('inside');
      }),
      (async () => {
        await sleep(2);
        await wrapped('concurrent-outside');
      })(),
    ]);
    await waitForEvaluations();
    expect(evaluated()).toEqual(['concurrent-outside']);
  });

  it('passes errors through and closes the scope', async () => {
    const { wrapped, evaluated } = setup();
    const boom = new Error('boom');
    expect(() =>
      disableEvaluation(() => {
        throw boom;
      }),
    ).toThrow(boom);
    await expect(
      disableEvaluation(async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await wrapped('after');
    await waitForEvaluations();
    expect(evaluated()).toEqual(['after']);
  });

  it('enabled: false in the config turns evaluation off', async () => {
    const { config, wrapped, evaluated } = setup();
    config.configure({ enabled: false });
    await wrapped('off');
    config.configure({ enabled: undefined });
    await wrapped('on');
    await waitForEvaluations();
    expect(evaluated()).toEqual(['on']);
  });
});

describe('inside dataset tasks', () => {
  it('does not evaluate calls made by a dataset task, sync or async', async () => {
    const { wrapped, syncWrapped, evaluated } = setup();
    const dataset = new Dataset({ name: 'd', cases: [{ inputs: 'a' }, { inputs: 'b' }] });
    const asyncReport = await dataset.evaluate(async (x: string) => {
      await sleep(1);
      return wrapped(`async-task-${x}`);
    });
    const syncReport = await dataset.evaluate((x: string) => syncWrapped(`sync-task-${x}`));
    expect(asyncReport.cases.map((c) => c.output)).toEqual(['out:async-task-a', 'out:async-task-b']);
    expect(syncReport.cases.map((c) => c.output)).toEqual(['out:sync-task-a', 'out:sync-task-b']);
    await wrapped('after');
    await waitForEvaluations();
    expect(evaluated()).toEqual(['after']);
  });
});
