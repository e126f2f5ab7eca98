import { LimitReader, WARCParser, type WARCRecord } from 'warcio';
import type { Doc, SourceKind } from '../db/types.js';
import { fileChunks } from './byte-source.js';
import { inflateLimited } from './inflate.js';
import { headersToRecord } from './http-headers.js';
import { payloadToDoc, type Payload } from './payload.js';
import type { ReaderContext } from './reader-context.js';

/** How much of what follows the last record is inspected for content. */
const TRAILER_PEEK = 4096;

const CONTENT_LENGTH_WARNING = /^Content-Length Too Small.*Offset: (\d+)/;

/**
 * warcio.js reports a record whose Content-Length is too small only through `console.warn`.
 * Route those warnings into problems for the duration of a parse step; pass anything else through.
 */
async function withWarcioWarnings<T>(path: string, ctx: ReaderContext, step: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const message = args.map(String).join(' ');
    const match = CONTENT_LENGTH_WARNING.exec(message);
    if (!match) {
      original(...args);
      return;
    }
    ctx.problem({
      code: 'content_length_mismatch',
      message: `record shorter than its data: ${message}`,
      path,
      offset: Number(match[1]),
    });
  };
  try {
    return await step();
  } finally {
    console.warn = original;
  }
}

interface Pending {
  doc: Doc;
  offset: number;
}

/**
 * Reads WARC and WET files (plain or gzip) with warcio.js. Yields a Doc for every response,
 * resource and conversion record holding text; counts the rest. Each Doc knows its record's byte
 * offset and length, so it points back to its exact bytes (for `.warc.gz`, its gzip member).
 */
export async function* readWarc(path: string, size: number, ctx: ReaderContext): AsyncIterable<Doc> {
  const parser = new WARCParser(fileChunks(path, ctx));
  const iterator = parser[Symbol.asyncIterator]();
  let pending: Pending | undefined;
  let previousOffset = -1;
  let sharedMemberReported = false;
  let truncatedAt: number | undefined;

  for (;;) {
    const next = await withWarcioWarnings(path, ctx, () => iterator.next());
    if (next.done) break;
    const record = next.value;
    const offset = parser.offset;
    if (pending) yield finish(pending, offset);
    pending = undefined;

    if (offset === previousOffset && parser._reader.compressed && !sharedMemberReported) {
      sharedMemberReported = true;
      ctx.problem({
        code: 'gzip_not_per_record',
        message: 'records are not gzipped one per member; offsets point at the shared gzip member',
        path,
        offset,
      });
    }
    previousOffset = offset;

    const doc = await withWarcioWarnings(path, ctx, () => recordToDoc(record, path, offset, ctx));
    if (doc === 'truncated') {
      truncatedAt = offset;
    } else if (doc) {
      pending = { doc, offset };
    }
  }

  const reader = parser._reader;
  const endOffset = reader.compressed ? reader.getRawOffset() : reader.getReadOffset();
  const memberOpen = reader.compressed !== null && reader.inflator !== null && !reader.inflator.ended;
  if (memberOpen || truncatedAt !== undefined) {
    const at = truncatedAt ?? parser.offset;
    ctx.problem({
      code: memberOpen ? 'truncated_gzip_member' : 'truncated_record',
      message: memberOpen
        ? `file ends inside the gzip member at offset ${at}; the record there is incomplete and was skipped`
        : `record at offset ${at} ends before its Content-Length; skipped`,
      path,
      offset: at,
    });
  } else {
    // warcio stops at the first thing it cannot parse as a record header, silently: look for leftovers.
    const stoppedAt = endOffset;
    const leftover = await reader.readSize(TRAILER_PEEK);
    if (leftover.some((b) => b !== 0x0d && b !== 0x0a && b !== 0x20 && b !== 0x00)) {
      const rest = leftover.byteLength + (await reader.skipSize(-1));
      ctx.problem({
        code: 'unparsed_trailing_data',
        message: `${rest} bytes (decompressed) after the last readable record could not be parsed as WARC`,
        path,
        offset: stoppedAt,
      });
    }
  }
  if (pending) yield finish(pending, Math.min(endOffset, size));
}

