/**
 * @module
 * The embedded run store: one append-only JSONL file per run under `<dataDir>/runs/`, named by its run
 * id. Plain files, no database and nothing to compile at install. Each run file is created with 'wx', so
 * two runs (two processes, or two experiments at once) never write to the same file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TypedEvalsError } from '../errors.js';
import { CaseDecoder } from './codec.js';
import { readFirstLine, readLastLine, readRecords } from './jsonl-reader.js';
import { isWriting, JsonlRunWriter } from './jsonl-writer.js';
import {
  type LatestRunFilter,
  type ListRunsFilter,
  RUN_FORMAT,
  RUN_FORMAT_VERSION,
  type RunFooter,
  type RunHeader,
  type RunHeaderInit,
  type RunInfo,
  type RunStatus,
  type Store,
  type StoredCase,
  type StoredRun,
} from './types.js';

const RUN_ID = /^[0-9]{8}-[0-9]{6}-[0-9]{3}-[0-9a-f]{6}$/;

/** True for a string shaped like a run id (`20260512-072012-345-a3f9c2`). */
export function isRunId(value: string): boolean {
  return RUN_ID.test(value);
}

let lastMs = 0;

/**
 * A new run id: UTC start time (so ids sort by time) and 24 random bits. Within a process the times
 * strictly increase (a run started in the same millisecond as the previous one takes the next), so
 * runs of one process sort in the order they started.
 */
export function newRunId(now = Date.now()): string {
  lastMs = Math.max(now, lastMs + 1);
  const iso = new Date(lastMs).toISOString(); // 2026-05-12T07:20:12.345Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export class JsonlStore implements Store {
  readonly dataDir: string;
  readonly #runsDir: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.#runsDir = join(dataDir, 'runs');
  }

  get location(): string {
    return this.#runsDir;
  }

  /** The file of a run. */
  pathOf(runId: string): string {
    return join(this.#runsDir, `${runId}.jsonl`);
  }

  startRun(init: RunHeaderInit): JsonlRunWriter {
    mkdirSync(this.#runsDir, { recursive: true });
    for (let attempt = 0; ; attempt++) {
      const runId = newRunId();
      const path = this.pathOf(runId);
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (error) {
        if ((error as { code?: string }).code === 'EEXIST' && attempt < 20) continue;
        throw error;
      }
      const header: RunHeader = { format: RUN_FORMAT, version: RUN_FORMAT_VERSION, runId, ...init };
      const headerLine = JSON.stringify({ t: 'header', ...header });
      return new JsonlRunWriter(runId, path, fd, headerLine, header.repeat === 1);
    }
  }

  async listRuns(filter: ListRunsFilter = {}): Promise<RunInfo[]> {
    const infos: RunInfo[] = [];
    for (const runId of this.#runIds()) {
      const header = this.#header(runId);
      if (!header || (filter.experiment !== undefined && header.experiment !== filter.experiment)) continue;
      infos.push(await this.#info(header));
    }
    return infos;
  }

  async readRun(runId: string): Promise<StoredRun> {
    const header = RUN_ID.test(runId) && existsSync(this.pathOf(runId)) ? this.#header(runId) : undefined;
    if (!header) {
      throw new TypedEvalsError(`No stored run '${runId}' in ${this.#runsDir}`, 'RUN_NOT_FOUND');
    }
    const path = this.pathOf(runId);
    const footer = this.#footer(path);
    const info = await this.#info(header, footer);
    return { info, header, footer, cases: () => readCases(path) };
  }

  async latestRun(experiment: string, filter: LatestRunFilter = {}): Promise<RunInfo | undefined> {
    for (const runId of this.#runIds()) {
      if (runId === filter.exclude) continue;
      const header = this.#header(runId);
      if (!header || header.experiment !== experiment) continue;
      const footer = this.#footer(this.pathOf(runId));
      if (filter.complete && (!footer || footer.aborted)) continue;
      return this.#info(header, footer);
    }
    return undefined;
  }

  /** Run ids, newest first. */
  #runIds(): string[] {
    if (!existsSync(this.#runsDir)) return [];
    return readdirSync(this.#runsDir)
      .filter((file) => file.endsWith('.jsonl') && RUN_ID.test(file.slice(0, -6)))
      .map((file) => file.slice(0, -6))
      .sort()
      .reverse();
  }

  #header(runId: string): RunHeader | undefined {
    const record = readFirstLine(this.pathOf(runId));
    if (record?.t !== 'header' || record.format !== RUN_FORMAT) return undefined;
    return record as unknown as RunHeader;
  }

  #footer(path: string): RunFooter | undefined {
    const record = readLastLine(path, statSync(path).size);
    return record?.t === 'footer' ? (record as unknown as RunFooter) : undefined;
  }

  /** Counts come from the footer, or from reading the records of a run that has none. */
  async #info(header: RunHeader, footer = this.#footer(this.pathOf(header.runId))): Promise<RunInfo> {
    const base = {
      runId: header.runId,
      experiment: header.experiment,
      datasetName: header.dataset?.name ?? '',
      taskName: header.task?.name ?? '',
      startedAt: header.startedAt,
      gitCommit: header.gitCommit ?? null,
      resumeOf: header.resumeOf ?? null,
      rescoreOf: header.rescoreOf ?? null,
    };
    if (footer) {
      const { endedAt, durationSeconds, caseCount, failureCount, assertionPassRate, aborted } = footer;
      const status: RunStatus = aborted ? 'aborted' : 'complete';
      return { ...base, endedAt, durationSeconds, caseCount, failureCount, assertionPassRate, status };
    }
    let caseCount = 0;
    let failureCount = 0;
    for await (const record of readRecords(this.pathOf(header.runId))) {
      if (record.t === 'cases' && Array.isArray(record.n)) caseCount += record.n.length;
      else if (record.t === 'f') failureCount++;
    }
    const status: RunStatus = isAlive(header) ? 'running' : 'crashed';
    return {
      ...base,
      endedAt: null,
      durationSeconds: null,
      caseCount,
      failureCount,
      assertionPassRate: null,
      status,
    };
  }
}

/** The case records of a run file, decoded with the run's spec table. */
async function* readCases(path: string): AsyncIterable<StoredCase> {
  const decoder = new CaseDecoder();
  for await (const record of readRecords(path)) yield* decoder.decode(record);
}

/** Whether the process that writes a footer-less run still runs (same host only). */
function isAlive(header: RunHeader): boolean {
  if (header.host !== hostname() || typeof header.pid !== 'number') return false;
  if (header.pid === process.pid) return isWriting(header.runId);
  try {
    process.kill(header.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
