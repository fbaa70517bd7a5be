#!/usr/bin/env node
// The typed-evals CLI launcher.
//
// 1. tsx is registered for the whole process (one module graph, not tsImport's per-call namespaces),
//    so that *.eval.ts files load without a build step and share typed-evals with the CLI.
// 2. A published package runs the compiled CLI, dist/cli/main.js. A fresh clone has no dist/: then the
//    CLI runs from src/ through tsx, and a tiny resolve hook adds the `typed-evals-source` export
//    condition to imports of 'typed-evals' (package.json maps it to src/), so that eval files in this
//    repository get the sources too.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();

const dist = new URL('../dist/cli/main.js', import.meta.url);
let entry = dist;
if (!existsSync(dist)) {
  const hook = `export function resolve(specifier, context, next) {
    if (specifier !== 'typed-evals' && !specifier.startsWith('typed-evals/')) return next(specifier, context);
    return next(specifier, { ...context, conditions: [...context.conditions, 'typed-evals-source'] });
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  entry = new URL('../src/cli/main.ts', import.meta.url);
}

const { runCli } = await import(entry.href);
await runCli(process.argv);
