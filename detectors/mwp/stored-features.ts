import type { DocFeatures } from './features.js';

/**
 * The translation detector's per-page features (`docFeatures`) as bytes, so that analysis, which
 * has the page's text and sentences in hand (in a worker thread, while the crawl or ingest goes on),
 * computes them once and stores them with the page, and the corpus-wide stage reads them back
 * instead of reading every text and computing them again after the crawl or ingest ends.
 *
 * Layout (typed arrays in the platform's byte order, little-endian on every machine Node runs on):
 * the 4-byte format tag, sentence count n and anchor count a (u32 each), 4 bytes padding, then
 * keys (f64 x n), lens (u32 x n), anchorStart (u32 x n+1), anchors (u32 x a), paraStart (u8 x n).
 */

/**
 * The format tag stored features start with. Change it (mwf2, ...) whenever what `docFeatures`
 * computes changes (`sentenceKey`, `sentenceAnchors`, `normalizeForDedup`, paragraph starts): pages
 * stored under another tag are then read as text and their features computed afresh, never mixed
 * with features of another version. `tests/detectors/mwp/stored-features.test.ts` pins the output of
 * `docFeatures` on a fixed page, so such a change fails there first.
 */
export const FEATURES_FORMAT = new Uint8Array([0x6d, 0x77, 0x66, 0x31]); // "mwf1"

const HEADER_BYTES = 16;

/** The per-page part of `DocFeatures`: what does not depend on the stage's document list. */
export type PageFeatures = Pick<DocFeatures, 'lens' | 'paraStart' | 'anchorStart' | 'anchors' | 'keys'>;

function byteSize(n: number, anchors: number): number {
  return HEADER_BYTES + 8 * n + 4 * n + 4 * (n + 1) + 4 * anchors + n;
}

/** The stored form of a page's features. */
export function encodeFeatures(f: PageFeatures): Uint8Array {
  const n = f.lens.length;
  const a = f.anchors.length;
  const buffer = new ArrayBuffer(byteSize(n, a));
  const bytes = new Uint8Array(buffer);
  bytes.set(FEATURES_FORMAT, 0);
  new Uint32Array(buffer, 4, 2).set([n, a]);
  let at = HEADER_BYTES;
  new Float64Array(buffer, at, n).set(f.keys);
  at += 8 * n;
  new Uint32Array(buffer, at, n).set(f.lens);
  at += 4 * n;
  new Uint32Array(buffer, at, n + 1).set(f.anchorStart);
  at += 4 * (n + 1);
  new Uint32Array(buffer, at, a).set(f.anchors);
  at += 4 * a;
  bytes.set(f.paraStart, at);
  return bytes;
}

/** Whether `stored` starts with this version's format tag. */
export function isCurrentFormat(stored: Uint8Array): boolean {
  return stored.length >= HEADER_BYTES && FEATURES_FORMAT.every((b, i) => stored[i] === b);
}

/**
 * A page's features from their stored form, or undefined when it is not this version's or its
 * size disagrees with its counts (damaged): the caller computes them from the text then.
 */
export function decodeFeatures(stored: Uint8Array): PageFeatures | undefined {
  if (!isCurrentFormat(stored)) return undefined;
  // A copy: SQLite's blob may sit at any offset of a shared buffer, and f64 views need 8-byte alignment.
  const buffer = stored.slice().buffer;
  const [n, a] = new Uint32Array(buffer, 4, 2) as unknown as [number, number];
  if (n === 0 || stored.length !== byteSize(n, a)) return undefined;
  let at = HEADER_BYTES;
  const keys = new Float64Array(buffer, at, n);
  at += 8 * n;
  const lens = new Uint32Array(buffer, at, n);
  at += 4 * n;
  const anchorStart = new Uint32Array(buffer, at, n + 1);
  at += 4 * (n + 1);
  const anchors = new Uint32Array(buffer, at, a);
  at += 4 * a;
  const paraStart = new Uint8Array(buffer, at, n);
  if (anchorStart[n] !== a) return undefined;
  return { keys, lens, anchorStart, anchors, paraStart };
}
