import { AsyncIterReader } from 'warcio';
import { inflateLimited } from './inflate.js';

/**
 * An HTTP response body as stored in a WARC record, undone: de-chunked, then decoded from its
 * content encoding, within a byte budget. warcio.js decodes gzip and deflate itself, but without
 * any limit (a 4.9 KB record holding a gzip body of 1 GB of spaces took 2.2 GB and crashed ingest),
 * so the raw payload is read and decoded here.
 *
 * A body declared gzip or deflate that is not (many archives store the body already decoded and keep
 * the header) is passed through as it is, as warcio.js does; one that starts like gzip but does not
 * decode, or a Brotli body that does not decode, is `bad_encoding`.
 */
export async function decodeHttpBody(
  raw: Uint8Array,
  headers: { get(name: string): string | null | undefined } | undefined,
  limit: number,
): Promise<Uint8Array | 'too_large' | 'bad_encoding'> {
  const transfer = headers?.get('transfer-encoding')?.trim().toLowerCase();
  const chunked = transfer === 'chunked';
  const body = chunked ? await new AsyncIterReader([raw], null, true).readFully() : raw;
  const encoding = (headers?.get('content-encoding') ?? (chunked ? undefined : transfer))
    ?.trim()
    .toLowerCase();
  if (!encoding || encoding === 'identity' || body.byteLength === 0) return body;
  if (encoding === 'gzip' || encoding === 'x-gzip') {
    if (body[0] !== 0x1f || body[1] !== 0x8b) return body;
    const out = inflateLimited('gzip', body, limit);
    return out instanceof Error ? 'bad_encoding' : out;
  }
  if (encoding === 'deflate') {
    // Servers send zlib-wrapped deflate (as the standard says) or raw deflate (as many do).
    const wrapped = inflateLimited('deflate', body, limit);
    if (!(wrapped instanceof Error)) return wrapped;
    const bare = inflateLimited('deflate-raw', body, limit);
    return bare instanceof Error ? body : bare;
  }
  if (encoding === 'br') {
    const out = inflateLimited('br', body, limit);
    return out instanceof Error ? 'bad_encoding' : out;
  }
  // An encoding nobody decodes (compress, zstd, ...): left as it is, for the payload checks to judge.
  return body;
}
