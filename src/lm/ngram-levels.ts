/**
 * The count tables of one order of an n-gram model, and the array helpers they are built and
 * searched with.
 */

export interface Level {
  /** Context (its ids in base |V|) to context number. */
  contexts: Map<number, number>;
  /** Follower range of each context: words[start[c] .. start[c+1]), sorted by id. */
  start: Int32Array;
  words: Int32Array;
  counts: Float64Array;
  total: Float64Array;
  /** Running sum of max(count - discount, 0) over all entries, for drawing a follower. */
  cumulative: Float64Array;
  discount: number;
}

/** The first index in [from, to] whose running sum exceeds `u` (`to` if none does). */
export function firstAbove(
  cumulative: Float64Array,
  from: number,
  u: number,
  to = cumulative.length - 1,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Distinct values of a sorted array with how often each occurs. */
export function runs(sorted: Float64Array): { keys: Float64Array; counts: Float64Array } {
  const keys: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length;) {
    const k = sorted[i]!;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === k) j++;
    keys.push(k);
    counts.push(j - i);
    i = j;
  }
  return { keys: Float64Array.from(keys), counts: Float64Array.from(counts) };
}

/** The index of w in words[start, end) (sorted), or -1. */
export function search(words: Int32Array, start: number, end: number, w: number): number {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = words[mid]!;
    if (v === w) return mid;
    if (v < w) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Count-of-counts discount n1 / (n1 + 2 n2), kept inside (0, 1) for tiny corpora. */
function estimateDiscount(counts: Float64Array): number {
  let n1 = 0;
  let n2 = 0;
  for (const c of counts) {
    if (c === 1) n1++;
    else if (c === 2) n2++;
  }
  if (n1 === 0 || n2 === 0) return 0.5;
  return Math.min(Math.max(n1 / (n1 + 2 * n2), 0.05), 0.95);
}

/** CSR layout from sorted n-gram keys: the context is the key without its last id. */
export function buildLevel(keys: Float64Array, counts: Float64Array, V: number, fixed?: number): Level {
  const contexts = new Map<number, number>();
  const starts: number[] = [];
  const words = new Int32Array(keys.length);
  const totals: number[] = [];
  let last = -1;
  for (let i = 0; i < keys.length; i++) {
    const w = keys[i]! % V;
    const ctx = (keys[i]! - w) / V;
    words[i] = w;
    if (ctx !== last) {
      contexts.set(ctx, starts.length);
      starts.push(i);
      totals.push(0);
      last = ctx;
    }
    totals[totals.length - 1]! += counts[i]!;
  }
  starts.push(keys.length);
  const discount = fixed ?? estimateDiscount(counts);
  const cumulative = new Float64Array(keys.length);
  let sum = 0;
  for (let i = 0; i < keys.length; i++) {
    sum += Math.max(counts[i]! - discount, 0);
    cumulative[i] = sum;
  }
  return {
    contexts,
    start: Int32Array.from(starts),
    words,
    counts,
    total: Float64Array.from(totals),
    cumulative,
    discount,
  };
}
