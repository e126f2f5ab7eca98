import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../db/version.js';

/** Packages that cost a second or more of start-up between them, needed only by some commands. */
const HEAVY = ['@huggingface/transformers', 'onnxruntime-node', 'crawlee', 'playwright'];

/**
 * Libraries of the policy, export and service commands (0.3 s of start-up between them): commands
 * that use none of them load none of them.
 */
const COMMAND_LIBRARIES = ['zod', 'yaml', 'fastify', 'prom-client', 'hyparquet-writer'];

/**
 * Node runs `args` with a module resolution hook that refuses the `refused` packages: a command that
 * imports one of them (directly or through any module it loads) fails instead of starting.
 */
function runRefusingHeavy(
  args: string[],
  refused = HEAVY,
): { status: number | null; stdout: string; stderr: string } {
  const hook = `export async function resolve(specifier, context, next) {
    if (${JSON.stringify(refused)}.some((p) => specifier === p || specifier.startsWith(p + '/')))
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

  it.each(['ingest --help', 'stats --help', 'crawl --help', 'detect --help', 'help ingest'])(
    '`corpus-audit %s` loads only its own command: no policy, export or service library',
    (command) => {
      const out = runRefusingHeavy(
        [join(packageRoot(), 'bin', 'corpus-audit.js'), ...command.split(' ')],
        [...HEAVY, ...COMMAND_LIBRARIES],
      );
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      expect(out.stdout).toContain('Usage: corpus-audit');
    },
  );

  it('the overall help still lists every command', () => {
    const out = runRefusingHeavy([join(packageRoot(), 'bin', 'corpus-audit.js'), '--help']);
    for (const command of ['ingest', 'crawl', 'policy', 'export', 'gate', 'serve', 'report', 'demo'])
      expect(out.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });
});
