import { LimitReader, type WARCRecord } from 'warcio';
import type { Doc, SourceKind } from '../db/types.js';
import { decodeHttpBody } from './http-body.js';
import { headersToRecord } from './http-headers.js';
import { payloadToDoc, type Payload } from './payload.js';
import type { ReaderContext } from './reader-context.js';

/** Resource records also hold crawler logs and settings (`metadata://`, `dns:`); only web pages count. */
const WEB_SCHEMES = /^(https?|ftp|file):/i;

/**
 * The Doc of one parsed WARC record, or undefined (after telling `ctx` why) when the record is not a
 * page: not a WARC record at all, a request or revisit, over the size limit (reported, left unread),
 * a non-2xx response, a body that does not decode. `truncated` when the file ends inside it.
 */
export async function recordToDoc(
  record: WARCRecord,
  path: string,
  offset: number,
  ctx: ReaderContext,
): Promise<Doc | undefined | 'truncated'> {
  const firstLine = record.warcHeaders.statusline;
  // (warcio.js itself misreads the first line of a record that shares a gzip member with the one
  // before, as "RC/1.0": the WARC-Type header is what tells a record from stray bytes.)
  if (!record.warcHeaders.headers.get('WARC-Type') && !/^WARC\/\d/.test(firstLine)) {
    ctx.problem({
      code: 'not_a_warc_record',
      message: `bytes that are not a WARC record (first line "${firstLine.slice(0, 60)}"); skipped`,
      path,
      offset,
    });
    return undefined;
  }
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
  // The raw payload, decoded here within the record limit (warcio.js would inflate it without one).
  const raw = await record.readFully(false);
  if (record._reader instanceof LimitReader && record._reader.limit > 0) return 'truncated';
  const encoding = record.httpHeaders?.headers.get('content-encoding');
  const body = await decodeHttpBody(raw, record.httpHeaders?.headers, ctx.maxRecordBytes);
  if (body === 'too_large') {
    ctx.problem({
      code: 'record_too_large',
      message: `${encoding ?? 'encoded'} body of ${url ?? 'record'} decodes to more than the ${ctx.maxRecordBytes}-byte limit; skipped`,
      path,
      offset,
    });
    return undefined;
  }
  if (body === 'bad_encoding' || (body.byteLength === 0 && encoding && raw.byteLength > 0)) {
    ctx.problem({
      code: 'bad_content_encoding',
      message: `${encoding ?? 'encoded'} body of ${url ?? 'record'} does not decode; skipped`,
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
