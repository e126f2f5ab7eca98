import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { InputFile } from './open-input.js';
import { fetchToFile, type FetchOptions, type FetchResult } from './remote-fetch.js';

/**
 * The readers need a file they can seek in (gzip members are found and re-read by offset), so an
 * input that reads once (standard input, a pipe) or lives elsewhere (a URL) is saved first, in a
 * folder of its own under `spoolDir`, and deleted once read (`discardInput`).
 */
async function spoolFile(spoolDir: string | undefined, kind: string): Promise<string> {
  const dir = await mkdtemp(join(spoolDir ?? tmpdir(), `corpus-audit-${kind}-`));
  return join(dir, 'input');
}

/** Saves a stream that reads once (standard input, a pipe) to a temporary file. */
export async function spoolStream(stream: Readable, name: string, spoolDir?: string): Promise<InputFile> {
  const path = await spoolFile(spoolDir, 'stdin');
  try {
    await pipeline(stream, createWriteStream(path));
  } catch (err) {
    await rm(dirname(path), { recursive: true, force: true });
    throw err;
  }
  const info = await stat(path);
  return { path, size: info.size, mtimeMs: info.mtimeMs, name, temporary: true };
}

/**
 * Fetches a remote input (`url` set) into a temporary file: the input as it will be read, with
 * `path`, `size` and `temporary` set. Throws a FetchError when the transfer fails for good (the
 * partial file is removed).
 */
export async function fetchInput(
  file: InputFile,
  options: { spoolDir?: string } & FetchOptions = {},
): Promise<InputFile & { fetched?: FetchResult }> {
  if (!file.url) return file;
  const path = await spoolFile(options.spoolDir, 'fetch');
  try {
    const fetched = await fetchToFile(file.url, path, options);
    return { ...file, path, size: fetched.bytes, temporary: true, fetched };
  } catch (err) {
    await rm(dirname(path), { recursive: true, force: true });
    throw err;
  }
}

/** Deletes a temporary input's file (and its folder); leaves other inputs alone. */
export async function discardInput(file: InputFile): Promise<void> {
  if (file.temporary && file.path) await rm(dirname(file.path), { recursive: true, force: true });
}
