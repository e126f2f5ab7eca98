import { open, stat } from 'node:fs/promises';
import { UserError } from '../db/errors.js';

/** What a remote input is, found before it is fetched: enough to skip it when unchanged. */
export interface RemoteHead {
  /** Bytes, from `Content-Length`; 0 when the server does not say. */
  size: number;
  /** From `Last-Modified`, in ms; 0 when the server does not say. */
  mtimeMs: number;
}

export interface FetchOptions {
  /** Tries per request after the first failure (network errors, 408, 425, 429, 5xx). @default 5 */
  retries?: number;
  /** Wait before the first retry, doubled after each (capped at 30 s). @default 1000 */
  retryDelayMs?: number;
  /** Stops the transfer. */
  signal?: AbortSignal;
  /** Bytes written to the file so far. */
  onProgress?: (bytes: number) => void;
}

export interface FetchResult {
  /** Bytes in the file. */
  bytes: number;
  /** The server's `Content-Length` (or the `Content-Range` total), when it gave one. */
  expected?: number;
  /** Transfers resumed with a `Range` request after a cut. */
  resumed: number;
  /** Requests retried (including resumes). */
  retried: number;
}

export class FetchError extends UserError {
  override readonly name: string = 'FetchError';
  constructor(
    message: string,
    /** Bytes written before giving up (the file holds them). */
    readonly bytes: number,
  ) {
    super(message);
  }
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_RETRY_DELAY_MS = 30_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` in seconds or as an HTTP date, as ms from now (capped), or undefined. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_DELAY_MS) : undefined;
}

/** Asks for the size and date of `url` (HEAD); zeros where the server does not say or refuses. */
export async function headRemote(url: string, signal?: AbortSignal): Promise<RemoteHead> {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', ...(signal && { signal }) });
    if (!res.ok) return { size: 0, mtimeMs: 0 };
    const size = Number(res.headers.get('content-length') ?? 0);
    const modified = Date.parse(res.headers.get('last-modified') ?? '');
    return { size: Number.isFinite(size) ? size : 0, mtimeMs: Number.isFinite(modified) ? modified : 0 };
  } catch {
    return { size: 0, mtimeMs: 0 };
  }
}

/**
 * Downloads `url` into the file `dest` (created or truncated), streaming: memory stays flat
 * whatever the size. A cut transfer is resumed with a `Range` request where the server accepts one
 * (206), else fetched again from the start; network errors and 408/425/429/5xx are retried with
 * exponential back-off (honouring `Retry-After`). Any other status, or running out of retries,
 * throws a FetchError that says what happened.
 */
export async function fetchToFile(
  url: string,
  dest: string,
  options: FetchOptions = {},
): Promise<FetchResult> {
  const retries = options.retries ?? 5;
  const baseDelay = options.retryDelayMs ?? 1000;
  const handle = await open(dest, 'w');
  let bytes = 0;
  let expected: number | undefined;
  let resumed = 0;
  let retried = 0;
  let failures = 0;
  try {
    for (;;) {
      let wait = Math.min(baseDelay * 2 ** failures, MAX_RETRY_DELAY_MS);
      let why: string;
      try {
        // identity: the file's own bytes (a .warc.gz must stay gzip), and lengths that mean bytes.
        const headers: Record<string, string> = {
          'accept-encoding': 'identity',
          ...(bytes > 0 && { range: `bytes=${bytes}-` }),
        };
        const res = await fetch(url, {
          headers,
          redirect: 'follow',
          ...(options.signal && { signal: options.signal }),
        });
        if (bytes > 0 && res.status === 206) {
          resumed++;
        } else if (res.status === 200) {
          // Fresh (or the server ignored the range): start the file again.
          if (bytes > 0) await handle.truncate(0);
          bytes = 0;
        } else {
          await res.body?.cancel();
          if (bytes > 0 && res.status === 416 && expected !== undefined && bytes >= expected) break;
          if (!RETRY_STATUS.has(res.status)) {
            throw new FetchError(`${url}: HTTP ${res.status} ${res.statusText}`.trim(), bytes);
          }
          wait = retryAfterMs(res.headers.get('retry-after')) ?? wait;
          throw new RetryableError(`HTTP ${res.status}`);
        }
        expected = totalLength(res, bytes) ?? expected;
        if (!res.body) break;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          await handle.write(chunk, 0, chunk.byteLength, bytes);
          bytes += chunk.byteLength;
          options.onProgress?.(bytes);
        }
        if (expected === undefined || bytes >= expected) break;
        why = `connection closed after ${bytes} of ${expected} bytes`;
      } catch (err) {
        if (err instanceof FetchError) throw err;
        if (options.signal?.aborted) throw err;
        why = (err as Error).message;
        // undici reports network failures as "fetch failed" with the reason in `cause`.
        const cause = (err as { cause?: { message?: string } }).cause?.message;
        if (cause) why += ` (${cause})`;
      }
      if (failures >= retries) {
        throw new FetchError(
          `${url}: gave up after ${failures + 1} tries (${why}); ${bytes} bytes received`,
          bytes,
        );
      }
      failures++;
      retried++;
      await sleep(wait, options.signal);
    }
  } finally {
    await handle.close();
  }
  const size = (await stat(dest)).size;
  return { bytes: size, ...(expected !== undefined && { expected }), resumed, retried };
}

class RetryableError extends Error {}

/** The full length of the resource: `Content-Range`'s total for a 206, else `Content-Length`. */
function totalLength(res: Response, offset: number): number | undefined {
  const range = /\/(\d+)\s*$/.exec(res.headers.get('content-range') ?? '');
  if (range) return Number(range[1]);
  const length = res.headers.get('content-length');
  // A compressed transfer's Content-Length counts encoded bytes, not what the body yields.
  if (length === null || res.headers.get('content-encoding')) return undefined;
  return offset + Number(length);
}