function finish(pending: Pending, nextOffset: number): Doc {
  const provenance = pending.doc.provenance;
  if (nextOffset > pending.offset) {
    provenance.recordLength = nextOffset - pending.offset;
  } else {
    // Several records in one gzip member: the record's own bytes cannot be addressed.
    delete provenance.recordOffset;
    delete provenance.recordLength;
  }
  return pending.doc;
}

/** Resource records also hold crawler logs and settings (`metadata://`, `dns:`); only web pages count. */
const WEB_SCHEMES = /^(https?|ftp|file):/i;

async function recordToDoc(
  record: WARCRecord,
  path: string,
  offset: number,
  ctx: ReaderContext,
): Promise<Doc | undefined | 'truncated'> {
  const type = record.warcType;
  if (type !== 'response' && type !== 'resource' && type !== 'conversion') {
    ctx.skip(type === 'revisit' ? 'revisit_record' : 'non_content_record');
    return undefined;
  }
  if (record.warcContentLength > ctx.maxRecordBytes) {
    ctx.problem({
      code: 'record_too_large',
      message: `record of ${record.warcContentLength} bytes exceeds the ${ctx.maxRecordBytes}-byte limit; skipped unread`,
      path,
      offset,
    });
    return undefined;
  }
  const status = record.httpHeaders ? Number(record.httpHeaders.statusCode) : undefined;
  if (type === 'response') {
    if (!record.httpHeaders || !status) {
      ctx.problem({
        code: 'bad_http_headers',
        message: 'response record without a parsable HTTP status line',
        path,
        offset,
      });
      return undefined;
    }
    if (status < 200 || status >= 300) {
      ctx.skip('http_non_2xx');
      return undefined;
    }
  }
  const url = record.warcTargetURI ?? undefined;
  if (type === 'resource' && !(url && WEB_SCHEMES.test(url))) {
    ctx.skip('non_web_resource');
    return undefined;
  }
  let body = await record.readFully(true);
  if (record._reader instanceof LimitReader && record._reader.limit > 0) return 'truncated';
  const encoding = record.httpHeaders?.headers.get('content-encoding');
  if (encoding && /^\s*br\s*$/i.test(encoding) && body.byteLength > 0) {
    // warcio.js decodes gzip and deflate but passes Brotli through (after de-chunking): decode it here.
    const decoded = inflateLimited('br', body, ctx.maxRecordBytes);
    if (decoded === 'too_large') {
      ctx.problem({
        code: 'record_too_large',
        message: `br-encoded body of ${url ?? 'record'} decodes to more than the ${ctx.maxRecordBytes}-byte limit; skipped`,
        path,
        offset,
      });
      return undefined;
    }
    body = decoded instanceof Uint8Array ? decoded : new Uint8Array();
  }
  if (body.byteLength === 0 && encoding) {
    ctx.problem({
      code: 'bad_content_encoding',
      message: `${encoding}-encoded body of ${url ?? 'record'} does not decode; skipped`,
      path,
      offset,
    });
    return undefined;
  }

  const date = record.warcDate ?? undefined;
  const recordId = record.warcHeader('WARC-Record-ID') ?? undefined;
  const sourceKind: SourceKind = type === 'conversion' ? 'wet' : 'warc';
  const httpHeaders = record.httpHeaders ? headersToRecord(record.httpHeaders.headers) : undefined;
  const payload: Payload = {
    idParts: [sourceKind, recordId ?? `${url ?? ''} ${date ?? ''}`],
    url,
    contentType: httpHeaders ? httpHeaders['content-type'] : (record.warcContentType ?? undefined),
    body,
    provenance: {
      sourceKind,
      path,
      recordOffset: offset,
      ...(recordId && { recordId }),
      ...(date && { fetchTime: date }),
      ...(status && { httpStatus: status }),
      ...(httpHeaders && { httpHeaders }),
      ...(record.warcPayloadDigest && { archiveDigest: record.warcPayloadDigest }),
    },
  };
  return payloadToDoc(payload, ctx);
}
