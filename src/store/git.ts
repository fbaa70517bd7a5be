/**
 * @module
 * The commit a run was made at (`git rev-parse HEAD`), read from the `.git` folder's files: no process
 * is spawned on the common paths (a branch ref, a packed ref, a detached HEAD, a worktree), and
 * `git rev-parse HEAD` runs only when those files cannot be read. Cached per directory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const cache = new Map<string, string | null>();
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The HEAD commit of the checkout `cwd` is in, or null when it is not a git checkout. */
export function gitCommit(cwd = process.cwd()): string | null {
  const key = resolve(cwd);
  let commit = cache.get(key);
  if (commit === undefined) {
    commit = readCommit(key);
    cache.set(key, commit);
  }
  return commit;
}

function readCommit(cwd: string): string | null {
  const gitPath = findGit(cwd);
  if (!gitPath) return null;
  try {
    const commit = fromFiles(gitPath);
    if (commit) return commit;
  } catch {
    // fall through to git itself
  }
  return fromGit(cwd);
}

function findGit(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, '.git');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function fromFiles(gitPath: string): string | undefined {
  let gitDir = gitPath;
  if (statSync(gitPath).isFile()) {
    const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitPath, 'utf8'));
    if (!pointer) return undefined;
    gitDir = resolve(dirname(gitPath), pointer[1]!.trim());
  }
  const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  if (SHA.test(head)) return head;
  const ref = /^ref:\s*(.+)$/.exec(head)?.[1]?.trim();
  if (!ref) return undefined;
  const commonFile = join(gitDir, 'commondir');
  const commonDir = existsSync(commonFile)
    ? resolve(gitDir, readFileSync(commonFile, 'utf8').trim())
    : gitDir;
  for (const dir of [gitDir, commonDir]) {
    const refFile = join(dir, ref);
    if (existsSync(refFile)) {
      const sha = readFileSync(refFile, 'utf8').trim();
      return SHA.test(sha) ? sha : undefined;
    }
  }
  const packed = join(commonDir, 'packed-refs');
  if (!existsSync(packed)) return undefined;
  for (const line of readFileSync(packed, 'utf8').split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && sha && SHA.test(sha)) return sha;
  }
  return undefined;
}

function fromGit(cwd: string): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    return SHA.test(out) ? out : null;
  } catch {
    return null;
  }
}
