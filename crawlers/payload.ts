import type { Doc, Provenance } from '../db/types.js';
import { decodeBytes, type DecodeResult } from './charset.js';
import { looksLikeHtml } from './looks-like-html.js';
import { contentDigest, docId } from './digest.js';
import type { ReaderContext } from './reader-context.js';

/** How many leading bytes are checked for NUL bytes to tell binary from text. */
const BINARY_SNIFF_BYTES = 4096;

/** A fetched payload, whatever the archive format it came from. */
export interface Payload {
  /** What identifies the record in its format; the content digest is added to make the doc id. */
  idParts: readonly (string | number | undefined)[];
  url?: string | undefined;
  /** The payload's media type (HTTP `Content-Type`, or the archive's own for resource records). */
  contentType?: string | undefined;
  body: Uint8Array;
  provenance: Omit<Provenance, 'contentDigest'>;
  /**
   * `body` decoded already by `decodeBytes` with this `contentType` (a crawler that extracted the
   * page for its links): used for an HTML payload instead of decoding it a second time.
   */
  decoded?: DecodeResult;
}

type MediaKind = 'html' | 'text' | 'other';

const ROBOTS_TXT = /^https?:\/\/[^/?#]+\/robots\.txt(?:[?#]|$)/i;

function mediaKind(contentType: string | undefined): MediaKind | undefined {
  if (!contentType) return undefined;
  const mime = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime === 'text/plain') return 'text';
  if (mime === '') return undefined;
  return 'other';
}

function hasNul(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.byteLength, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * Turns a payload into a Doc: picks HTML or plain text by media type (sniffing when there is
 * none), refuses binary bodies, decodes the charset. HTML documents leave `text` empty for the
 * extraction step. Returns undefined, after telling `ctx`, for payloads that are not documents.
 */
export function payloadToDoc(payload: Payload, ctx: ReaderContext): Doc | undefined {
  const where = { path: payload.provenance.path, offset: payload.provenance.recordOffset };
  let kind = mediaKind(payload.contentType);
  if (payload.url && ROBOTS_TXT.test(payload.url)) {
    // Crawl control files that crawlers record beside the pages: not documents.
    ctx.skip('robots_txt');
    return undefined;
  }
  if (kind === 'other') {
    ctx.skip('non_text_payload');
    return undefined;
  }
  if (payload.body.byteLength === 0) {
    ctx.skip('empty_payload');
    return undefined;
  }
  const utf16 = payload.body[0] === 0xff || payload.body[0] === 0xfe;
  if (!utf16 && hasNul(payload.body)) {
    ctx.problem({
      code: 'binary_payload',
      message: `payload of ${payload.url ?? 'record'} is binary although typed ${payload.contentType ?? '(none)'}; skipped`,
      ...where,
    });
    return undefined;
  }
  kind ??= looksLikeHtml(payload.body) ? 'html' : 'text';
  const decoded =
    kind === 'html' && payload.decoded
      ? payload.decoded
      : decodeBytes(payload.body, { contentType: payload.contentType, html: kind === 'html' });
  if (decoded.unknownLabel) {
    ctx.problem({
      code: 'unknown_charset',
      message: `unknown charset "${decoded.unknownLabel}" for ${payload.url ?? 'record'}; decoded as ${decoded.charset.name}`,
      ...where,
    });
  }
  if (decoded.replaced) {
    ctx.problem({
      code: 'invalid_utf8',
      message: `${decoded.replaced} invalid UTF-8 sequences in ${payload.url ?? 'record'}; decoded as ${decoded.charset.name}`,
      ...where,
    });
  }
  const digest = contentDigest(payload.body);
  const provenance: Provenance = { ...payload.provenance, contentDigest: digest };
  const base = {
    id: docId(...payload.idParts, digest),
    ...(payload.url && { url: payload.url }),
    provenance,
    charset: decoded.charset,
  };
  return kind === 'html' ? { ...base, text: '', html: decoded.text } : { ...base, text: decoded.text };
}
