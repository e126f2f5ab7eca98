import { hashString53 } from '../minhash.js';
import { jaccardSorted } from './fingerprint.js';
import { languageFreeKey } from './url-key.js';

/**
 * Candidate translation pairs from three channels, none of which compares all pairs:
 * reciprocal hreflang declarations, URLs equal once language codes are stripped, and
 * language-independent fingerprints sharing a blocking key.
 */

export const VIA_HREFLANG = 1;
export const VIA_URL = 2;
export const VIA_FINGERPRINT = 4;
/** Page vectors (the mean of its sentence vectors) close across languages: only with an embedder. */
export const VIA_EMBEDDING = 8;
/** Channels that say nothing about the text: a site's own declaration, or its URL scheme. */
export const VIA_DECLARED = VIA_HREFLANG | VIA_URL;

/** The channels a pair came through, as names. */
export function viaNames(bits: number): string[] {
  const out: string[] = [];
  if (bits & VIA_HREFLANG) out.push('hreflang');
  if (bits & VIA_URL) out.push('url');
  if (bits & VIA_FINGERPRINT) out.push('fingerprint');
  if (bits & VIA_EMBEDDING) out.push('embedding');
  return out;
}

/**
 * Pages under one language-free URL, or sharing one blocking key, beyond which the group is
 * skipped: a key that many pages share (a common number, a plain paragraph structure) says
 * nothing, and skipping it keeps the work linear in the corpus.
 */
export const MAX_GROUP = 64;
/**
 * Blocked pairs whose fingerprints' Jaccard similarity is below this are not aligned. On the demo
 * world (seed 7) at 10,000 pages, 1% of cross-origin translation pairs score below 0.33 and one
 * unrelated pair in a thousand above 0.21; at 100,000 pages, 0.25 let through 116,000 blocked pairs
 * that alignment then rejected, 0.28 half as many.
 */
export const MIN_FINGERPRINT_SIMILARITY = 0.28;
/**
 * Embedding channel: pages of different languages whose page vectors' cosine reaches this are
 * candidates, at most EMBEDDING_TOP per page (its nearest). With the shipped embedder, on
 * test-split articles, a page and its translation have a median cosine of 0.90 (5% under 0.74)
 * and pages of different articles 0.37 (1% over 0.81): the channel proposes, alignment decides.
 * Every pair of pages is compared, so the channel costs time quadratic in the corpus (about
 * n^2 x dim / 2 multiplications): it is for corpora of tens of thousands of pages, not millions.
 */
export const MIN_EMBEDDING_SIMILARITY = 0.8;
export const EMBEDDING_TOP = 10;

export interface CandidateStats {
  hreflang: number;
  url: number;
  fingerprint: number;
  /** Distinct pairs (a pair found by several channels counts once). */
  pairs: number;
  /** Groups over MAX_GROUP that were skipped (URL keys and blocking keys). */
  skippedGroups: number;
  /** Blocked pairs compared by fingerprint similarity. */
  fingerprintCompared: number;
  /** Pairs found by page vectors (0 without an embedder). */
  embedding: number;
}

