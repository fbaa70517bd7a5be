import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AnalysesView,
  CaseDetail,
  CasePage,
  ComparisonView,
  ExperimentsResponse,
  FailurePage,
  RunDetail,
  RunsResponse,
} from '../../src/viewer/api-types.js';
import type { ViewerServer } from '../../src/viewer/server.js';
import { recordBulkRun, recordQaRun, recordSentimentRun } from './fixtures.js';
import { removeDir, startTestViewer, tempDir } from './helpers.js';

let dataDir: string;
let server: ViewerServer;
const ids = { baseline: '', current: '', sentiment: '', bulk: '' };

beforeAll(async () => {
  dataDir = tempDir('typed-evals-viewer-api-');
  ids.baseline = await recordQaRun(dataDir, 'baseline');
  ids.current = await recordQaRun(dataDir, 'current');
  ids.sentiment = await recordSentimentRun(dataDir);
  ids.bulk = await recordBulkRun(dataDir, 1200);
  server = await startTestViewer(dataDir);
}, 120_000);

afterAll(async () => {
  await server?.close();
  removeDir(dataDir);
});

async function get<T>(path: string, status = 200): Promise<T> {
  const response = await fetch(new URL(path, server.url));
  expect(response.status, `${path}: ${response.status}`).toBe(status);
  return (await response.json()) as T;
}

