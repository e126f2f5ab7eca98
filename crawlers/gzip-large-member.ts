import { createReadStream } from 'node:fs';
import { readFileAt } from './file-window.js';
import { crc32, createInflateRaw } from 'node:zlib';
import { gzipHeaderLength } from './gzip-members.js';
import type { ReaderContext } from './reader-context.js';
import { HEAD_LIMIT, parseWarcHead, parseWarcRecord } from './warc-plain.js';
import { recordToDoc } from './warc-record.js';

/** Bytes after a record's declared end that may still be padding before the member counts as holding more. */
const TAIL_BYTES = 1024;

interface Inflated {
  head: Buffer;
  /** Output bytes after the head's declared record end (at most TAIL_BYTES of them). */
  tail: Buffer;
  total: number;
  crc: number;
  consumed: number;
}

/**
 * Inflates the deflate data from `start` as a stream, keeping the first HEAD_LIMIT bytes of output
 * and counting (and dropping) the rest. Undefined when it does not inflate to its end, or when it
 * holds more than one record (output beyond the first record's declared end and TAIL_BYTES).
 */
async function inflateCounting(path: string, start: number): Promise<Inflated | undefined> {
  const input = createReadStream(path, { start, highWaterMark: 1024 * 1024 });
  const inflate = createInflateRaw();
  input.pipe(inflate);
  const headParts: Buffer[] = [];
  let headBytes = 0;
  let recordEnd = Infinity;
  const tailParts: Buffer[] = [];
  let total = 0;
  let crc = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      if (headBytes < HEAD_LIMIT) {
        headParts.push(chunk.subarray(0, HEAD_LIMIT - headBytes));
        headBytes += Math.min(chunk.length, HEAD_LIMIT - headBytes);
        const head = parseWarcHead(Buffer.concat(headParts));
        if (head) recordEnd = head.length + head.contentLength;
      }
      if (total + chunk.length > recordEnd) {
        tailParts.push(chunk.subarray(Math.max(recordEnd - total, 0)));
        if (total + chunk.length - recordEnd > TAIL_BYTES) return undefined;
      }
      crc = crc32(chunk, crc);
      total += chunk.length;
    }
  } catch {
    return undefined;
  } finally {
    input.destroy();
    inflate.destroy();
  }
  return {
    head: Buffer.concat(headParts),
    tail: Buffer.concat(tailParts),
    total,
    crc,
    consumed: inflate.bytesWritten,
  };
}

const isPadding = (b: number): boolean => b === 0x0d || b === 0x0a || b === 0x20 || b === 0x00;

/**
 * A gzip member too large to inflate in memory, read as a stream: when it holds exactly one WARC
 * record over the record limit, the record is judged from its head alone (reported as too large,
 * or counted as not a page) and the offset of the next member is returned; memory stays flat
 * whatever the record holds. Undefined for anything else (a whole file in one member, a damaged
 * or cut member, a record within the limit), which the stream reader then reads as before.
 */
export async function skipLargeMember(
  path: string,
  offset: number,
  ctx: ReaderContext,
): Promise<number | undefined> {
  const header = gzipHeaderLength(await readFileAt(path, offset, HEAD_LIMIT), 0);
  if (header <= 0) return undefined;
  const out = await inflateCounting(path, offset + header);
  if (!out) return undefined;
  const head = parseWarcHead(out.head);
  // (A member that ends before its record's declared end holds a cut record: the stream reader reports it.)
  const whole = head !== undefined && out.total >= head.length + head.contentLength;
  if (!head || !whole || head.contentLength <= ctx.maxRecordBytes || !out.tail.every(isPadding))
    return undefined;
  const trailer = await readFileAt(path, offset + header + out.consumed, 8);
  if (
    trailer.length < 8 ||
    trailer.readUInt32LE(0) !== out.crc ||
    trailer.readUInt32LE(4) !== out.total % 2 ** 32
  ) {
    return undefined;
  }
  const record = await parseWarcRecord(out.head.subarray(0, head.length));
  // Judged from its head only: recordToDoc reports a record over the limit (or counts one that is
  // not a page) before it would read any content, so nothing here becomes a document.
  if (record) await recordToDoc(record, path, offset, ctx);
  ctx.progress?.(offset + header + out.consumed + 8);
  return offset + header + out.consumed + 8;
}
