import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunUpdateEvent } from '../../src/viewer/api-types.js';
import { isLoopbackHost, loopbackHosts } from '../../src/viewer/security.js';
import type { ViewerServer } from '../../src/viewer/server.js';
import { recordQaRun, startLiveRun } from './fixtures.js';
import { rawRequest, removeDir, startTestViewer, tempDir } from './helpers.js';

const SECRET = 'TOPSECRET-viewer-test';
let root: string;
let dataDir: string;
let server: ViewerServer;
let runId: string;

beforeAll(async () => {
  root = tempDir('typed-evals-viewer-security-');
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  // Files a traversal would reach: next to the data folder, inside it, and beside the run files.
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(dataDir, 'secret.txt'), SECRET);
  runId = await recordQaRun(dataDir, 'baseline');
  writeFileSync(join(dataDir, 'runs', 'secret.jsonl'), `${SECRET}\n`);
  server = await startTestViewer(dataDir);
}, 120_000);

afterAll(async () => {
  await server?.close();
  removeDir(root);
});

describe('read-only', () => {
  it('answers 405 with Allow to every method but GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      for (const path of [
        '/',
        '/api/runs',
        `/api/runs/${runId}`,
        '/api/events',
        '/assets/x.js',
        '/nowhere',
      ]) {
        const response = await rawRequest(server.port, path, { method });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.allow).toBe('GET, HEAD');
      }
    }
    for (const path of ['/api/runs', '/', '/api/events', `/api/events?run=${runId}`]) {
      const head = await rawRequest(server.port, path, { method: 'HEAD' });
      expect(head.status, path).toBe(200);
      expect(head.body, path).toBe('');
    }
  });

  it('sets a strict CSP and nosniff on every response, errors included', async () => {
    for (const path of [
      '/',
      '/api/runs',
      '/api/runs/bad.id',
      '/missing',
      `/api/runs/${runId}/cases?page=x`,
    ]) {
      const response = await rawRequest(server.port, path);
      expect(response.headers['content-security-policy'], path).toMatch(/^default-src 'self'/);
      expect(response.headers['x-content-type-options'], path).toBe('nosniff');
      expect(response.headers['x-frame-options'], path).toBe('DENY');
    }
    const index = await rawRequest(server.port, '/');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).not.toMatch(/<script>(?!<)/); // no inline script: the CSP would block it anyway
    const asset = index.body.match(/src="\.(\/assets\/[^"]+\.js)"/)![1]!;
    const js = await rawRequest(server.port, asset);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('refuses a Host header other than its own (DNS rebinding)', async () => {
    const evil = await rawRequest(server.port, '/api/runs', { headers: { Host: 'evil.example:80' } });
    expect(evil.status).toBe(403);
    const local = await rawRequest(server.port, '/api/runs', {
      headers: { Host: `localhost:${server.port}` },
    });
    expect(local.status).toBe(200);
  });
});

describe('path traversal', () => {
  const attempts = [
    '/api/runs/..%2F..%2Fsecret',
    '/api/runs/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/api/runs/%2e%2e',
    '/api/runs/..',
    '/api/runs/secret',
    '/api/runs/%2Fetc%2Fpasswd',
    '/api/runs/..%2fsecret.txt/cases',
    '/api/runs/..%5c..%5csecret.txt',
    '/api/compare?baseline=..%2F..%2Fsecret&current=x',
    '/api/events?run=..%2F..%2Fsecret',
    '/api/events?run=%2Fetc%2Fpasswd',
    `/api/runs/${'RUN'}/cases/..%2F..%2F1`,
    '/assets/../../package.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/assets/%252e%252e/package.json',
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '//etc/passwd',
    '/etc/passwd',
    '/secret.txt',
    '/data/secret.txt',
    '/runs/secret.jsonl',
    '/index.html/../../package.json',
    '/C:%5CWindows%5Cwin.ini',
  ];

  it('answers 400 or 404 without content for every attempt', async () => {
    for (const attempt of attempts) {
      const path = attempt.replace('RUN', runId);
      const response = await rawRequest(server.port, path);
      expect([400, 404], `${path} → ${response.status}`).toContain(response.status);
      expect(response.body, path).not.toContain(SECRET);
      expect(response.body, path).not.toContain('root:');
      expect(response.body, path).not.toContain('"name": "typed-evals"');
      expect(response.body.length, path).toBeLessThan(200);
    }
  });
});

describe('live updates (server-sent events)', () => {
  it('pushes the run and its new cases as they finish', async () => {
    const live = startLiveRun(dataDir, 3);
    const liveId = await live.runId;
    const controller = new AbortController();
    const response = await fetch(new URL(`/api/events?run=${liveId}`, server.url), {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = readEvents(response.body!);
    const first = await nextRunEvent(events);
    expect(first.summary.status).toBe('running');
    live.release();
    const second = await nextRunEvent(events, (e) => e.caseCount >= 1);
    expect(second.newCases.map((c) => c.name)).toContain('live-0');
    live.release();
    live.release();
    await live.done;
    const last = await nextRunEvent(events, (e) => e.summary.status === 'complete');
    expect(last.caseCount).toBe(3);
    controller.abort();
  });

  it('answers 404 before streaming for an unknown run', async () => {
    const response = await rawRequest(server.port, '/api/events?run=20200101-000000-000-abcdef');
    expect(response.status).toBe(404);
  });
});

/** Parsed `event: run` messages of an SSE body. */
async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<RunUpdateEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = message.split('\n');
      if (lines.includes('event: run')) {
        const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
        yield JSON.parse(data.join('\n')) as RunUpdateEvent;
      }
      end = buffer.indexOf('\n\n');
    }
  }
}

async function nextRunEvent(
  events: AsyncGenerator<RunUpdateEvent>,
  wanted: (event: RunUpdateEvent) => boolean = () => true,
): Promise<RunUpdateEvent> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { value, done } = await events.next();
    if (done) throw new Error('the event stream ended');
    if (wanted(value)) return value;
  }
  throw new Error('no matching event within 10 s');
}

describe('loopback', () => {
  it('tells loopback listen addresses from the others, for the Host check and the CLI warning', () => {
    for (const host of ['127.0.0.1', '127.4.5.6', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'example.com', '127.0.0.1.example.com', ''])
      expect(isLoopbackHost(host), host).toBe(false);
    expect([...loopbackHosts('::1', 8080)!].sort()).toEqual(
      ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080'].sort(),
    );
    expect(loopbackHosts('0.0.0.0', 8080)).toBeUndefined();
  });
});
