/**
 * A fake OpenAI-compatible chat server on 127.0.0.1 for AI SDK tests: POST /v1/chat/completions answers
 * with scripted replies (text or tool calls, with token usage), as JSON or as SSE when `stream` is set,
 * and records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeToolCall {
  name: string;
  /** Sent as the JSON text of the call's arguments. */
  arguments: Record<string, unknown>;
}

export interface FakeReply {
  /** The assistant's text. @default 'Hello from fake server' (when there are no tool calls) */
  text?: string;
  toolCalls?: FakeToolCall[];
  /** @default { prompt_tokens: 11, completion_tokens: 7 } */
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface FakeRequest {
  url: string;
  authorization: string | undefined;
  body: any;
}

export type Script = (request: FakeRequest, index: number) => FakeReply;

export interface FakeOpenAIServer {
  /** e.g. `http://127.0.0.1:54321/v1` */
  baseURL: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

const DEFAULT_USAGE = { prompt_tokens: 11, completion_tokens: 7 };

/** Starts the server; `script` picks the reply to each request (default: a plain text answer). */
export async function startFakeOpenAI(script: Script = () => ({})): Promise<FakeOpenAIServer> {
  const requests: FakeRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"not found"}}');
        return;
      }
      const request: FakeRequest = {
        url: req.url,
        authorization: req.headers.authorization,
        body: JSON.parse(raw || '{}'),
      };
      requests.push(request);
      const reply = script(request, requests.length - 1);
      if (request.body.stream) sendStream(res, request.body.model, reply);
      else sendJson(res, request.body.model, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function message(reply: FakeReply) {
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
    id: `call_${i + 1}`,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
  const text = reply.text ?? (toolCalls.length > 0 ? null : 'Hello from fake server');
  return { toolCalls, text, finish: toolCalls.length > 0 ? 'tool_calls' : 'stop' };
}

function usageOf(reply: FakeReply) {
  const usage = reply.usage ?? DEFAULT_USAGE;
  return { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
}

function sendJson(res: http.ServerResponse, model: string, reply: FakeReply): void {
  const { toolCalls, text, finish } = message(reply);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: text,
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: finish,
        },
      ],
      usage: usageOf(reply),
    }),
  );
}

function sendStream(res: http.ServerResponse, model: string, reply: FakeReply): void {
  const { toolCalls, text, finish } = message(reply);
  const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const piece of text?.match(/.{1,5}/gs) ?? []) res.write(chunk({ content: piece }, null));
  for (const [index, call] of toolCalls.entries())
    res.write(chunk({ tool_calls: [{ index, ...call }] }, null));
  res.write(chunk({}, finish, { usage: usageOf(reply) }));
  res.end('data: [DONE]\n\n');
}
