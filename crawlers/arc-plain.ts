import type { Doc } from '../db/types.js';
import {
  arcRecordToDoc,
  filedescVersion,
  lineAt,
  looksLikeArcHeader,
  MAX_HEADER_LINE,
  parseArcHeader,
  parseStrictArcHeader,
  type ArcVersion,
} from './arc-record.js';
import { FileWindow } from './file-window.js';
import type { ReaderContext } from './reader-context.js';

/**
 * Reading an uncompressed ARC record by record, framing each from its header line and declared
 * length, as the WARC reader does (see warc-plain.ts): a record over the limit is skipped without
 * being read; a declared length that runs into the next record is caught (the record is reported
 * and reading goes on at the one inside); bytes that are no record are reported with their span.
 */

const SCAN_BYTES = 1024 * 1024;

async function skipLineEnds(file: FileWindow, at: number): Promise<number> {
  while (at < file.size) {
    const buf = await file.bytes(at, 4096);
    const i = buf.findIndex((b) => b !== 0x0a && b !== 0x0d);
    if (i >= 0) return at + i;
    at += buf.length;
  }
  return file.size;
}

async function lineOf(file: FileWindow, at: number): Promise<{ line: string; next: number } | undefined> {
  const found = lineAt(await file.bytes(at, MAX_HEADER_LINE + 2), 0);
  return found && { line: found.line, next: at + found.next };
}

/**
 * The first line start in [from, until) whose line passes `accept`, or `until`. `accept` is strict
 * (a whole header) inside a record's declared bytes, loose (a line that starts like a header) when
 * looking past damage, so that each damaged header is reported in its turn.
 */
async function nextLine(
  file: FileWindow,
  from: number,
  until: number,
  accept: (line: string) => boolean,
): Promise<number> {
  const check = async (offset: number): Promise<boolean> => {
    const found = await lineOf(file, offset);
    return !!found && accept(found.line);
  };
  if (from === 0 && (await check(0))) return 0;
  for (let at = from; at < until; at += SCAN_BYTES) {
    // A line starts after each LF; the byte before `at` is included so that `at` itself can be one.
    const base = Math.max(at - 1, 0);
    const buf = await file.bytes(base, SCAN_BYTES);
    for (let lf = buf.indexOf(0x0a); lf >= 0; lf = buf.indexOf(0x0a, lf + 1)) {
      const offset = base + lf + 1;
      if (offset < at) continue;
      if (offset >= until) return until;
      if (await check(offset)) return offset;
    }
  }
  return until;
}

export async function* readPlainArc(
  path: string,
  size: number,
  start: number,
  ctx: ReaderContext,
): AsyncIterable<Doc> {
  const file = await FileWindow.open(path, size);
  const problem = (code: string, message: string, offset: number): void => {
    ctx.problem({ code, message, path, offset });
  };
  let version: ArcVersion = 1;
  let first = start === 0;
  const strict = (line: string): boolean => !!parseStrictArcHeader(line, version);
  try {
    let at = await skipLineEnds(file, start);
    while (at < size) {
      ctx.progress?.(at);
      const found = await lineOf(file, at);
      const header = found && parseArcHeader(found.line, version);
      if (!found || !header) {
        const next = await nextLine(file, at + 1, size, looksLikeArcHeader);
        const text = found?.line ?? (await file.bytes(at, 60)).toString('latin1');
        problem(
          'bad_arc_header',
          `not a valid ARC record header: ${text.slice(0, 120)} (${next - at} bytes skipped ` +
            (next < size ? `to offset ${next})` : 'to the end of the file)'),
          at,
        );
        first = false;
        at = next;
        continue;
      }
      const end = found.next + header.length;
      // What follows the declared end: line ends, then a header or the end of the file.
      // (A line that only starts like a header is taken as the next record's, reported in its turn.)
      let next: number | 'past_end' | 'not_a_record' = 'past_end';
      if (end <= size) {
        const after = await skipLineEnds(file, end);
        const line = after < size ? await lineOf(file, after) : undefined;
        next = after === size || (line && looksLikeArcHeader(line.line)) ? after : 'not_a_record';
      }
      if (typeof next !== 'number') {
        const inner = await nextLine(file, found.next, Math.min(end, size), strict);
        if (inner < Math.min(end, size)) {
          problem(
            'content_length_mismatch',
            `ARC record declares ${header.length} bytes, but another record starts at offset ${inner}, inside them; skipped`,
            at,
          );
          at = inner;
          continue;
        }
        if (next === 'past_end') {
          problem(
            'truncated_record',
            `ARC record ends after ${size - found.next} of ${header.length} bytes; skipped`,
            at,
          );
          return;
        }
      }
      const following = typeof next === 'number' ? next : await nextLine(file, end, size, looksLikeArcHeader);
      if (first && header.url.startsWith('filedesc:')) {
        version = filedescVersion(await file.bytes(found.next, Math.min(header.length, 64)));
        ctx.skip('non_content_record');
      } else if (header.length > ctx.maxRecordBytes) {
        problem(
          'record_too_large',
          `record of ${header.length} bytes exceeds the ${ctx.maxRecordBytes}-byte limit; skipped unread`,
          at,
        );
      } else {
        const body = await file.bytes(found.next, header.length);
        const doc = arcRecordToDoc(
          header,
          body,
          { path, offset: at, length: (typeof next === 'number' ? following : end) - at },
          ctx,
        );
        if (doc) yield doc;
      }
      first = false;
      if (next === 'not_a_record') {
        problem(
          'content_length_mismatch',
          `${following - end} bytes at offset ${end}, after the declared end of the ARC record at offset ${at}, are no record; skipped ` +
            (following < size ? `to the next record at offset ${following}` : 'to the end of the file'),
          end,
        );
      }
      at = following;
    }
  } finally {
    ctx.progress?.(size);
    await file.close();
  }
}
