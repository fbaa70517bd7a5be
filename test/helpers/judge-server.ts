/**
 * A fake OpenAI-compatible server on 127.0.0.1 for judge tests: answers POST /v1/chat/completions with
 * configurable replies (JSON content, status codes, headers, delays) and records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';

export interface JudgeReply {
  /** HTTP status. @default 200 */
  status?: number;
  headers?: Record<string, string>;
  /** The assistant message content (a string, or an object sent as JSON text). */
  content?: string | Record<string, unknown>;
  /** An OpenAI `refusal` field on the message. */
  refusal?: string;
  /** @default 'stop' */
  finishReason?: string;
  /** A raw response body; replaces the chat completion built from the fields above. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export type ReplyFn = (request: RecordedRequest) => JudgeReply;

export interface JudgeServer {
  /** e.g. `http://127.0.0.1:54321/v1` */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queues replies, used in order before the default one. */
  enqueue(...replies: JudgeReply[]): void;
  /** The reply used when the queue is empty. */
  setDefault(reply: JudgeReply | ReplyFn): void;
  /** A chat model on this server through @ai-sdk/openai-compatible. */
  model(
    modelId?: string,
    options?: { apiKey?: string; supportsStructuredOutputs?: boolean },
  ): ReturnType<ReturnType<typeof createOpenAICompatible>['chatModel']>;
  close(): Promise<void>;
}

const PASS = { reason: 'The output meets the rubric.', pass: true, score: 1 };

export async function startJudgeServer(
  defaultReply: JudgeReply | ReplyFn = { content: PASS },
): Promise<JudgeServer> {
  const requests: RecordedRequest[] = [];
  const queue: JudgeReply[] = [];
  let fallback: JudgeReply | ReplyFn = defaultReply;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '',
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      };
      requests.push(request);
      const reply = queue.shift() ?? (typeof fallback === 'function' ? fallback(request) : fallback);
      const timer = setTimeout(() => send(res, request, reply), reply.delayMs ?? 0);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}/v1`;
  return {
    baseURL,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    setDefault: (reply) => {
      fallback = reply;
    },
    model: (modelId = 'judge-model', options = {}) =>
      createOpenAICompatible({
        name: 'fake-openai',
        baseURL,
        apiKey: options.apiKey ?? 'sk-test-server-key-123456',
        includeUsage: true,
        supportsStructuredOutputs: options.supportsStructuredOutputs ?? true,
      }).chatModel(modelId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, request: RecordedRequest, reply: JudgeReply): void {
  if (res.destroyed) return;
  const status = reply.status ?? 200;
  const body =
    reply.body ??
    (status === 200
      ? chatCompletion(request, reply)
      : { error: { message: `status ${status}`, type: 'error' } });
  res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function chatCompletion(request: RecordedRequest, reply: JudgeReply) {
  const content =
    typeof reply.content === 'string' ? reply.content : reply.content ? JSON.stringify(reply.content) : null;
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: 1,
    model: request.body?.model ?? 'judge-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(reply.refusal ? { refusal: reply.refusal } : {}) },
        finish_reason: reply.finishReason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 },
  };
}
