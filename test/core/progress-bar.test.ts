import { Dataset } from 'typed-evals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkItem } from '../../src/runner/types.js';
import { TerminalProgress } from '../../src/sinks/progress.js';

function fakeStream() {
  const writes: string[] = [];
  return {
    writes,
    stream: { columns: 100, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream,
  };
}

const item = (i: number): WorkItem => ({
  index: i,
  case: {} as never,
  caseName: `c${i}`,
  sourceCaseName: undefined,
  probe: undefined,
});

describe('TerminalProgress', () => {
  afterEach(() => vi.useRealTimers());

  it('redraws at most every 100 ms, only when something changed, and clears the line at the end', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { writes, stream } = fakeStream();
    const bar = new TerminalProgress('exp', stream);
    bar.onEvent({ type: 'run-start', name: 'exp', total: 100, startedAt: 0 });
    for (let i = 0; i < 30; i++) {
      bar.onEvent({ type: 'case-start', item: item(i) });
      bar.onEvent({ type: 'case-end', item: item(i), result: {} as never, failed: i === 3 });
    }
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(writes).toHaveLength(1);
    const clearLine = '\r\x1b[2K';
    expect(writes[0]!.startsWith(`${clearLine}exp [######`)).toBe(true);
    expect(writes[0]).toContain('] 30/100 30% | 1 failed | 0 in flight | ');
    vi.advanceTimersByTime(500);
    expect(writes).toHaveLength(1);
    bar.onEvent({ type: 'case-start', item: item(30) });
    vi.advanceTimersByTime(100);
    expect(writes[1]).toContain('1 in flight');
    bar.onEvent({ type: 'run-end', aborted: false });
    expect(writes.at(-1)).toBe('\r\x1b[2K');
    vi.advanceTimersByTime(1000);
    expect(writes).toHaveLength(3);
  });

  it('draws nothing when progress is on but stderr is not a TTY', async () => {
    const write = vi.spyOn(process.stderr, 'write');
    try {
      const original = process.stderr.isTTY;
      process.stderr.isTTY = false;
      await new Dataset({ name: 'd', cases: [{ inputs: 1 }] }).evaluate((x: number) => x, { progress: true });
      process.stderr.isTTY = original;
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});
