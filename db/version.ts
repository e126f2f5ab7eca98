import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module with corpus-audit's package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'corpus-audit'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('corpus-audit: cannot find its own package.json');
    dir = parent;
  }
}

function gitCommit(root: string): string | undefined {
  try {
    const head = readFileSync(join(root, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 12);
    const ref = head.slice(5);
    const loose = join(root, '.git', ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim().slice(0, 12);
    const packed = readFileSync(join(root, '.git', 'packed-refs'), 'utf8');
    return packed
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`))
      ?.slice(0, 12);
  } catch {
    return undefined;
  }
}

/** Whether tracked files differ from the commit: a run or benchmark from such a tree is not that commit. */
function dirty(root: string): boolean {
  try {
    const out = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return out.trim() !== '';
  } catch {
    return false; // no git here: nothing to say
  }
}

let cached: string | undefined;

/**
 * `corpus-audit@<version>`, plus `+<commit>` when run from a git checkout and `-dirty` when tracked
 * files differ from that commit: recorded with every run and benchmark.
 */
export function codeVersion(): string {
  if (cached) return cached;
  const root = packageRoot();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const commit = gitCommit(root);
  cached = `corpus-audit@${version}${commit ? `+${commit}${dirty(root) ? '-dirty' : ''}` : ''}`;
  return cached;
}

/** The package.json version alone (no commit): for outputs that must not change between commits. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}
