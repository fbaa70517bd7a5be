import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LLMJudge } from '../../src/evaluators/llm/index.js';
import {
  getDefaultJudgeModel,
  judgeModelId,
  MissingPeerDependencyError,
  ModelResolutionError,
  parseModelString,
  resolveModel,
  setDefaultJudgeModel,
} from '../../src/llm/index.js';
import { importPeer, isModuleNotFound } from '../../src/llm/peer.js';
import { type JudgeServer, startJudgeServer } from '../helpers/judge-server.js';
import { context, mockModel } from './helpers.js';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
  setDefaultJudgeModel(undefined);
});

describe('model strings', () => {
  it('splits provider and model', () => {
    expect(parseModelString('openai:gpt-5.2')).toEqual({ provider: 'openai', modelName: 'gpt-5.2' });
    expect(parseModelString('openai-compatible:qwen2.5:7b')).toEqual({
      provider: 'openai-compatible',
      modelName: 'qwen2.5:7b',
    });
  });

  it('rejects strings without a provider, and unknown providers, with the fix', () => {
    expect(() => parseModelString('gpt-5.2')).toThrow(ModelResolutionError);
    expect(() => parseModelString('gpt-5.2')).toThrow(
      /not a 'provider:model' string. Write e.g. 'openai:gpt-5.2'/,
    );
    expect(() => parseModelString('mistral:large')).toThrow(
      /Unknown model provider 'mistral'.*Known providers: openai, anthropic, google, google-gla, openai-compatible, ollama/,
    );
  });

  it.each([
    ['openai:gpt-5.2', '@ai-sdk/openai'],
    ['anthropic:claude-sonnet-4-5', '@ai-sdk/anthropic'],
    ['google:gemini-2.5-pro', '@ai-sdk/google'],
    ['google-gla:gemini-2.5-flash', '@ai-sdk/google'],
  ])('%s needs %s: a clear error when it is missing', async (model, packageName) => {
    const error = await resolveModel(model).catch((e) => e);
    expect(error).toBeInstanceOf(MissingPeerDependencyError);
    expect(error.packageName).toBe(packageName);
    expect(error.message).toBe(
      `The judge model '${model}' needs the package '${packageName}', which is not installed. ` +
        `Install it next to typed-evals: npm install ${packageName}`,
    );
  });

  it('a judge with a missing provider package fails with that error', async () => {
    await expect(
      new LLMJudge({ rubric: 'r', model: 'anthropic:claude-x' }).evaluate(context()),
    ).rejects.toThrow(/npm install @ai-sdk\/anthropic/);
  });

  it('openai-compatible needs a base URL', async () => {
    delete process.env.TYPED_EVALS_OPENAI_COMPATIBLE_BASE_URL;
    delete process.env.OPENAI_BASE_URL;
    await expect(resolveModel('openai-compatible:llama3.1')).rejects.toThrow(
      /set TYPED_EVALS_OPENAI_COMPATIBLE_BASE_URL/,
    );
  });

  it('openai-compatible and ollama build chat models', async () => {
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
    const compatible = await resolveModel('openai-compatible:llama3.1');
    expect(judgeModelId(compatible)).toBe('openai-compatible:llama3.1');
    const ollama = await resolveModel('ollama:qwen3');
    expect(judgeModelId(ollama)).toBe('ollama:qwen3');
  });

  it('an instance is used as is and named provider:modelId', async () => {
    const model = mockModel({}, 'm1');
    expect(await resolveModel(model)).toBe(model);
    expect(judgeModelId(model)).toBe('mock:m1');
  });
});

describe('structured outputs switch for openai-compatible', () => {
  let server: JudgeServer;
  beforeAll(async () => {
    server = await startJudgeServer();
  });
  afterAll(() => server.close());

  it('TYPED_EVALS_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS=0 sends json_object instead of json_schema', async () => {
    process.env.TYPED_EVALS_OPENAI_COMPATIBLE_BASE_URL = server.baseURL;
    process.env.TYPED_EVALS_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS = '0';
    await new LLMJudge({ rubric: 'r', model: 'openai-compatible:m' }).evaluate(context());
    expect(server.requests.at(-1)!.body.response_format).toEqual({ type: 'json_object' });
  });
});

describe('default judge model', () => {
  it("is 'openai:gpt-5.2', then $TYPED_EVALS_JUDGE_MODEL, then setDefaultJudgeModel", () => {
    delete process.env.TYPED_EVALS_JUDGE_MODEL;
    expect(getDefaultJudgeModel()).toBe('openai:gpt-5.2');
    process.env.TYPED_EVALS_JUDGE_MODEL = 'ollama:llama3.1';
    expect(getDefaultJudgeModel()).toBe('ollama:llama3.1');
    setDefaultJudgeModel('anthropic:claude-x');
    expect(getDefaultJudgeModel()).toBe('anthropic:claude-x');
    setDefaultJudgeModel(undefined);
    expect(getDefaultJudgeModel()).toBe('ollama:llama3.1');
  });

  it('rejects a bad model', () => {
    expect(() => setDefaultJudgeModel('' as never)).toThrow(/setDefaultJudgeModel\(model\): model must be/);
    expect(() => setDefaultJudgeModel({} as never)).toThrow(/an object without modelId/);
  });
});

describe('missing peer packages', () => {
  it('importPeer names the package to install', async () => {
    await expect(importPeer('@typed-evals/not-installed', 'This feature')).rejects.toThrow(
      "This feature needs the package '@typed-evals/not-installed', which is not installed. " +
        'Install it next to typed-evals: npm install @typed-evals/not-installed',
    );
  });

  it('a missing dependency inside an installed package is not reported as the package missing', () => {
    const inner = Object.assign(
      new Error("Cannot find package 'zod' imported from /x/node_modules/ai/dist/index.mjs"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );
    expect(isModuleNotFound(inner, 'ai')).toBe(false);
    expect(isModuleNotFound(inner, 'zod')).toBe(true);
  });

  it('under plain Node (no vite) the error names the package', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const script = [
      "const { resolveModel } = await import('typed-evals/llm');",
      "try { await resolveModel('anthropic:claude-x'); } catch (e) { console.log(e.name + ': ' + e.message); }",
    ].join('\n');
    const result = spawnSync(
      process.execPath,
      ['--conditions=typed-evals-source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root, encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.stdout.trim()).toBe(
      "MissingPeerDependencyError: The judge model 'anthropic:claude-x' needs the package '@ai-sdk/anthropic', " +
        'which is not installed. Install it next to typed-evals: npm install @ai-sdk/anthropic',
    );
  });
});
