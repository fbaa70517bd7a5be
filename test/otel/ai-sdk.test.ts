import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { Dataset, evaluator } from 'typed-evals';
import {
  ArgumentCorrectness,
  MaxModelRequests,
  type SpanCaptureHandle,
  type SpanTree,
  setupSpanCapture,
  ToolCorrectness,
  TrajectoryMatch,
} from 'typed-evals/otel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type FakeOpenAIServer, startFakeOpenAI } from '../helpers/fake-openai-server.js';

let server: FakeOpenAIServer;
let capture: SpanCaptureHandle;

beforeAll(async () => {
  capture = setupSpanCapture();
  // First request of a conversation asks for the weather tool; once a tool result is in, answer.
  server = await startFakeOpenAI((request) => {
    const hasToolResult = request.body.messages.some((m: { role: string }) => m.role === 'tool');
    if (request.body.tools && !hasToolResult) {
      const city = String(request.body.messages.at(-1).content).includes('Rome') ? 'Rome' : 'Paris';
      return {
        toolCalls: [{ name: 'get_weather', arguments: { city } }],
        usage: { prompt_tokens: 20, completion_tokens: 5 },
      };
    }
    return { text: 'It is sunny.', usage: { prompt_tokens: 30, completion_tokens: 8 } };
  });
});

afterAll(async () => {
  await server.close();
  await capture.shutdown();
});

const model = () =>
  createOpenAICompatible({
    name: 'fake',
    baseURL: server.baseURL,
    apiKey: 'sk-test-key-0000000000000000',
  }).chatModel('fake-model');

describe('AI SDK calls inside a task', () => {
  it("show up in the case's span tree, their tokens in its metrics, and their tool calls in the agentic evaluators", async () => {
    const trees: SpanTree[] = [];
    const dataset = new Dataset<string, string>({
      name: 'weather',
      cases: [
        { name: 'paris', inputs: 'Weather in Paris?' },
        { name: 'rome', inputs: 'Weather in Rome?' },
      ],
      evaluators: [
        new ToolCorrectness({ expectedTools: ['get_weather'] }),
        new TrajectoryMatch({ expectedTrajectory: ['get_weather'], order: 'exact' }),
        new ArgumentCorrectness({ toolName: 'get_weather', expectedArguments: { city: 'Paris' } }),
        new MaxModelRequests({ maxRequests: 2 }),
        evaluator('tree', (ctx) => {
          trees.push(ctx.spanTree as SpanTree);
          return true;
        }),
      ],
    });
    const weatherAgent = async (prompt: string) => {
      const result = await generateText({
        model: model(),
        prompt,
        tools: {
          get_weather: tool({
            description: 'Weather of a city',
            inputSchema: z.object({ city: z.string() }),
            execute: async ({ city }) => ({ city, sky: 'sunny' }),
          }),
        },
        stopWhen: stepCountIs(3),
        experimental_telemetry: { isEnabled: true },
      });
      return result.text;
    };
    const report = await dataset.evaluate(weatherAgent, { maxConcurrency: 2 });
    expect(report.failures).toEqual([]);
    const [paris, rome] = report.cases;
    expect(paris!.output).toBe('It is sunny.');
    expect(paris!.metrics).toEqual({ requests: 2, input_tokens: 50, output_tokens: 13 });
    expect(paris!.assertions.ToolCorrectness?.value).toBe(true);
    expect(paris!.scores.TrajectoryMatch?.value).toBe(1);
    expect(paris!.assertions.ArgumentCorrectness?.value).toBe(true);
    expect(rome!.assertions.ArgumentCorrectness).toMatchObject({
      value: false,
      reason: "Tool 'get_weather' argument mismatch: key 'city': expected 'Paris', got 'Rome'",
    });
    expect(paris!.assertions.MaxModelRequests).toMatchObject({
      value: true,
      reason: "2 model request(s) (from ctx.metrics['requests']), budget=2",
    });

    expect(trees).toHaveLength(2);
    for (const tree of trees) {
      expect(tree.roots.map((n) => n.name)).toEqual(['ai.generateText']);
      expect([...tree].map((n) => n.name)).toEqual([
        'ai.generateText',
        'ai.generateText.doGenerate',
        'ai.toolCall',
        'ai.generateText.doGenerate',
      ]);
      expect(
        tree.first({ nameEquals: 'ai.generateText.doGenerate' })!.attributes['gen_ai.request.model'],
      ).toBe('fake-model');
      // The API key went to the server, not into any span.
      expect(JSON.stringify(tree)).not.toContain('sk-test-key');
    }
    expect(server.requests.every((r) => r.authorization === 'Bearer sk-test-key-0000000000000000')).toBe(
      true,
    );
  });

  it('streamText spans are captured too', async () => {
    const dataset = new Dataset<string, string>({ name: 'stream', cases: [{ inputs: 'hi' }] });
    const report = await dataset.evaluate(async (prompt: string) => {
      const result = streamText({ model: model(), prompt, experimental_telemetry: { isEnabled: true } });
      let text = '';
      for await (const part of result.textStream) text += part;
      return text;
    });
    expect(report.cases[0]!.output).toBe('It is sunny.');
    expect(report.cases[0]!.metrics).toEqual({ requests: 1, input_tokens: 30, output_tokens: 8 });
  });
});
