import type { Io } from '../../src/cli/io.js';

/** An Io that collects what the CLI writes, for exact assertions. */
export function captureIo(
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env,
    cwd,
    out: () => out,
    // Without a terminal, long commands log a progress line every few seconds: not what tests compare.
    err: () => err.replace(/^progress: .*\n/gm, ''),
  };
}
