import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/version.js';

/** Packages that cost a second or more of start-up between them, needed only by some commands. */
const HEAVY = ['@huggingface/transformers', 'onnxruntime-node', 'crawlee', 'playwright'];

/**
 * Node runs `args` with a module resolution hook that refuses the heavy packages: a command that
 * imports one of them (directly or through any module it loads) fails instead of starting.
 */
function runRefusingHeavy(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const hook = `export async function resolve(specifier, context, next) {
    if (${JSON.stringify(HEAVY)}.some((p) => specifier === p || specifier.startsWith(p + '/')))
      throw new Error('heavy import at start-up: ' + specifier);
    return next(specifier, context);
  }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(
    `data:text/javascript,${encodeURIComponent(hook)}`,
  )});`;
  const out = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, ...args],
    {
      encoding: 'utf8',
      cwd: packageRoot(),
    },
  );
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('start-up', () => {
  it('the hook does refuse a heavy package (so the checks below can fail)', () => {
    const out = runRefusingHeavy(['--input-type=module', '-e', "await import('crawlee')"]);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('heavy import at start-up: crawlee');
  });

  it.each(['--help', 'stats --help', 'ingest --help', 'score --help', 'crawl --help'])(
    '`corpus-audit %s` loads no model runtime, crawler or browser library',
    (command) => {
      const out = runRefusingHeavy([join(packageRoot(), 'bin', 'corpus-audit.js'), ...command.split(' ')]);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      expect(out.stdout).toContain('Usage: corpus-audit');
    },
  );
});
