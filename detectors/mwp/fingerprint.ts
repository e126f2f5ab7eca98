import { hashString } from '../minhash.js';
import type { DocFeatures } from './features.js';

/**
 * Language-independent fingerprints: what a translation keeps of its source whatever the language.
 * Numbers and names (the document's anchors), the paragraph structure (how many paragraphs, how
 * many sentences each) and the length profile (each paragraph's share of the text, and whether a
 * sentence is longer or shorter than the next). Pages are blocked on keys (`blockingKeys`) and
 * compared only within a block, so pages on origins that never link to each other can still be
 * paired without comparing all pairs; the Jaccard similarity of their fingerprints decides which
 * blocked pairs are worth aligning.
 */

/** Paragraphs beyond this many add no shingles (a translation's first paragraphs say enough). */
const MAX_PARAGRAPHS = 64;
/** Documents with fewer paragraphs get no structure keys: too many unrelated pages share them. */
const MIN_KEY_PARAGRAPHS = 3;

function shingle(...parts: (string | number)[]): number {
  return hashString(parts.join(':'));
}

/** Where each paragraph starts, then the sentence count: paragraph k is [starts[k], starts[k + 1]). */
function paragraphStarts(f: DocFeatures): number[] {
  const starts: number[] = [];
  for (let i = 0; i < f.lens.length; i++) if (f.paraStart[i] || i === 0) starts.push(i);
  starts.push(f.lens.length);
  return starts;
}

/** The distinct shingle hashes of a document's fingerprint, sorted. */
export function fingerprintShingles(f: DocFeatures): Uint32Array {
  const out = new Set<number>();
  for (const a of f.anchors) out.add(a);
  const starts = paragraphStarts(f);
  const paragraphs = starts.length - 1;
  out.add(shingle('P', paragraphs));
  let total = 0;
  for (const len of f.lens) total += len;
  for (let k = 0; k < Math.min(paragraphs, MAX_PARAGRAPHS); k++) {
    const from = starts[k]!;
    const to = starts[k + 1]!;
    out.add(shingle('s', k, to - from));
    let chars = 0;
    for (let i = from; i < to; i++) chars += f.lens[i]!;
    // log2 of the paragraph's share against an even split, in half steps.
    out.add(shingle('q', k, Math.round(2 * Math.log2(((chars + 1) * paragraphs) / (total + 1)))));
    for (let i = from; i + 1 < to; i++) {
      const longer = f.lens[i]! > 1.3 * f.lens[i + 1]! ? 'L' : f.lens[i + 1]! > 1.3 * f.lens[i]! ? 'S' : '=';
      out.add(shingle('r', k, i - from, longer));
    }
  }
  return Uint32Array.from(out).sort();
}

/**
 * Blocking keys: pages sharing one are compared. The sentence count of every paragraph, whole and
 * with each paragraph in turn left out (so one paragraph split differently still meets), and each
 * anchor (a name or number: rare ones are specific to an article, common ones make groups too
 * large to compare and are skipped by the caller).
 */
export function blockingKeys(f: DocFeatures): number[] {
  const keys = new Set<number>();
  const starts = paragraphStarts(f);
  const counts = starts.slice(1, MAX_PARAGRAPHS + 1).map((end, k) => end - starts[k]!);
  if (counts.length >= MIN_KEY_PARAGRAPHS) {
    keys.add(shingle('v', counts.join(',')));
    for (let k = 0; k < counts.length; k++) {
      keys.add(shingle('v', k, counts.map((c, i) => (i === k ? '*' : c)).join(',')));
    }
  }
  for (const a of f.anchors) keys.add(a);
  return [...keys];
}

/** Jaccard similarity of two sorted sets of distinct values. */
export function jaccardSorted(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const union = a.length + b.length - shared;
  return union ? shared / union : 0;
}
