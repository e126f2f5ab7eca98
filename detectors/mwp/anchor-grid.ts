import type { AlignSide } from './align.js';
import { isNumberAnchor } from './features.js';

/** Anchors shared and unmatched between two sentence ranges. */
export interface AnchorCounts {
  shared: number;
  numbersShared: number;
  /** Numbers on each side. */
  numbersA: number;
  numbersB: number;
  numberMiss: number;
  nameMiss: number;
}

/**
 * Anchor costs between the sentences of two documents, for the alignment DP. The cost term of a
 * sentence pair's shared anchors is computed once (a merge of the two sorted anchor lists) and
 * cached; a bead of two sentences against one sums its pairs. Counting per bead instead cost two
 * thirds of the alignment. With no anchor on either side `cost` returns at once: the common case.
 */
export class AnchorGrid {
  private readonly m: number;
  /** Reused result of `counts`: valid until the next call. */
  private readonly out: AnchorCounts = {
    shared: 0,
    numbersShared: 0,
    numbersA: 0,
    numbersB: 0,
    numberMiss: 0,
    nameMiss: 0,
  };

  /** Prefix sums of each sentence's unmatched-anchor cost, were none of its anchors matched. */
  private readonly missA: Float64Array;
  private readonly missB: Float64Array;
  /** Cost term of each sentence pair's shared anchors; NaN until computed. */
  private readonly pairCost: Float64Array;
  /** 1 where sentence i and i + 1 share an anchor (then a bead holding both is counted exactly). */
  private readonly repeatsA: Uint8Array;
  private readonly repeatsB: Uint8Array;
  private matched = new Uint8Array(64);

  /**
   * `weights`: cost per shared anchor (subtracted), per number and per name found on one side only.
   * `buffers`: where the grid keeps its tables; a caller aligning many pairs passes one set and
   * saves the allocations (then only one grid at a time may use it).
   */
  constructor(
    private readonly A: AlignSide,
    private readonly B: AlignSide,
    private readonly weights: Weights,
    buffers = new GridBuffers(),
  ) {
    const n = A.lens.length;
    this.m = B.lens.length;
    buffers.reserve(n, this.m);
    this.pairCost = buffers.pairCost.subarray(0, n * this.m).fill(NaN);
    this.missA = missSums(A, weights, buffers.missA);
    this.missB = missSums(B, weights, buffers.missB);
    this.repeatsA = repeats(A, buffers.repeatsA);
    this.repeatsB = repeats(B, buffers.repeatsB);
  }

  /**
   * The anchor cost of a bead [a0, a1) x [b0, b1): weights.shared per shared anchor (negative),
   * the miss weights per anchor on one side only. It decomposes into per-sentence terms (every
   * anchor unmatched) plus per-pair corrections (each shared anchor is two misses fewer and one
   * match more), so a bead of two sentences costs two cached lookups, not a recount.
   */
  cost(a0: number, a1: number, b0: number, b1: number): number {
    let c = this.missA[a1]! - this.missA[a0]! + this.missB[b1]! - this.missB[b0]!;
    if (c === 0) return 0;
    // Two sentences sharing an anchor ("Kennedy ... Kennedy"): summing pairs would match it twice.
    if ((a1 - a0 === 2 && this.repeatsA[a0]) || (b1 - b0 === 2 && this.repeatsB[b0])) {
      const k = this.counts(a0, a1, b0, b1);
      const w = this.weights;
      return w.numberMiss * k.numberMiss + w.nameMiss * k.nameMiss - w.shared * k.shared;
    }
    for (let a = a0; a < a1; a++) for (let b = b0; b < b1; b++) c += this.pair(a, b);
    return c;
  }

  /** `cost(a, a + 1, b, b + 1)`, the same arithmetic without the loops. */
  cost11(a: number, b: number): number {
    const c = this.missA[a + 1]! - this.missA[a]! + this.missB[b + 1]! - this.missB[b]!;
    return c === 0 ? 0 : c + this.pair(a, b);
  }

  /** `pairTerm(a, b)`, computed once per sentence pair. */
  private pair(a: number, b: number): number {
    const k = a * this.m + b;
    let p = this.pairCost[k]!;
    if (Number.isNaN(p)) {
      p = this.pairTerm(a, b);
      this.pairCost[k] = p;
    }
    return p;
  }

  /** Numbers among the anchors the last `merge` found shared. */
  private mergedNumbers = 0;

  /**
   * Anchors sentences a and b share, by a merge of their sorted lists (each value matched
   * min(count on a, count on b) times); the numbers among them go to `mergedNumbers`.
   */
  private merge(a: number, b: number): number {
    const { A, B } = this;
    let x = A.anchorStart[a]!;
    const xEnd = A.anchorStart[a + 1]!;
    let y = B.anchorStart[b]!;
    const yEnd = B.anchorStart[b + 1]!;
    let shared = 0;
    let numbers = 0;
    while (x < xEnd && y < yEnd) {
      const u = A.anchors[x]!;
      const v = B.anchors[y]!;
      if (u === v) {
        shared++;
        if (isNumberAnchor(u)) numbers++;
        x++;
        y++;
      } else if (u < v) x++;
      else y++;
    }
    this.mergedNumbers = numbers;
    return shared;
  }

