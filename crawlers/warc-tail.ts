import { closeSync, createReadStream, openSync, readSync, statSync, truncateSync } from 'node:fs';
import { constants } from 'node:buffer';
import { gzipMembers } from './gzip-members.js';

/** The start of every gzip member: magic bytes and the deflate method. */
const GZIP_START = [0x1f, 0x8b, 0x08];

/** A WARC that cannot be appended to as it is; the message says why and what to do. */
export class WarcTailError extends Error {
  override name = 'WarcTailError';
}

/** Where a half-written record was cut off, and how many bytes went with it. */
export interface TornRecord {
  offset: number;
  bytes: number;
}

/** Whether the bytes at `offset` (to the end of the file) could begin a gzip member. */
function startsLikeGzip(path: string, offset: number, size: number): boolean {
  const head = Buffer.alloc(Math.min(GZIP_START.length, size - offset));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, offset);
  } finally {
    closeSync(fd);
  }
  return head.every((byte, i) => byte === GZIP_START[i]);
}

/**
 * Cuts a record left half-written at the end of a WARC of one gzip member per record (a crawl
 * killed in the middle of a write), so that the records a resumed crawl appends follow whole ones
 * instead of a broken one that stops readers. Reads from `from`, where a record is known to end (0
 * reads the whole file), to the end. Returns where it cut and how many bytes went, or undefined when
 * the file ends with a whole record. Bytes after the last whole record that do not begin like a gzip
 * member are not a torn record of ours: they are left alone and a WarcTailError says so, as it does
 * when the file ends before `from`.
 */
export async function cutTornRecord(path: string, from = 0): Promise<TornRecord | undefined> {
  const size = statSync(path).size;
  if (from > size) {
    throw new WarcTailError(
      `${path} has ${size} bytes, but the database's documents point at records up to byte ${from}: ` +
        'it is not the file this crawl wrote (give --warc another path, or crawl again without --resume)',
    );
  }
  if (from === size) return undefined;
  const members = gzipMembers(createReadStream(path, { start: from }), constants.MAX_LENGTH);
  let step = await members.next();
  while (!step.done) step = await members.next();
  if (step.value === undefined) return undefined;
  const offset = from + step.value;
  if (!startsLikeGzip(path, offset, size)) {
    throw new WarcTailError(
      `${path} ends with ${size - offset} bytes after its last whole record (at byte ${offset}) that are ` +
        'not a gzip-compressed record; nothing was appended (move the file aside, or give --warc another path)',
    );
  }
  truncateSync(path, offset);
  return { offset, bytes: size - offset };
}
