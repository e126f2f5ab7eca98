import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Doc } from '../db/types.js';
import { contentDigest, docId } from './digest.js';
import type { ReaderContext } from './reader-context.js';

type Json = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

/**
 * Reads JSONL and JSONL.gz in the dolma / datatrove conventions: `text` (required), `id`, and the
 * URL in `url` or `metadata.url`; `metadata` is kept as it is, and `added` / `created` become the
 * fetch time. A line that is not a JSON object with text is reported with its line number.
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
  const lines = createInterface({ input: input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      const doc = lineToDoc(line, lineNo, path, ctx);
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
  const r = record as Json;
  if (typeof r.text !== 'string') {
    ctx.problem({
      code: 'missing_text',
      message: `line ${lineNo} has no string "text" field`,
      path,
      line: lineNo,
    });
    return undefined;
  }
  const metadata = typeof r.metadata === 'object' && r.metadata !== null ? (r.metadata as Json) : undefined;
  const url = str(r.url) ?? str(metadata?.url);
  const id = str(r.id);
  const fetchTime = str(r.added) ?? str(r.created) ?? str(metadata?.date);
  const digest = contentDigest(Buffer.from(r.text, 'utf8'));
  return {
    // Without an id field, the line number tells records apart.
    id: docId('jsonl', id ?? `line:${lineNo}`, url, digest),
    ...(url && { url }),
    text: r.text,
    provenance: {
      sourceKind: 'jsonl',
      path,
      line: lineNo,
      ...(id && { recordId: id }),
      ...(fetchTime && { fetchTime }),
      contentDigest: digest,
    },
    ...(metadata && { metadata }),
  };
}
