import type { Doc } from '../db/types.js';
import { parseHttpHead } from './http-headers.js';
import { payloadToDoc } from './payload.js';
import type { ReaderContext } from './reader-context.js';

/** ARC header lines are short; a longer "line" means we are not looking at a header. */
export const MAX_HEADER_LINE = 8192;

/** Fields after the URL: v1 `IP date type length`; v2 adds result code, checksum, location, offset, filename. */
const FIELDS_AFTER_URL: Record<1 | 2, number> = { 1: 4, 2: 9 };

export type ArcVersion = 1 | 2;

export interface ArcHeader {
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

export function parseArcHeader(line: string, version: ArcVersion): ArcHeader | undefined {
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

/**
 * A header as a resynchronizing reader must see it before trusting it inside other bytes: a
 * URL with a scheme (or `filedesc:`) and a 14-digit date, not just five words ending in a number.
 */
export function parseStrictArcHeader(line: string, version: ArcVersion): ArcHeader | undefined {
  const header = parseArcHeader(line, version);
  if (!header || !/^[A-Za-z][A-Za-z0-9+.-]*:\S/.test(header.url)) return undefined;
  return /^\d{14}/.test(line.split(' ').at(-FIELDS_AFTER_URL[version] + 1) ?? '') ? header : undefined;
}

/** Whether a line starts the way an ARC header does (a URL with a scheme, then a space). */
export function looksLikeArcHeader(line: string): boolean {
  return /^(filedesc:|[A-Za-z][A-Za-z0-9+.-]*:\/\/)\S*\s/.test(line);
}

/** The first line of `buf` from `at` (without its line end) and where the next line starts. */
export function lineAt(buf: Buffer, at: number): { line: string; next: number } | undefined {
  const nl = buf.indexOf(0x0a, at);
  if (nl < 0 || nl - at > MAX_HEADER_LINE) return undefined;
  return { line: buf.subarray(at, nl).toString('latin1').replace(/\r$/, '').trim(), next: nl + 1 };
}

/** Whether inflated bytes start an ARC record: a file description or a strict header line. */
export function startsArc(head: Buffer): boolean {
  const first = lineAt(head, 0);
  return (
    !!first &&
    (first.line.startsWith('filedesc:') ||
      !!parseStrictArcHeader(first.line, 1) ||
      !!parseStrictArcHeader(first.line, 2))
  );
}

/** The version a file description's body declares (`1 0 ...` or `2 0 ...`). */
export function filedescVersion(body: Uint8Array): ArcVersion {
  return /^\s*2\b/.test(
    Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 64)).toString('latin1'),
  )
    ? 2
    : 1;
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

/** The Doc of one ARC record's body (read within the limit), or undefined after counting why not. */
export function arcRecordToDoc(
  header: ArcHeader,
  body: Uint8Array,
  where: { path: string; offset: number; length: number },
  ctx: ReaderContext,
): Doc | undefined {
  const http = splitHttp(body);
  if (http.status !== undefined && (http.status < 200 || http.status >= 300)) {
    ctx.skip('http_non_2xx');
    return undefined;
  }
  return payloadToDoc(
    {
      idParts: ['arc', header.url, header.date],
      url: header.url,
      contentType: http.headers?.['content-type'] ?? header.contentType,
      body: http.payload,
      provenance: {
        sourceKind: 'arc',
        path: where.path,
        recordOffset: where.offset,
        recordLength: where.length,
        ...(header.date && { fetchTime: header.date }),
        ...(http.status !== undefined && { httpStatus: http.status }),
        ...(http.headers && { httpHeaders: http.headers }),
      },
    },
    ctx,
  );
}