describe('runs and experiments', () => {
  it('lists every run newest first with its summary', async () => {
    const { runs } = await get<RunsResponse>('/api/runs');
    expect(runs.map((r) => r.runId)).toEqual([ids.bulk, ids.sentiment, ids.current, ids.baseline]);
    const current = runs.find((r) => r.runId === ids.current)!;
    expect(current).toMatchObject({ experiment: 'qa', status: 'complete', caseCount: 32, failureCount: 1 });
    expect(current.passRate).toBeGreaterThan(0.5);
    expect(current.passRate).toBeLessThan(1);
    expect(Object.keys(current.scores).sort()).toEqual(['accuracy', 'fluency']);
    expect(current.durationSeconds).toBeGreaterThan(0);
    expect(current.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('filters runs by experiment and groups experiments', async () => {
    const { runs } = await get<RunsResponse>('/api/runs?experiment=qa');
    expect(runs.map((r) => r.runId)).toEqual([ids.current, ids.baseline]);
    const { experiments } = await get<ExperimentsResponse>('/api/experiments');
    expect(experiments.map((e) => [e.name, e.runCount])).toEqual([
      ['bulk', 1],
      ['sentiment', 1],
      ['qa', 2],
    ]);
    expect(experiments[2]!.latest.runId).toBe(ids.current);
  });

  it("gives a run's columns, counts and score histograms", async () => {
    const run = await get<RunDetail>(`/api/runs/${ids.current}`);
    expect(run.columns.scores).toEqual(['accuracy', 'fluency']);
    expect(run.columns.labels).toEqual(['topic']);
    expect(run.columns.assertions).toEqual(['EqualsExpected', 'judge']);
    expect(run.counts).toEqual({ pass: 26, fail: 6, error: 1 });
    expect(run.evaluatorFailureCount).toBe(1);
    expect(run.indexedCases).toBe(33);
    const accuracy = run.histograms.find((h) => h.name === 'accuracy')!;
    expect(accuracy.counts.reduce((a, b) => a + b, 0)).toBe(32);
    expect([accuracy.min, accuracy.max]).toEqual([0, 1]);
    expect(run.evaluators.map((e) => e.name)).toContain('EqualsExpected');
    expect(run.metadata).toEqual({ variant: 'current' });
  });

  it('answers 404 for an unknown run and 400 for a malformed id', async () => {
    await get('/api/runs/20200101-000000-000-abcdef', 404);
    await get('/api/runs/not.a.run', 400);
  });
});

describe('cases: server-side paging, sorting and filtering', () => {
  it('pages through a run', async () => {
    const page = await get<CasePage>(`/api/runs/${ids.bulk}/cases?page=3&pageSize=100`);
    expect(page).toMatchObject({ total: 1200, runTotal: 1200, page: 3, pageSize: 100, pageCount: 12 });
    expect(page.rows.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => 300 + i));
    const last = await get<CasePage>(`/api/runs/${ids.bulk}/cases?page=99&pageSize=500`);
    expect(last.page).toBe(2);
    expect(last.rows).toHaveLength(200);
  });

  it('sorts by a score, by name (numeric-aware) and by status', async () => {
    const byScore = await get<CasePage>(
      `/api/runs/${ids.bulk}/cases?sort=score:quality&order=desc&pageSize=30`,
    );
    const values = byScore.rows.map((r) => r.scores.quality!);
    expect(values.slice(0, 12)).toEqual(new Array(12).fill(0.99));
    expect(values.slice(12, 24)).toEqual(new Array(12).fill(0.98));
    const byName = await get<CasePage>(`/api/runs/${ids.bulk}/cases?sort=name&pageSize=12`);
    expect(byName.rows.map((r) => r.name).slice(0, 12)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => `item-${i}`),
    );
    const byNameDesc = await get<CasePage>(`/api/runs/${ids.bulk}/cases?sort=name&order=desc&pageSize=1`);
    expect(byNameDesc.rows[0]!.name).toBe('item-1199');
    const byStatus = await get<CasePage>(`/api/runs/${ids.current}/cases?sort=status&pageSize=3`);
    expect(byStatus.rows.map((r) => r.status)).toEqual(['error', 'fail', 'fail']);
  });

  it('filters by name, status and score range', async () => {
    const byName = await get<CasePage>(`/api/runs/${ids.bulk}/cases?q=ITEM-11&pageSize=500`);
    expect(byName.total).toBe(111); // item-11, item-110..119, item-1100..1199
    const failing = await get<CasePage>(`/api/runs/${ids.bulk}/cases?status=fail&pageSize=500`);
    expect(failing.total).toBe(120);
    expect(failing.rows.every((r) => r.status === 'fail' && r.assertionsPassed === 0)).toBe(true);
    const errors = await get<CasePage>(`/api/runs/${ids.current}/cases?status=error`);
    expect(errors.rows.map((r) => [r.name, r.preview])).toEqual([['boom', 'Error: model timeout']]);
    const band = await get<CasePage>(
      `/api/runs/${ids.bulk}/cases?score=quality&min=0.5&max=0.52&pageSize=500`,
    );
    expect(band.total).toBe(36);
    expect(band.rows.every((r) => r.scores.quality! >= 0.5 && r.scores.quality! <= 0.52)).toBe(true);
    const combined = await get<CasePage>(
      `/api/runs/${ids.bulk}/cases?q=item-1&status=pass&score=quality&max=0.2`,
    );
    expect(combined.rows.every((r) => r.name.startsWith('item-1') && r.status === 'pass')).toBe(true);
  });

  it('refuses malformed query values with 400', async () => {
    for (const query of [
      'pageSize=0',
      'pageSize=501',
      'page=-1',
      'page=1.5',
      'sort=bogus',
      'order=up',
      'status=maybe',
      'min=abc',
    ]) {
      const body = await get<{ error: string }>(`/api/runs/${ids.bulk}/cases?${query}`, 400);
      expect(body.error).toBeTruthy();
    }
  });
});

describe('case detail and failures', () => {
  it('gives inputs, output, expected output and every result with its reason', async () => {
    const page = await get<CasePage>(`/api/runs/${ids.current}/cases?q=q3&pageSize=1`);
    const c = await get<CaseDetail>(`/api/runs/${ids.current}/cases/${page.rows[0]!.id}`);
    expect(c).toMatchObject({
      name: 'q3',
      status: 'pass',
      hasOutput: true,
      output: '6',
      expectedOutput: '6',
    });
    expect(c.inputs).toEqual({ i: 3, question: 'What is 3 + 3?' });
    const fluency = c.results.find((r) => r.key === 'fluency')!;
    expect(fluency).toMatchObject({
      kind: 'score',
      reason: 'reads naturally',
      evaluator: { name: 'fluency' },
    });
    expect(c.results.find((r) => r.key === 'topic')).toMatchObject({ kind: 'label', value: 'geo' });
    expect(c.results.find((r) => r.key === 'EqualsExpected')).toMatchObject({
      kind: 'assertion',
      value: true,
    });
    expect(c.spans).toBeNull();
    expect(c.taskDurationSeconds).toBeGreaterThanOrEqual(0);
  });

  it('shows task errors and evaluator failures', async () => {
    const boom = (await get<CasePage>(`/api/runs/${ids.current}/cases?q=boom`)).rows[0]!;
    const detail = await get<CaseDetail>(`/api/runs/${ids.current}/cases/${boom.id}`);
    expect(detail).toMatchObject({
      status: 'error',
      hasOutput: false,
      error: { message: 'Error: model timeout' },
    });
    expect(detail.error!.stack).toContain('model timeout');
    const q7 = (await get<CasePage>(`/api/runs/${ids.current}/cases?q=q7`)).rows[0]!;
    const withFailure = await get<CaseDetail>(`/api/runs/${ids.current}/cases/${q7.id}`);
    expect(withFailure.evaluatorFailures).toMatchObject([
      { name: 'judge', errorMessage: 'Error: judge unavailable' },
    ]);
    await get(`/api/runs/${ids.current}/cases/999999`, 404);
    await get(`/api/runs/${ids.current}/cases/abc`, 404);
  });

  it('lists failures by kind', async () => {
    const all = await get<FailurePage>(`/api/runs/${ids.current}/failures`);
    expect(all.counts).toEqual({ 'task-error': 1, 'evaluator-error': 1, assertion: 6 });
    expect(all.total).toBe(8);
    const errors = await get<FailurePage>(`/api/runs/${ids.current}/failures?kind=task-error`);
    expect(errors.failures).toMatchObject([{ caseName: 'boom', kind: 'task-error', title: 'Error' }]);
    await get(`/api/runs/${ids.current}/failures?kind=nope`, 400);
  });
});

describe('comparison and analyses', () => {
  it('compares two runs with significance from compareReports', async () => {
    const view = await get<ComparisonView>(`/api/compare?baseline=${ids.baseline}&current=${ids.current}`);
    const overall = (name: string) => view.overall.find((c) => c.name === name)!;
    expect(overall('accuracy')).toMatchObject({
      kind: 'score',
      verdict: 'improved',
      significant: true,
      tone: 'good',
    });
    expect(overall('fluency')).toMatchObject({
      kind: 'score',
      verdict: 'regressed',
      significant: true,
      tone: 'bad',
    });
    expect(overall('accuracy').pValue).toBeLessThan(0.05);
    expect(view.baseline.runId).toBe(ids.baseline);
    expect(view.cases.total).toBe(32);
    const q5 = view.cases.rows.find((r) => r.caseName === 'q5')!;
    const equals = q5.changes.find((c) => c.name === 'EqualsExpected')!;
    expect(equals).toMatchObject({ baseline: 1, current: 0, tone: 'bad', verdict: 'untested' });
    expect(q5.tone).toBe('bad');
    const regressed = await get<ComparisonView>(
      `/api/compare?baseline=${ids.baseline}&current=${ids.current}&filter=regressed&pageSize=100`,
    );
    expect(regressed.cases.rows.every((r) => r.tone === 'bad')).toBe(true);
    expect(regressed.cases.total).toBe(view.counts.regressed);
    await get(`/api/compare?baseline=${ids.baseline}`, 400);
    await get(`/api/compare?baseline=${ids.baseline}&current=${ids.current}&filter=worse`, 400);
  });

  it("rebuilds the run's built-in report evaluators", async () => {
    const view = await get<AnalysesView>(`/api/runs/${ids.sentiment}/analyses`);
    expect(view.failures).toEqual([]);
    expect(view.notRebuilt).toEqual([]);
    expect(view.analyses.map((a) => a.type)).toEqual([
      'confusion_matrix',
      'precision_recall',
      'scalar',
      'line_plot',
      'scalar',
      'line_plot',
      'scalar',
    ]);
    const matrix = view.analyses[0] as { classLabels: string[]; matrix: number[][] };
    expect(matrix.classLabels).toEqual(['neg', 'pos']);
    expect(matrix.matrix.flat().reduce((a, b) => a + b, 0)).toBe(40);
    const none = await get<AnalysesView>(`/api/runs/${ids.current}/analyses`);
    expect(none.analyses).toEqual([]);
  });
});
