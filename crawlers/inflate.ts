import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/**
 * Inflates a whole gzip or Brotli body with Node's zlib, stopping at `limit` bytes of output (a
 * compression bomb costs no more than the record limit): the bytes, `too_large` past the limit, or
 * the error when the stream does not decode (cut or corrupt).
 */
export function inflateLimited(
  encoding: 'gzip' | 'br',
  body: Uint8Array,
  limit: number,
): Uint8Array | 'too_large' | Error {
  try {
    const options = { maxOutputLength: limit };
    return encoding === 'gzip' ? gunzipSync(body, options) : brotliDecompressSync(body, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return 'too_large';
    return err instanceof Error ? err : new Error(String(err));
  }
}
