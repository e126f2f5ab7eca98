import { AsyncIterReader, WARCParser, type WARCRecord } from 'warcio';
import type { Doc } from '../db/types.js';
import { FileWindow } from './file-window.js';
import type { ReaderContext } from './reader-context.js';
import { recordToDoc } from './warc-record.js';

/**
 * Reading an uncompressed WARC (or the uncompressed tail of a .warc.gz) record by record, framing
 * each record here from its WARC head and Content-Length rather than trusting one stream parse:
 * - a record's bytes are read only when they are within the record limit, so a record over it
 *   costs no memory, whatever its HTTP head looks like;
 * - a record whose declared length does not end where a record ends is caught: where a record
 *   starts inside the declared span, the length was too large (the record is reported and reading
 *   goes on at the one inside, which warcio.js's stream parse would have swallowed); otherwise it
 *   was too small (the record is read as declared, the bytes up to the next record reported);
 * - bytes that are not a record are reported with their span, and reading resumes at the next
 *   `WARC/1.x` head.
 */

/** A head longer than this is not a WARC head: the bytes are treated as damage. */
export const HEAD_LIMIT = 64 * 1024;
/** Bytes searched at a time for the next record. */
const SCAN_BYTES = 1024 * 1024;

export interface WarcHead {
  /** Bytes of the head, blank line included. */
  length: number;
  contentLength: number;
}

/** The WARC head at the start of `buf`, or undefined when `buf` does not start with one. */
export function parseWarcHead(buf: Buffer): WarcHead | undefined {
  if (!/^WARC\/\d\.\d+\r?\n/.test(buf.subarray(0, 16).toString('latin1'))) return undefined;
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  const [end, blank] = lf >= 0 && (crlf < 0 || lf < crlf) ? [lf, 2] : [crlf, 4];
  if (end < 0) return undefined;
  const text = buf.subarray(0, end).toString('latin1');
  if (!/\nWARC-(Type|Record-ID):/i.test(text)) return undefined;
  const length = /\ncontent-length:[ \t]*(\d+)[ \t]*(\r?\n|$)/i.exec(text);
  if (!length) return undefined;
  return { length: end + blank, contentLength: Number(length[1]) };
}

/** Between records: the blank lines that end a record. */
const isLineEnd = (b: number): boolean => b === 0x0d || b === 0x0a;
/** After the last record: also blanks and NULs (a preallocated or padded file). */
const isFilePadding = (b: number): boolean => isLineEnd(b) || b === 0x20 || b === 0x09 || b === 0x00;

/**
 * The first byte at or after `at` that is not a line end between records; the end of the file
 * when nothing but padding follows.
 */
async function skipPadding(file: FileWindow, at: number): Promise<number> {
  let next = at;
  while (next < file.size) {
    const buf = await file.bytes(next, 4096);
    const i = buf.findIndex((b) => !isLineEnd(b));
    if (i >= 0) {
      next += i;
      break;
    }
    next += buf.length;
  }
  for (let rest = next; rest < file.size;) {
    const buf = await file.bytes(rest, 4096);
    if (!buf.every(isFilePadding)) return next;
    rest += buf.length;
  }
  return file.size;
}

async function headAt(file: FileWindow, at: number): Promise<WarcHead | undefined> {
  return parseWarcHead(await file.bytes(at, HEAD_LIMIT));
}

/** The offset of the first WARC head starting at a line start in [from, until), or `until`. */
export async function nextWarcHead(file: FileWindow, from: number, until: number): Promise<number> {
  for (let at = from; at < until; at += SCAN_BYTES) {
    const base = Math.max(at - 1, 0);
    const buf = await file.bytes(base, SCAN_BYTES + 8);
    for (let i = buf.indexOf('WARC/', at - base); i >= 0; i = buf.indexOf('WARC/', i + 1)) {
      const offset = base + i;
      if (offset >= until || offset >= at + SCAN_BYTES) break;
      if ((offset === 0 || buf[i - 1] === 0x0a) && (await headAt(file, offset))) return offset;
    }
  }
  return until;
}

