/**
 * The viewer in a real browser: Debian's Chromium driven by playwright-core through the runs list, an
 * experiment's history, a run's table, a case, failures, analyses, a comparison, a live run, and the
 * XSS case. Screenshots go to VIEWER_SCREENSHOT_DIR (or a temp folder, printed).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewerServer } from '../../src/viewer/server.js';
import { recordQaRun, recordSentimentRun, startLiveRun, XSS_NAME, XSS_OUTPUT } from './fixtures.js';
import {
  type Browser,
  launchChromium,
  removeDir,
  screenshotDir,
  startTestViewer,
  tempDir,
} from './helpers.js';

let dataDir: string;
let server: ViewerServer;
let browser: Browser;
let page: Page;
let shots: string;
const ids = { baseline: '', current: '', sentiment: '' };

beforeAll(async () => {
  // First: a missing Chromium must fail the suite with its message, before anything else runs.
  browser = await launchChromium();
  dataDir = tempDir('typed-evals-viewer-e2e-');
  ids.baseline = await recordQaRun(dataDir, 'baseline');
  ids.current = await recordQaRun(dataDir, 'current');
  ids.sentiment = await recordSentimentRun(dataDir);
  server = await startTestViewer(dataDir);
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  shots = screenshotDir();
  process.stdout.write(`viewer screenshots: ${shots}\n`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) removeDir(dataDir);
});

const open = (hash: string) => page.goto(`${server.url}${hash}`);
const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const rows = (testId: string) => page.getByTestId(testId);

describe('the viewer in Chromium', { timeout: 30_000 }, () => {
  it('lists experiments and runs', async () => {
    await open('');
    await rows('run-row').first().waitFor();
    expect(await rows('run-row').count()).toBe(3);
    await expect.poll(() => page.getByTestId('experiments').textContent()).toContain('sentiment');
    expect(await page.getByTestId('runs').textContent()).toContain(ids.current);
    await shot('runs');
  });

  it("draws an experiment's history and compares two runs with coloured changes", async () => {
    await page.getByTestId('experiments').getByRole('link', { name: 'qa' }).click();
    await page.getByTestId('chart-pass-rate').locator('path').first().waitFor();
    expect(await page.getByTestId('chart-scores').locator('path').count()).toBe(2);
    await shot('experiment');
    await page.getByTestId('compare-link').click();
    await rows('overall-row').first().waitFor();
    expect(page.url()).toContain(`baseline=${ids.baseline}`);
    const accuracy = rows('overall-row').filter({ hasText: 'accuracy' });
    const fluency = rows('overall-row').filter({ hasText: 'fluency' });
    expect(await accuracy.getByTestId('verdict').textContent()).toBe('improved');
    expect(await fluency.getByTestId('verdict').textContent()).toBe('regressed');
    expect(await colorOf(accuracy.locator('.tone-good'))).toBe('rgb(21, 128, 61)');
    expect(await colorOf(fluency.locator('.tone-bad'))).toBe('rgb(185, 28, 28)');
    await shot('compare');
    await page.getByTestId('diff-filter-regressed').click();
    await expect.poll(() => page.url()).toContain('filter=regressed');
    await expect.poll(() => rows('diff-row').filter({ hasText: 'q5' }).count()).toBe(1);
    const classes = await rows('diff-row').evaluateAll((els) => els.map((el) => el.className));
    expect(classes.every((c) => c === 'tone-row-bad')).toBe(true);
  });

  it("shows a run's histograms and sorts, filters and pages its cases on the server", async () => {
    await open(`#/runs/${ids.current}`);
    await rows('case-row').first().waitFor();
    expect(await rows('case-row').count()).toBe(33);
    expect(await page.getByTestId('histogram-accuracy').locator('rect.bar').count()).toBe(10);
    await page.getByTestId('page-size').selectOption('25');
    await expect.poll(() => rows('case-row').count()).toBe(25);
    expect(await page.getByTestId('pager-status').textContent()).toContain('Page 1 of 2');
    await page.getByTestId('pager-next').click();
    await expect.poll(() => rows('case-row').count()).toBe(8);
    await page.getByTestId('sort-score:accuracy').click();
    await expect.poll(() => firstCell(3)).toBe('0.550');
    await page.getByTestId('sort-score:accuracy').click();
    await expect.poll(() => firstCell(3)).toBe('0.730');
    await page.getByTestId('filter-name').fill('q1');
    await expect.poll(() => rows('case-row').count()).toBe(11);
    await page.getByTestId('filter-name').fill('');
    await page.getByTestId('filter-status').selectOption('error');
    await expect.poll(() => rows('case-row').count()).toBe(1);
    expect(await rows('case-preview').first().textContent()).toBe('Error: model timeout');
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('filter-min').fill('0.7');
    await page.getByTestId('filter-min').press('Enter');
    await expect.poll(() => page.url()).toContain('min=0.7');
    await expect.poll(() => rows('case-row').count()).toBe(6);
    await page.getByTestId('page-size').selectOption('50');
    await shot('run');
  });

  it('opens a case with every result and its reason', async () => {
    await open(`#/runs/${ids.current}?q=q3`);
    await rows('case-link').filter({ hasText: /^q3$/ }).click();
    await expect.poll(() => page.getByTestId('case-name').textContent()).toContain('q3');
    expect(await rows('result-row').count()).toBe(5);
    expect(await page.getByTestId('case-results').textContent()).toContain('reads naturally');
    expect(await page.getByTestId('case-output').textContent()).toBe('6');
    await shot('case');
    await open(`#/runs/${ids.current}/failures`);
    await rows('failure-row').first().waitFor();
    expect(await rows('failure-row').count()).toBe(8);
    expect(await page.getByTestId('failures').textContent()).toContain('judge unavailable');
  });

  it('draws the analyses of report evaluators', async () => {
    await open(`#/runs/${ids.sentiment}/analyses`);
    await page.getByTestId('confusion-matrix').waitFor();
    expect(await page.getByTestId('confusion-matrix').locator('tbody td').count()).toBe(4);
    expect(await page.getByTestId('precision-recall').locator('path').count()).toBe(1);
    expect(await page.getByTestId('line-plot').count()).toBe(2);
    expect(await page.getByTestId('scalar').count()).toBe(3);
    await shot('analyses');
  });

  it('renders hostile outputs and names as text: no script runs', async () => {
    await open(`#/runs/${ids.current}?q=xss-case`);
    await rows('case-link').first().click();
    await expect.poll(() => page.getByTestId('case-output').textContent()).toBe(XSS_OUTPUT);
    await open(`#/runs/${ids.current}?q=${encodeURIComponent('<img')}`);
    await expect.poll(() => rows('case-link').first().textContent()).toBe(XSS_NAME);
    await rows('case-link').first().click();
    await expect.poll(() => page.getByTestId('case-name').textContent()).toContain(XSS_NAME);
    await open(`#/runs/${ids.current}?sort=name&order=desc`);
    await expect.poll(() => page.getByText(XSS_OUTPUT).count()).toBeGreaterThan(0);
    await page.waitForTimeout(300); // an onerror handler of a broken image would have run by now
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('main img, main script').count()).toBe(0);
    await shot('xss');
  });

  it('follows a run in progress: the run appears, then its cases one by one', async () => {
    await open('');
    await rows('run-row').first().waitFor();
    const live = startLiveRun(dataDir, 4);
    const liveId = await live.runId;
    await expect.poll(() => rows('run-row').count()).toBe(4);
    await page.getByRole('link', { name: liveId }).click();
    await expect.poll(() => page.getByTestId('run-status').first().textContent()).toContain('running');
    await page.getByTestId('live-indicator').waitFor();
    for (let n = 1; n <= 3; n++) {
      live.release();
      await expect.poll(() => rows('case-row').count()).toBe(n);
    }
    await shot('live');
    live.release();
    await live.done;
    await expect.poll(() => rows('case-row').count()).toBe(4);
    await expect.poll(() => page.getByTestId('run-status').first().textContent()).toBe('complete');
  });

  it('logged no console error and no CSP violation on any page', () => {
    expect(browser.problems).toEqual([]);
  });
});

/** The computed text colour of the first element (the callback runs in the page, where DOM globals exist). */
function colorOf(locator: ReturnType<Page['locator']>): Promise<string> {
  type Window = { getComputedStyle(element: unknown): { color: string } };
  return locator.first().evaluate((el) => (globalThis as unknown as Window).getComputedStyle(el).color);
}

/** Text of the `column`-th cell of the first case row. */
function firstCell(column: number): Promise<string | null> {
  return rows('case-row').first().locator('td').nth(column).textContent();
}
