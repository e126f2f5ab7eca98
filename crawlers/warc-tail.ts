import { closeSync, openSync, readSync, statSync, truncateSync } from 'node:fs';
import { constants } from 'node:buffer';
import { fileChunks } from './byte-source.js';
import { gzipMembers, isCutShortMember } from './gzip-members.js';
import { UserError } from '../db/errors.js';

/**
 * A tail longer than this after the last whole record is not one record cut short by a kill (a
 * crawl's records are at most its response cap, 10 MB by default): it is refused unread.
 */
const MAX_TORN_BYTES = 256 * 1024 * 1024;

/** A WARC that cannot be appended to as it is; the message says why and what to do. */
export class WarcTailError extends UserError {
  override name = 'WarcTailError';
}

/** Where a half-written record was cut off, and how many bytes went with it. */
export interface TornRecord {
  offset: number;
  bytes: number;
}

/** The bytes of `path` from `offset` to its end (`size`). */
function readTail(path: string, offset: number, size: number): Buffer {
  const tail = Buffer.alloc(size - offset);
  const fd = openSync(path, 'r');
  try {
    for (let read = 0; read < tail.length;) {
      const n = readSync(fd, tail, read, tail.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  return tail;
}

/**
 * Cuts a record left half-written at the end of a WARC of one gzip member per record (a crawl
 * killed in the middle of a write), so that the records a resumed crawl appends follow whole ones
 * instead of a broken one that stops readers. Reads from `from`, where a record is known to end (0
 * reads the whole file), to the end. Returns where it cut and how many bytes went, or undefined when
 * the file ends with a whole record. Bytes after the last whole record that are not one gzip member
 * cut short by the end of the file (other bytes, or a whole member that fails its checks, which a
 * kill does not leave and which may have whole records after it) are left alone and a WarcTailError
 * says so, as it does when the file ends before `from`.
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
  const members = gzipMembers(fileChunks(path, {}, from), constants.MAX_LENGTH);
  let step = await members.next();
  while (!step.done) step = await members.next();
  if (step.value === undefined) return undefined;
  const offset = from + step.value;
  if (
    size - offset > MAX_TORN_BYTES ||
    !isCutShortMember(readTail(path, offset, size), constants.MAX_LENGTH)
  ) {
    throw new WarcTailError(
      `${path} ends with ${size - offset} bytes after its last whole record (at byte ${offset}) that are ` +
        'not a gzip-compressed record; nothing was appended (a damaged record or other bytes: --resume only ' +
        'removes a record cut short by the end of the file; move the file aside, or give --warc another path)',
    );
  }
  truncateSync(path, offset);
  return { offset, bytes: size - offset };
}
