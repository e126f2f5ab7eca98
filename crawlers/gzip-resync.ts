import { readFileAt } from './file-window.js';
import { constants, crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { gzipHeaderLength } from './gzip-members.js';
import type { ReaderContext } from './reader-context.js';

/**
 * Finding the way past a damaged gzip member of a per-record .warc.gz: whether the member at an
 * offset is damaged (its deflate data or its checks fail: a flipped byte, a cut-and-spliced file),
 * and where the next member that starts a WARC record lies, so that reading goes on from there.
 */

/** Compressed bytes tried for a member's checks: a record over the ingest limit is not judged here. */
const JUDGE_BYTES = 16 * 1024 * 1024;
/** Compressed bytes inflated to see whether a candidate member starts a WARC record. */
const PROBE_BYTES = 4096;
/** Bytes read at a time while searching for the next member. */
const SCAN_BYTES = 1024 * 1024;

/** Output inflated while judging a member: past this it is too large to judge here (the stream reader reports it). */
const JUDGE_OUTPUT = 64 * 1024 * 1024;

interface InflateInfo {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

/**
 * Whether the gzip member at `offset` is damaged: it has a gzip header, and its deflate data is
 * invalid or its CRC or length check fails. False for a member that is whole, for one that the end
 * of the file (or of the bytes judged) cuts short, which is reported as a truncation elsewhere, and
 * for bytes that are no gzip member at all.
 */
export async function isDamagedMember(path: string, offset: number, size: number): Promise<boolean> {
  // A plain (uncompressed) WARC comes here too, at offset 0: three bytes tell, before the window is read.
  if (!(await isGzipAt(path, offset))) return false;
  const buf = await readFileAt(path, offset, Math.min(JUDGE_BYTES, size - offset));
  const header = gzipHeaderLength(buf, 0);
  if (header <= 0) return false;
  let out: InflateInfo;
  try {
    out = inflateRawSync(buf.subarray(header), {
      info: true,
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: JUDGE_OUTPUT,
    }) as unknown as InflateInfo;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR';
  }
  const trailer = header + out.engine.bytesWritten;
  // The deflate stream did not end within the bytes read: a cut, or a member too large to judge.
  if (trailer + 8 > buf.length) return false;
  return (
    buf.readUInt32LE(trailer) !== crc32(out.buffer) ||
    buf.readUInt32LE(trailer + 4) !== out.buffer.length % 2 ** 32
  );
}

/** Whether the file has a gzip member header's first three bytes at `offset`. */
export async function isGzipAt(path: string, offset: number): Promise<boolean> {
  const magic = await readFileAt(path, offset, 3);
  return magic[0] === 0x1f && magic[1] === 0x8b && magic[2] === 8;
}

/** Whether inflated bytes start a record of the file's format. */
export type RecordStart = (head: Buffer) => boolean;

export const startsWarc: RecordStart = (head) => head.subarray(0, 5).toString('latin1') === 'WARC/';

/** Whether a gzip member that starts a record lies at `offset` of the file. */
export async function isGzipRecordAt(
  path: string,
  offset: number,
  isStart: RecordStart = startsWarc,
): Promise<boolean> {
  return startsRecord(await readFileAt(path, offset, PROBE_BYTES), 0, isStart);
}

/** Whether a gzip member starting at `at` of `buf` inflates to the start of a record. */
function startsRecord(buf: Buffer, at: number, isStart: RecordStart): boolean {
  try {
    const head = gunzipSync(buf.subarray(at, at + PROBE_BYTES), {
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: 1024 * 1024,
    });
    return isStart(head);
  } catch {
    return false;
  }
}

/**
 * The offset of the first gzip member after `from` that starts a record (a WARC record unless
 * `isStart` says otherwise), or `size` when there is none. Reads the file a megabyte at a time (a
 * member header split between two reads is found in the next, which starts a little before the
 * end of the last).
 */
export async function nextRecordMember(
  path: string,
  from: number,
  size: number,
  isStart: RecordStart = startsWarc,
): Promise<number> {
  for (let at = from; at < size; at += SCAN_BYTES) {
    const buf = await readFileAt(path, at, Math.min(SCAN_BYTES + PROBE_BYTES, size - at));
    for (
      let i = buf.indexOf(0x1f, at === from ? 1 : 0);
      i >= 0 && i < SCAN_BYTES;
      i = buf.indexOf(0x1f, i + 1)
    ) {
      if (buf[i + 1] === 0x8b && buf[i + 2] === 8 && startsRecord(buf, i, isStart)) return at + i;
    }
  }
  return size;
}

/**
 * Reports the damaged member at `offset` and returns where reading goes on: the next member that
 * starts a record, or undefined when none is left.
 */
export async function skipDamagedMember(
  path: string,
  offset: number,
  size: number,
  ctx: Pick<ReaderContext, 'problem'>,
  isStart: RecordStart = startsWarc,
): Promise<number | undefined> {
  const next = await nextRecordMember(path, offset, size, isStart);
  ctx.problem({
    code: 'damaged_gzip_member',
    message:
      `gzip member at offset ${offset} does not inflate or fails its checks; ${next - offset} bytes skipped ` +
      (next < size
        ? `to the next record's member at offset ${next}`
        : 'to the end of the file (no later record found)'),
    path,
    offset,
  });
  return next < size ? next : undefined;
}

/**
 * In a gzip file, bytes at `offset` that are no gzip member (inserted junk, a broken member
 * header): reports them and returns the next member that starts a record, or undefined when no
 * member follows (then the bytes are plain data after the members, for a plain reader to judge).
 */
export async function skipNonMember(
  path: string,
  offset: number,
  size: number,
  ctx: Pick<ReaderContext, 'problem'>,
  isStart: RecordStart = startsWarc,
): Promise<number | undefined> {
  const next = await nextRecordMember(path, offset, size, isStart);
  if (next >= size) return undefined;
  ctx.problem({
    code: 'not_a_gzip_member',
    message: `${next - offset} bytes at offset ${offset} are no gzip member; skipped to the next record's member at offset ${next}`,
    path,
    offset,
  });
  return next;
}

/** Whether the file starts as gzip does (its first member's header may still be damaged). */
export async function looksGzipped(path: string): Promise<boolean> {
  const magic = await readFileAt(path, 0, 2);
  return magic[0] === 0x1f && magic[1] === 0x8b;
}
