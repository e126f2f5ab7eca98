import { createHash } from 'node:crypto';

/** `sha256:<hex>` of raw bytes: the content digest every Doc's provenance carries. */
export function contentDigest(bytes: Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex');
}

/**
 * A document id from the parts that identify its record in its format (kind, record id or URL,
 * date...) followed by its content digest. The same record read again, from the same file or a
 * copy, gets the same id, which is what makes repeated and resumed ingests idempotent; two
 * different records never share one. 128 bits of sha256: collisions are not a practical concern.
 */
export function docId(...parts: (string | number | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => (p === undefined ? '' : String(p))).join('\n'))
    .digest('hex')
    .slice(0, 32);
}
