/**
 * @module
 * `typed-evals init [dir]`: writes a starter eval file and a YAML dataset (default directory: evals/).
 * Existing files are never overwritten unless --force is given.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { DATASET_FILE, DATASET_TEMPLATE, EVAL_FILE, evalFileTemplate } from '../templates.js';
import { printOut } from '../terminal.js';

export function initCommand(dir: string, flags: { force?: boolean }): ExitCode {
  const cwd = process.cwd();
  const target = resolve(cwd, dir);
  const files = [
    { path: join(target, DATASET_FILE), text: DATASET_TEMPLATE },
    { path: join(target, EVAL_FILE), text: evalFileTemplate(DATASET_FILE) },
  ];
  const shown = (path: string) => relative(cwd, path) || path;
  const existing = files.filter((f) => existsSync(f.path)).map((f) => shown(f.path));
  if (existing.length > 0 && !flags.force) {
    throw new CliError(
      `Not overwriting ${existing.join(', ')}: pass --force to replace ${existing.length === 1 ? 'it' : 'them'}.`,
    );
  }
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    writeFileSync(file.path, file.text);
    printOut(`Created ${shown(file.path)}`);
  }
  printOut();
  printOut('Next:');
  printOut(`  npx typed-evals run ${shown(target)}`);
  printOut(`  npx typed-evals validate ${shown(files[0]!.path)}`);
  return EXIT.ok;
}
