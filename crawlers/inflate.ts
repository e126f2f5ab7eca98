import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

const DECODERS = {
  gzip: gunzipSync,
  br: brotliDecompressSync,
  deflate: inflateSync,
  'deflate-raw': inflateRawSync,
} as const;

/**
 * Inflates a whole gzip, Brotli or deflate body with Node's zlib, stopping at `limit` bytes of output (a
 * compression bomb costs no more than the record limit): the bytes, `too_large` past the limit, or
 * the error when the stream does not decode (cut or corrupt).
 */
export function inflateLimited(
  encoding: keyof typeof DECODERS,
  body: Uint8Array,
  limit: number,
): Uint8Array | 'too_large' | Error {
  try {
    return DECODERS[encoding](body, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return 'too_large';
    return err instanceof Error ? err : new Error(String(err));
  }
}
