import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Doc } from '../db/types.js';
import { contentDigest, docId } from './digest.js';
import { DEFAULT_FIELDS, type ReaderContext } from './reader-context.js';

export type Json = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

/** One line of input: its bytes without the newline, or, past the record limit, only its size. */
type Line = { bytes: Buffer } | { tooLarge: number };

/**
 * Splits a byte stream at `\n` without holding more than `limit` bytes of a line: a longer line is
 * skipped through to its end and given as its size alone (a multi-gigabyte line would otherwise
 * exhaust memory, or the largest string V8 can make).
 */
async function* boundedLines(input: AsyncIterable<Buffer>, limit: number): AsyncIterable<Line> {
  let parts: Buffer[] = [];
  let held = 0;
  let skipped = -1;
  for await (const chunk of input) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      if (skipped >= 0) {
        skipped += end - start;
      } else if (held + (end - start) > limit) {
        skipped = held + (end - start);
        parts = [];
        held = 0;
      } else if (end > start) {
        parts.push(chunk.subarray(start, end));
        held += end - start;
      }
      if (nl < 0) break;
      if (skipped >= 0) yield { tooLarge: skipped };
      else yield { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts, held) };
      parts = [];
      held = 0;
      skipped = -1;
      start = nl + 1;
    }
  }
  if (skipped >= 0) yield { tooLarge: skipped };
  else if (held > 0) yield { bytes: Buffer.concat(parts, held) };
}

/**
 * Reads JSONL and JSONL.gz in the dolma / datatrove conventions: `text` (required), `id`, and the
 * URL in `url` or `metadata.url`; `metadata` is kept as it is, and `added` / `created` become the
 * fetch time. A line that is not a JSON object with text is reported with its line number, and so is a
 * line longer than the record limit, which is skipped without being held in memory.
 */
export async function* readJsonl(path: string, gzipped: boolean, ctx: ReaderContext): AsyncIterable<Doc> {
  let read = 0;
  const file = createReadStream(path);
  file.on('data', (chunk) => {
    read += chunk.length;
    ctx.progress?.(read);
  });
  const input: Readable = gzipped ? file.pipe(createGunzip()) : file;
  let gzipError: Error | undefined;
  input.on('error', (err) => {
    gzipError = err;
  });
  let lineNo = 0;
  try {
    for await (const line of boundedLines(input as AsyncIterable<Buffer>, ctx.maxRecordBytes)) {
      lineNo++;
      if ('tooLarge' in line) {
        ctx.problem({
          code: 'record_too_large',
          message: `line ${lineNo} is ${line.tooLarge} bytes, over the ${ctx.maxRecordBytes}-byte record limit; skipped`,
          path,
          line: lineNo,
        });
        continue;
      }
      // A UTF-8 byte order mark before the first record is not part of it.
      const text = line.bytes.toString('utf8');
      const doc = lineToDoc(lineNo === 1 ? text.replace(/^\uFEFF/, '') : text, lineNo, path, ctx);
      if (doc) yield doc;
    }
  } catch (err) {
    gzipError ??= err as Error;
  }
  if (gzipError) {
    const ioError =
      (gzipError as NodeJS.ErrnoException).code?.startsWith('E') &&
      !gzipError.message.includes('unexpected end');
    ctx.problem({
      code: gzipped && !ioError ? 'truncated_gzip_member' : 'read_error',
      message: `reading stopped after line ${lineNo}: ${gzipError.message}`,
      path,
      line: lineNo + 1,
    });
  }
}

function lineToDoc(line: string, lineNo: number, path: string, ctx: ReaderContext): Doc | undefined {
  if (line.trim() === '') return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (err) {
    ctx.problem({
      code: 'bad_json',
      message: `line ${lineNo} is not JSON: ${(err as Error).message}`,
      path,
      line: lineNo,
    });
    return undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    ctx.problem({ code: 'bad_json', message: `line ${lineNo} is not a JSON object`, path, line: lineNo });
    return undefined;
  }
  return recordToDoc(record as Json, lineNo, path, ctx, 'jsonl');
}

/**
 * A dolma / datatrove record (a JSONL line, a Parquet row) as a Doc: `text` required; `id`, `url`
 * (or `metadata.url`), `added` / `created` (or `metadata.date`) and `metadata` kept. `lineNo` is the
 * line, or the row counted from 1.
 */
export function recordToDoc(
  r: Json,
  lineNo: number,
  path: string,
  ctx: ReaderContext,
  sourceKind: 'jsonl' | 'parquet',
): Doc | undefined {
  const what = sourceKind === 'jsonl' ? 'line' : 'row';
  const fields = ctx.fields ?? DEFAULT_FIELDS;
  const text = r[fields.text];
  if (typeof text !== 'string') {
    ctx.problem({
      code: 'missing_text',
      message: `${what} ${lineNo} has no string "${fields.text}" field`,
      path,
      line: lineNo,
    });
    return undefined;
  }
  const rawMetadata = typeof r.metadata === 'string' ? parseObject(r.metadata) : r.metadata;
  const metadata =
    typeof rawMetadata === 'object' && rawMetadata !== null && !Array.isArray(rawMetadata)
      ? (rawMetadata as Json)
      : undefined;
  const url = str(r[fields.url]) ?? str(metadata?.url);
  const id = str(r[fields.id]);
  const fetchTime = str(r.added) ?? str(r.created) ?? str(metadata?.date);
  const digest = contentDigest(Buffer.from(text, 'utf8'));
  return {
    // Without an id field, the line (row) number tells records apart.
    id: docId(sourceKind, id ?? `${what}:${lineNo}`, url, digest),
    ...(url && { url }),
    text,
    provenance: {
      sourceKind,
      path,
      line: lineNo,
      ...(id && { recordId: id }),
      ...(fetchTime && { fetchTime }),
      contentDigest: digest,
    },
    ...(metadata && { metadata }),
  };
}

/** A JSON object in a string (Parquet's JSON columns may come back as text), or undefined. */
function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