/** Where the next record starts after a record's declared end, or why it cannot be found there. */
async function afterRecord(file: FileWindow, end: number): Promise<number | 'past_end' | 'not_a_record'> {
  if (end > file.size) return 'past_end';
  const next = await skipPadding(file, end);
  if (next === file.size) return next;
  const start = await file.bytes(next, 5);
  return start.toString('latin1') === 'WARC/' ? next : 'not_a_record';
}

/** A record whose bytes are `bytes` (its head, and its content when within the limit), parsed by warcio.js. */
export async function parseWarcRecord(bytes: Buffer): Promise<WARCRecord | null> {
  try {
    return await new WARCParser(new AsyncIterReader([bytes], null)).parse();
  } catch {
    return null;
  }
}

export async function* readPlainWarc(
  path: string,
  size: number,
  start: number,
  ctx: ReaderContext,
): AsyncIterable<Doc> {
  const file = await FileWindow.open(path, size);
  const problem = (code: string, message: string, offset: number): void => {
    ctx.problem({ code, message, path, offset });
  };
  /** Reports the bytes from `at` that are not a record and returns where the next record starts. */
  const resync = async (at: number, why: string): Promise<number> => {
    const next = await nextWarcHead(file, at + 1, size);
    problem(
      'not_a_warc_record',
      `${next - at} bytes at offset ${at} are not a WARC record (${why}); skipped ` +
        (next < size ? `to the next record at offset ${next}` : 'to the end of the file'),
      at,
    );
    return next;
  };
  try {
    let at = await skipPadding(file, start);
    while (at < size) {
      ctx.progress?.(at);
      const head = await headAt(file, at);
      if (!head) {
        const first = (await file.bytes(at, 60)).toString('latin1').split(/\r?\n/)[0]!;
        at = await resync(at, `first line "${first}"`);
        continue;
      }
      const end = at + head.length + head.contentLength;
      const after = await afterRecord(file, end);
      if (after === 'past_end' || after === 'not_a_record') {
        // A record starting inside the declared span: the declared length is too large.
        const inner = await nextWarcHead(file, at + head.length, Math.min(end, size));
        if (inner < Math.min(end, size)) {
          problem(
            'content_length_mismatch',
            `record declares ${head.contentLength} bytes of content, but another record starts at offset ${inner}, inside them; skipped`,
            at,
          );
          at = inner;
          continue;
        }
        if (after === 'past_end') {
          // Judged from its head (a record over the limit is reported as such), then reported as cut.
          const record = await parseWarcRecord(await file.bytes(at, head.length));
          if (record) await recordToDoc(record, path, at, ctx);
          problem('truncated_record', `record at offset ${at} ends before its Content-Length; skipped`, at);
          return;
        }
      }
      const next = typeof after === 'number' ? after : await nextWarcHead(file, end, size);
      const tooLarge = head.contentLength > ctx.maxRecordBytes;
      const record = await parseWarcRecord(
        await file.bytes(at, head.length + (tooLarge ? 0 : head.contentLength)),
      );
      const doc = record ? await recordToDoc(record, path, at, ctx) : undefined;
      if (!record) problem('not_a_warc_record', 'a WARC head that does not parse; skipped', at);
      if (doc && doc !== 'truncated') {
        doc.provenance.recordLength = (typeof after === 'number' ? next : end) - at;
        yield doc;
      }
      if (after === 'not_a_record') {
        problem(
          'content_length_mismatch',
          `${next - end} bytes at offset ${end}, after the declared end of the record at offset ${at}, are no record ` +
            `(its Content-Length too small, or bytes between records); skipped ` +
            (next < size ? `to the next record at offset ${next}` : 'to the end of the file'),
          end,
        );
      }
      at = next;
    }
  } finally {
    ctx.progress?.(size);
    await file.close();
  }
}