function urlHash(url: string): number {
  return hashString53(url.replace(/#.*$/, ''));
}

/**
 * Collects what the channels need, one document at a time, then yields the pairs. Documents are
 * numbered in the order they are added; only pairs of different languages are candidates.
 */
export class CandidateIndex {
  private readonly langs: number[] = [];
  private readonly byUrl = new Map<number, number>();
  /** hreflang edges: source document and target URL hash. */
  private readonly edgeFrom: number[] = [];
  private readonly edgeTo: number[] = [];
  private readonly urlKeys = new Map<string, number[]>();
  private readonly shingles: Uint32Array[] = [];
  /** Blocking keys and their documents, side by side. */
  private readonly blockKeys: number[] = [];
  private readonly blockDocs: number[] = [];
  private readonly pairs = new Map<number, number>();
  readonly stats: CandidateStats = {
    hreflang: 0,
    url: 0,
    fingerprint: 0,
    pairs: 0,
    skippedGroups: 0,
    fingerprintCompared: 0,
    embedding: 0,
  };
  /** Unit page vectors, when an embedder ran; undefined for pages without. */
  private readonly pageVectors: (Float32Array | undefined)[] = [];

  /** Adds document `index` (which must be the next number). */
  add(
    index: number,
    doc: { lang: number; url?: string; canonical?: string; alternates: readonly string[] },
    fingerprint: { shingles: Uint32Array; keys: readonly number[] },
    pageVector?: Float32Array,
  ): void {
    if (index !== this.langs.length) throw new Error(`documents must be added in order (got ${index})`);
    this.langs.push(doc.lang);
    this.pageVectors.push(pageVector);
    this.shingles.push(fingerprint.shingles);
    for (const key of fingerprint.keys) {
      this.blockKeys.push(key);
      this.blockDocs.push(index);
    }
    for (const url of [doc.url, doc.canonical]) {
      if (url === undefined) continue;
      const h = urlHash(url);
      if (!this.byUrl.has(h)) this.byUrl.set(h, index);
    }
    for (const href of doc.alternates) {
      this.edgeFrom.push(index);
      this.edgeTo.push(urlHash(href));
    }
    const key = doc.url === undefined ? undefined : languageFreeKey(doc.url);
    if (key !== undefined) {
      const group = this.urlKeys.get(key);
      if (group) group.push(index);
      else this.urlKeys.set(key, [index]);
    }
  }

  /** Jaccard similarity of two documents' fingerprints. */
  similarity(i: number, j: number): number {
    return jaccardSorted(this.shingles[i]!, this.shingles[j]!);
  }

  private pair(i: number, j: number, via: number): boolean {
    if (i === j || this.langs[i] === this.langs[j]) return false;
    const [a, b] = i < j ? [i, j] : [j, i];
    const key = a * this.langs.length + b;
    const had = this.pairs.get(key) ?? 0;
    this.pairs.set(key, had | via);
    return (had & via) === 0;
  }

  /** Runs the channels and returns the pairs `[a, b, via]` with a < b, sorted. */
  build(): [number, number, number][] {
    // Reciprocal hreflang: A declares B and B declares A.
    const declared = new Set<number>();
    const targets: number[] = [];
    const n = this.langs.length;
    for (let k = 0; k < this.edgeFrom.length; k++) {
      const t = this.byUrl.get(this.edgeTo[k]!);
      targets.push(t ?? -1);
      if (t !== undefined) declared.add(this.edgeFrom[k]! * n + t);
    }
    for (let k = 0; k < this.edgeFrom.length; k++) {
      const s = this.edgeFrom[k]!;
      const t = targets[k]!;
      if (t >= 0 && s < t && declared.has(t * n + s) && this.pair(s, t, VIA_HREFLANG)) this.stats.hreflang++;
    }
    for (const group of this.urlKeys.values()) {
      if (group.length < 2) continue;
      if (group.length > MAX_GROUP) {
        this.stats.skippedGroups++;
        continue;
      }
      for (let x = 0; x < group.length; x++)
        for (let y = x + 1; y < group.length; y++)
          if (this.pair(group[x]!, group[y]!, VIA_URL)) this.stats.url++;
    }
    this.fingerprintPairs();
    this.embeddingPairs();
    const out: [number, number, number][] = [];
    for (const [key, via] of this.pairs) out.push([Math.floor(key / n), key % n, via]);
    out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    this.stats.pairs = out.length;
    return out;
  }

  /**
   * Blocking keys are packed with document numbers into doubles and sorted, so pages sharing a key
   * sit together without a hash map of every key.
   */
  private fingerprintPairs(): void {
    const n = this.langs.length;
    const docRange = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
    const keyRange = 2 ** 53 / docRange;
    const packed = new Float64Array(this.blockKeys.length);
    for (let k = 0; k < packed.length; k++)
      packed[k] = (this.blockKeys[k]! % keyRange) * docRange + this.blockDocs[k]!;
    packed.sort();
    for (let start = 0; start < packed.length;) {
      const key = Math.floor(packed[start]! / docRange);
      let end = start + 1;
      while (end < packed.length && Math.floor(packed[end]! / docRange) === key) end++;
      if (end - start > MAX_GROUP) this.stats.skippedGroups++;
      else if (end - start > 1) this.blockPairs(packed, start, end, docRange);
      start = end;
    }
  }

  /** Each page's nearest pages of other languages by page vector, above MIN_EMBEDDING_SIMILARITY. */
  private embeddingPairs(): void {
    const withVectors = this.pageVectors.flatMap((v, i) => (v ? [i] : []));
    if (withVectors.length < 2) return;
    const best = new Map<number, { j: number; cos: number }[]>();
    const keep = (i: number, j: number, cos: number): void => {
      const list = best.get(i) ?? [];
      if (list.length === EMBEDDING_TOP && list[list.length - 1]!.cos >= cos) return;
      list.push({ j, cos });
      list.sort((x, y) => y.cos - x.cos);
      if (list.length > EMBEDDING_TOP) list.pop();
      best.set(i, list);
    };
    for (let x = 0; x < withVectors.length; x++) {
      const i = withVectors[x]!;
      const u = this.pageVectors[i]!;
      for (let y = x + 1; y < withVectors.length; y++) {
        const j = withVectors[y]!;
        if (this.langs[i] === this.langs[j]) continue;
        const v = this.pageVectors[j]!;
        let cos = 0;
        for (let k = 0; k < u.length; k++) cos += u[k]! * v[k]!;
        if (cos < MIN_EMBEDDING_SIMILARITY) continue;
        keep(i, j, cos);
        keep(j, i, cos);
      }
    }
    for (const [i, list] of best) {
      for (const { j } of list) if (this.pair(i, j, VIA_EMBEDDING)) this.stats.embedding++;
    }
  }

  private blockPairs(packed: Float64Array, start: number, end: number, docRange: number): void {
    for (let x = start; x < end; x++) {
      const i = packed[x]! % docRange;
      for (let y = x + 1; y < end; y++) {
        const j = packed[y]! % docRange;
        if (this.langs[i] === this.langs[j]) continue;
        const [a, b] = i < j ? [i, j] : [j, i];
        // Already a candidate through this channel (pages often share several keys).
        if ((this.pairs.get(a * this.langs.length + b) ?? 0) & VIA_FINGERPRINT) continue;
        this.stats.fingerprintCompared++;
        if (jaccardSorted(this.shingles[i]!, this.shingles[j]!) < MIN_FINGERPRINT_SIMILARITY) continue;
        if (this.pair(i, j, VIA_FINGERPRINT)) this.stats.fingerprint++;
      }
    }
  }
}