  /** The cost correction of one sentence pair's shared anchors. */
  private pairTerm(a: number, b: number): number {
    const shared = this.merge(a, b);
    const numbers = this.mergedNumbers;
    const w = this.weights;
    return -(w.shared + 2 * w.nameMiss) * (shared - numbers) - (w.shared + 2 * w.numberMiss) * numbers;
  }

  /**
   * `counts(a, a + 1, b, b + 1)` from `merge` (what every link of an alignment needs): the same
   * counts without the quadratic match. Returns the shared object of `counts`.
   */
  counts11(a: number, b: number): AnchorCounts {
    const { A, B } = this;
    const shared = this.merge(a, b);
    const numbersShared = this.mergedNumbers;
    let numbersA = 0;
    let numbersB = 0;
    for (let k = A.anchorStart[a]!; k < A.anchorStart[a + 1]!; k++)
      if (isNumberAnchor(A.anchors[k]!)) numbersA++;
    for (let k = B.anchorStart[b]!; k < B.anchorStart[b + 1]!; k++)
      if (isNumberAnchor(B.anchors[k]!)) numbersB++;
    const namesA = A.anchorStart[a + 1]! - A.anchorStart[a]! - numbersA;
    const namesB = B.anchorStart[b + 1]! - B.anchorStart[b]! - numbersB;
    const c = this.out;
    c.shared = shared;
    c.numbersShared = numbersShared;
    c.numbersA = numbersA;
    c.numbersB = numbersB;
    c.numberMiss = numbersA + numbersB - 2 * numbersShared;
    c.nameMiss = namesA + namesB - 2 * (shared - numbersShared);
    return c;
  }

  /**
   * Exact counts between sentences [a0, a1) and [b0, b1), each anchor matched at most once (sets
   * are tiny: a quadratic match is cheapest). Returns a shared object, valid until the next call.
   */
  counts(a0: number, a1: number, b0: number, b1: number): AnchorCounts {
    const { A, B } = this;
    const c = this.out;
    c.shared = c.numbersShared = c.numbersA = c.numbersB = c.numberMiss = c.nameMiss = 0;
    const sa0 = A.anchorStart[a0]!;
    const sa1 = A.anchorStart[a1]!;
    const sb0 = B.anchorStart[b0]!;
    const nb = B.anchorStart[b1]! - sb0;
    if (this.matched.length < nb) this.matched = new Uint8Array(2 * nb);
    const matched = this.matched;
    matched.fill(0, 0, nb);
    for (let x = sa0; x < sa1; x++) {
      const v = A.anchors[x]!;
      const number = isNumberAnchor(v);
      if (number) c.numbersA++;
      let hit = false;
      for (let k = 0; k < nb; k++) {
        if (!matched[k] && B.anchors[sb0 + k] === v) {
          matched[k] = 1;
          hit = true;
          break;
        }
      }
      if (hit) {
        c.shared++;
        if (number) c.numbersShared++;
      } else if (number) c.numberMiss++;
      else c.nameMiss++;
    }
    for (let k = 0; k < nb; k++) {
      const number = isNumberAnchor(B.anchors[sb0 + k]!);
      if (number) c.numbersB++;
      if (matched[k]) continue;
      if (number) c.numberMiss++;
      else c.nameMiss++;
    }
    return c;
  }
}

type Weights = { shared: number; numberMiss: number; nameMiss: number };

/** The tables of an `AnchorGrid`, reusable from one pair to the next. */
export class GridBuffers {
  missA = new Float64Array(0);
  missB = new Float64Array(0);
  repeatsA = new Uint8Array(0);
  repeatsB = new Uint8Array(0);
  pairCost = new Float64Array(0);

  /** Grows the buffers to hold sides of n and m sentences. */
  reserve(n: number, m: number): void {
    if (this.missA.length < n + 1) {
      this.missA = new Float64Array(2 * n + 1);
      this.repeatsA = new Uint8Array(2 * n);
    }
    if (this.missB.length < m + 1) {
      this.missB = new Float64Array(2 * m + 1);
      this.repeatsB = new Uint8Array(2 * m);
    }
    if (this.pairCost.length < n * m) this.pairCost = new Float64Array(2 * n * m);
  }
}

/** 1 where a sentence and the next share an anchor, written into `out`. */
function repeats(side: AlignSide, out: Uint8Array): Uint8Array {
  const n = side.lens.length;
  out.fill(0, 0, n);
  for (let i = 0; i + 1 < n; i++) {
    let x = side.anchorStart[i]!;
    const xEnd = side.anchorStart[i + 1]!;
    let y = xEnd;
    const yEnd = side.anchorStart[i + 2]!;
    while (x < xEnd && y < yEnd) {
      const u = side.anchors[x]!;
      const v = side.anchors[y]!;
      if (u === v) {
        out[i] = 1;
        break;
      }
      if (u < v) x++;
      else y++;
    }
  }
  return out;
}

/** Prefix sums of each sentence's cost were none of its anchors matched, written into `out`. */
function missSums(side: AlignSide, w: Weights, out: Float64Array): Float64Array {
  out[0] = 0;
  for (let i = 0; i < side.lens.length; i++) {
    let numbers = 0;
    let names = 0;
    for (let x = side.anchorStart[i]!; x < side.anchorStart[i + 1]!; x++) {
      if (isNumberAnchor(side.anchors[x]!)) numbers++;
      else names++;
    }
    out[i + 1] = out[i]! + w.numberMiss * numbers + w.nameMiss * names;
  }
  return out;
}
