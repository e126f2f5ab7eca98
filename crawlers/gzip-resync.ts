import { open } from 'node:fs/promises';
import { constants, crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { gzipHeaderLength } from './gzip-members.js';

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

async function readAt(path: string, offset: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await file.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

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
  const magic = await readAt(path, offset, 3);
  if (magic[0] !== 0x1f || magic[1] !== 0x8b || magic[2] !== 8) return false;
  const buf = await readAt(path, offset, Math.min(JUDGE_BYTES, size - offset));
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

/** Whether a gzip member starting at `at` of `buf` inflates to the start of a WARC record. */
function startsWarcRecord(buf: Buffer, at: number): boolean {
  try {
    const head = gunzipSync(buf.subarray(at, at + PROBE_BYTES), { finishFlush: constants.Z_SYNC_FLUSH });
    return head.subarray(0, 5).toString('latin1') === 'WARC/';
  } catch {
    return false;
  }
}

/**
 * The offset of the first gzip member after `from` that starts a WARC record, or `size` when there
 * is none. Reads the file a megabyte at a time (a member header split between two reads is found
 * in the next, which starts a little before the end of the last).
 */
export async function nextWarcMember(path: string, from: number, size: number): Promise<number> {
  for (let at = from; at < size; at += SCAN_BYTES) {
    const buf = await readAt(path, at, Math.min(SCAN_BYTES + PROBE_BYTES, size - at));
    for (
      let i = buf.indexOf(0x1f, at === from ? 1 : 0);
      i >= 0 && i < SCAN_BYTES;
      i = buf.indexOf(0x1f, i + 1)
    ) {
      if (buf[i + 1] === 0x8b && buf[i + 2] === 8 && startsWarcRecord(buf, i)) return at + i;
    }
  }
  return size;
}
