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
  private readonly numbersA: Uint16Array;
  private readonly namesA: Uint16Array;
  private readonly numbersB: Uint16Array;
  private readonly namesB: Uint16Array;
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
   */
  constructor(
    private readonly A: AlignSide,
    private readonly B: AlignSide,
    private readonly weights: { shared: number; numberMiss: number; nameMiss: number },
  ) {
    const n = A.lens.length;
    this.m = B.lens.length;
    this.pairCost = new Float64Array(n * this.m).fill(NaN);
    [this.numbersA, this.namesA] = kinds(A);
    [this.numbersB, this.namesB] = kinds(B);
    this.missA = missSums(this.numbersA, this.namesA, weights);
    this.missB = missSums(this.numbersB, this.namesB, weights);
    this.repeatsA = repeats(A);
    this.repeatsB = repeats(B);
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
    for (let a = a0; a < a1; a++) {
      for (let b = b0; b < b1; b++) {
        const k = a * this.m + b;
        let p = this.pairCost[k]!;
        if (Number.isNaN(p)) {
          p = this.pairTerm(a, b);
          this.pairCost[k] = p;
        }
        c += p;
      }
    }
    return c;
  }

  /** The cost correction of one sentence pair's shared anchors (a merge of two sorted lists). */
  private pairTerm(a: number, b: number): number {
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
    const w = this.weights;
    return -(w.shared + 2 * w.nameMiss) * (shared - numbers) - (w.shared + 2 * w.numberMiss) * numbers;
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

/** 1 where a sentence and the next share an anchor. */
function repeats(side: AlignSide): Uint8Array {
  const n = side.lens.length;
  const out = new Uint8Array(n);
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

/** Numbers and names per sentence. */
function kinds(side: AlignSide): [Uint16Array, Uint16Array] {
  const n = side.lens.length;
  const numbers = new Uint16Array(n);
  const names = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    for (let x = side.anchorStart[i]!; x < side.anchorStart[i + 1]!; x++) {
      if (isNumberAnchor(side.anchors[x]!)) numbers[i]!++;
      else names[i]!++;
    }
  }
  return [numbers, names];
}

/** Prefix sums of each sentence's cost were none of its anchors matched. */
function missSums(
  numbers: Uint16Array,
  names: Uint16Array,
  w: { numberMiss: number; nameMiss: number },
): Float64Array {
  const sums = new Float64Array(numbers.length + 1);
  for (let i = 0; i < numbers.length; i++) {
    sums[i + 1] = sums[i]! + w.numberMiss * numbers[i]! + w.nameMiss * names[i]!;
  }
  return sums;
}
