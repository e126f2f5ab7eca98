import { createReadStream } from 'node:fs';
import type { ReaderContext } from './reader-context.js';

/** 1 MiB reads: large enough that per-chunk overhead vanishes, small enough to keep memory flat. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * The file's bytes from `start` as an async iterable, reporting progress (the file offset reached)
 * to `ctx` as they are consumed.
 */
export async function* fileChunks(
  path: string,
  ctx: Pick<ReaderContext, 'progress'>,
  start = 0,
): AsyncIterable<Uint8Array> {
  let read = start;
  for await (const chunk of createReadStream(path, {
    highWaterMark: READ_CHUNK_BYTES,
    start,
  }) as AsyncIterable<Buffer>) {
    read += chunk.byteLength;
    ctx.progress?.(read);
    yield chunk;
  }
}
