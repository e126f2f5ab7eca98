import type { Readable } from 'node:stream';
import { UserError } from '../../db/errors.js';

/** The CLI's window on the world, injectable so tests can compare exact output. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** What `-` reads. @default process.stdin */
  stdin?: Readable;
}

export function processIo(): Io {
  // `corpus-audit mt-saturation | head`: the reader went away; stop quietly, as Unix tools do,
  // instead of dying on an unhandled EPIPE with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Thrown for bad usage or configuration: printed without a stack trace, exit code 2. */
export class UsageError extends UserError {
  override readonly name: string = 'UsageError';
}

/** An integer flag's value, or a UsageError naming the flag and the range it takes. */
export function integerFlag(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${value}'`);
  }
  return n;
}
