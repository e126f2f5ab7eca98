/**
 * MinHash signatures for near-duplicate detection.
 *
 * Shingles are word 5-grams of the normalised text (character 5-grams for scripts written without
 * spaces). A signature has BANDS x ROWS = 112 minimums. LSH buckets documents whose signatures agree
 * on a whole band; a pair becomes a candidate with probability 1 - (1 - J^8)^14 for Jaccard J:
 * 0.92 at J = 0.8, 0.50 at J = 0.72, 0.05 at J = 0.5. Candidates are then kept only when their
 * estimated Jaccard (the share of equal minimums) reaches NEAR_DUP_THRESHOLD.
 * These are datatrove's defaults (5-grams, 14 buckets of 8), with a verification step added.
 */
export const SHINGLE_SIZE = 5;
export const BANDS = 14;
export const ROWS = 8;
export const NUM_HASHES = BANDS * ROWS;
/** Estimated Jaccard similarity at or above which two documents are near duplicates. */
export const NEAR_DUP_THRESHOLD = 0.8;

/** A fixed seed: signatures must be comparable across runs and processes. */
const SEED = 0x9e3779b9;

/** murmur3's 32-bit finaliser: a cheap, well-mixing bijection. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/**
 * A 53-bit hash of a string (a safe integer), for keys that must not collide across millions of
 * distinct strings. Two lanes over the code units: FNV-1a, and a multiply-xorshift lane seeded
 * differently. Deriving the high bits from FNV-1a of the same string plus a suffix does not work:
 * FNV-1a of s + c is a function of FNV-1a of s, so such a key has only 32 bits of entropy.
 */
export function hashString53(s: string): number {
  let a = 0x811c9dc5;
  let b = SEED;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (fmix32(b ^ Math.imul(a, 0x9e3779b1)) & 0x1fffff) * 0x100000000 + fmix32(a);
}

// Odd multipliers and offsets for the NUM_HASHES permutations of the 32-bit shingle hashes.
const MULTIPLIERS = new Uint32Array(NUM_HASHES);
const OFFSETS = new Uint32Array(NUM_HASHES);
for (let i = 0, state = SEED; i < NUM_HASHES; i++) {
  state = fmix32(state + 0x6d2b79f5);
  MULTIPLIERS[i] = state | 1;
  state = fmix32(state + 0x6d2b79f5);
  OFFSETS[i] = state;
}

function tokens(normalized: string): string[] {
  const words = normalized.split(' ').filter(Boolean);
  // Few spaces for the length: a script written without them (Chinese, Japanese, Thai).
  const spaced = words.length >= normalized.length / 20;
  // Code points are the right unit here: these shingles only need to be stable, not graphemes.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points are intended, see above
  return spaced ? words : [...normalized.replace(/ /g, '')];
}

/** Shingle hashes of a normalised text; a text shorter than one shingle is one shingle. */
export function shingleHashes(normalized: string): Uint32Array {
  const toks = tokens(normalized);
  const tokenHashes = toks.map(hashString);
  const count = Math.max(1, toks.length - SHINGLE_SIZE + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = SEED;
    for (let j = i; j < Math.min(i + SHINGLE_SIZE, toks.length); j++)
      h = fmix32(Math.imul(h, 31) + tokenHashes[j]!);
    out[i] = h;
  }
  return out;
}

/** The MinHash signature of a normalised text. An empty text has an all-0xffffffff signature. */
export function minhashSignature(normalized: string): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  if (!normalized) return sig;
  const shingles = shingleHashes(normalized);
  for (let k = 0; k < NUM_HASHES; k++) {
    const a = MULTIPLIERS[k]!;
    const b = OFFSETS[k]!;
    let min = 0xffffffff;
    for (let i = 0; i < shingles.length; i++) {
      const v = (Math.imul(a, shingles[i]!) + b) >>> 0;
      if (v < min) min = v;
    }
    sig[k] = min;
  }
  return sig;
}

/** Share of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) same++;
  return same / NUM_HASHES;
}

/** One bucket key per band: band index and the band's values, hashed. */
export function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = fmix32(band + SEED);
    for (let r = 0; r < ROWS; r++) h = fmix32(Math.imul(h, 31) + sig[band * ROWS + r]!);
    // Keep the band in the key so buckets of different bands never mix.
    keys.push(h * BANDS + band);
  }
  return keys;
}
