import { AsyncIterReader } from 'warcio';
import type { Doc } from '../db/types.js';
import { fileChunks } from './byte-source.js';
import { parseHttpHead } from './http-headers.js';
import { payloadToDoc } from './payload.js';
import type { ReaderContext } from './reader-context.js';

/** ARC header lines are short; a longer "line" means we are not looking at a header. */
const MAX_HEADER_LINE = 8192;

/** Fields after the URL: v1 `IP date type length`; v2 adds result code, checksum, location, offset, filename. */
const FIELDS_AFTER_URL: Record<1 | 2, number> = { 1: 4, 2: 9 };

interface ArcHeader {
  url: string;
  date?: string;
  contentType: string;
  length: number;
}

/** `20140216050221` (or longer, as some writers emit) to ISO 8601. */
function arcDate(raw: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(raw);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}

function parseHeader(line: string, version: 1 | 2): ArcHeader | undefined {
  const tokens = line.split(' ');
  const after = FIELDS_AFTER_URL[version];
  if (tokens.length < after + 1) return undefined;
  const tail = tokens.slice(tokens.length - after);
  const lengthField = tail[tail.length - 1]!;
  if (!/^\d+$/.test(lengthField)) return undefined;
  // URLs may contain spaces; the fixed fields are counted from the right.
  const url = tokens.slice(0, tokens.length - after).join(' ');
  const date = arcDate(tail[1]!);
  return { url, ...(date && { date }), contentType: tail[2]!, length: Number(lengthField) };
}

/** Splits an ARC record body into its HTTP head and payload, when it has one. */
function splitHttp(body: Uint8Array): {
  status?: number;
  headers?: Record<string, string>;
  payload: Uint8Array;
} {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!buf.subarray(0, 5).equals(Buffer.from('HTTP/'))) return { payload: body };
  let end = buf.indexOf('\r\n\r\n');
  let sep = 4;
  if (end < 0) {
    end = buf.indexOf('\n\n');
    sep = 2;
  }
  if (end < 0) return { payload: new Uint8Array() };
  const head = parseHttpHead(buf.subarray(0, end).toString('latin1'));
  return { ...(head && { status: head.status, headers: head.headers }), payload: body.subarray(end + sep) };
}

/**
 * Reads ARC files (v1 and v2, plain or gzip), the format the Internet Archive wrote before WARC.
 * warcio.js does not parse ARC, so this reader does, on warcio's decompressing reader. A bad
 * header is reported once; the reader then skips ahead to the next line that parses as a header.
 */
export async function* readArc(path: string, ctx: ReaderContext): AsyncIterable<Doc> {
  const reader = new AsyncIterReader(fileChunks(path, ctx), 'gzip');
  const decoder = new TextDecoder('latin1');
  let version: 1 | 2 = 1;
  let first = true;
  let resyncing = false;

  for (;;) {
    const offset = reader.compressed ? reader.getRawOffset() : reader.getReadOffset();
    const raw = await reader.readlineRaw(MAX_HEADER_LINE);
    if (!raw) break;
    const line = decoder.decode(raw).trim();
    if (!line) continue;
    const header = parseHeader(line, version);
    if (!header) {
      // Report every line that starts like a header; skip body lines of a record we could not frame.
      if (!resyncing || /^(\S+:\/\/|filedesc:)/.test(line)) {
        ctx.problem({
          code: 'bad_arc_header',
          message: `not a valid ARC record header: ${line.slice(0, 120)}`,
          path,
          offset,
        });
      }
      resyncing = true;
      first = false;
      continue;
    }
    resyncing = false;
    const body = await reader.readSize(header.length);
    if (body.byteLength < header.length) {
      ctx.problem({
        code: 'truncated_record',
        message: `ARC record ends after ${body.byteLength} of ${header.length} bytes; skipped`,
        path,
        offset,
      });
      break;
    }
    if (first) {
      first = false;
      if (header.url.startsWith('filedesc:')) {
        version = /^\s*2\b/.test(decoder.decode(body)) ? 2 : 1;
        ctx.skip('non_content_record');
        continue;
      }
    }
    if (header.length > ctx.maxRecordBytes) {
      ctx.problem({
        code: 'record_too_large',
        message: `record of ${header.length} bytes exceeds the limit; skipped`,
        path,
        offset,
      });
      continue;
    }
    const http = splitHttp(body);
    if (http.status !== undefined && (http.status < 200 || http.status >= 300)) {
      ctx.skip('http_non_2xx');
      continue;
    }
    const doc = payloadToDoc(
      {
        idParts: ['arc', header.url, header.date],
        url: header.url,
        contentType: http.headers?.['content-type'] ?? header.contentType,
        body: http.payload,
        provenance: {
          sourceKind: 'arc',
          path,
          recordOffset: offset,
          recordLength: (reader.compressed ? reader.getRawOffset() : reader.getReadOffset()) - offset,
          ...(header.date && { fetchTime: header.date }),
          ...(http.status !== undefined && { httpStatus: http.status }),
          ...(http.headers && { httpHeaders: http.headers }),
        },
      },
      ctx,
    );
    if (doc) yield doc;
  }
  if (reader.compressed && reader.inflator && !reader.inflator.ended) {
    ctx.problem({
      code: 'truncated_gzip_member',
      message: 'file ends inside a gzip member',
      path,
      offset: reader.getRawOffset(),
    });
  }
}
