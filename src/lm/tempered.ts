import { firstAbove, search, type Explicit, type NgramModel } from './ngram.js';
import { BOS, UNK } from './vocab.js';

/**
 * Exact tempered and nucleus (top-p) sampling in time proportional to the top-order followers of
 * the history plus the nucleus, not to the vocabulary.
 *
 * With top-order followers F (discounted mass a(w), back-off weight γ) and the lower-order
 * distribution L(w) = tail · p0(w) + extra(w), P(w | h) = a(w) + γ L(w), and every word outside F
 * has P = γ L(w). L depends only on the history's last order-2 words, so its sparse form is cached
 * per such context and temperature: its explicit words sorted by L, their L^(1/T), and the total
 * tempered mass S_L = Σ_w L(w)^(1/T). Then
 *
 *   Z = Σ_{w∈F} P(w)^(1/T) + γ^(1/T) (S_L − Σ_{w∈F} L(w)^(1/T)),
 *
 * and the words in decreasing order of probability are a three-way merge of F (sorted), the cached
 * explicit words of L, and the unigram order for the rest, each already in order. `<unk>` and `<s>`
 * are excluded throughout.
 */

interface Lower {
  /** Explicit words of L (no `<unk>`), most probable first, with L^(1/T). */
  byProb: Int32Array;
  q: Float64Array;
  /** The same words sorted by id, with their extra mass, for membership and L(w) lookups. */
  byId: Int32Array;
  extraById: Float64Array;
  /** L(w) = tail · p0(w) + extra(w). */
  tail: number;
  /** Σ over all eligible words of L(w)^(1/T). */
  sum: number;
  /** Running sum of `q` in `byProb` order, and its total. */
  cumulative: Float64Array;
  explicitQ: number;
}

export interface TemperedCache {
  /** Eligible word ids (not `<s>`, not `<unk>`), most probable unigram first. */
  order: Int32Array;
  /** p0^(1/T) per word, its sum over `order`, and its running sum over ids (eligible words only). */
  tempered: Map<number, { powers: Float64Array; sum: number; cumulative?: Float64Array }>;
  lowers: Map<string, Lower>;
  tops: Map<string, TopPart>;
  scratch: Explicit;
}

const MAX_LOWERS = 50_000;

function indexOf(sorted: Int32Array, w: number): number {
  return search(sorted, 0, sorted.length, w);
}

function temperedUnigram(model: NgramModel, cache: TemperedCache, inv: number) {
  let t = cache.tempered.get(inv);
  if (!t?.cumulative) {
    const powers = Float64Array.from(model.p0, (p) => p ** inv);
    let sum = 0;
    for (const w of cache.order) sum += powers[w]!;
    const cumulative = new Float64Array(powers.length);
    let running = 0;
    for (let w = 0; w < powers.length; w++) {
      if (w !== BOS && w !== UNK) running += powers[w]!;
      cumulative[w] = running;
    }
    t = { powers, sum, cumulative };
    cache.tempered.set(inv, t);
  }
  return t as { powers: Float64Array; sum: number; cumulative: Float64Array };
}

function lowerOf(model: NgramModel, cache: TemperedCache, h: readonly number[], inv: number): Lower {
  const depth = Math.max(model.order - 2, 0);
  const key = `${inv}|${h.slice(h.length - depth).join(',')}`;
  let lower = cache.lowers.get(key);
  if (lower) return lower;
  const { powers, sum: s0 } = temperedUnigram(model, cache, inv);
  const { words, extra, tail } = model.explicit(h, cache.scratch, depth);
  const ids = words.filter((w) => w !== UNK);
  const probs = ids.map((w) => tail * model.p0[w]! + extra[w]!);
  const order = ids.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]! || ids[a]! - ids[b]!);
  const byProb = Int32Array.from(order, (i) => ids[i]!);
  const q = Float64Array.from(order, (i) => probs[i]! ** inv);
  const byId = Int32Array.from(ids).sort();
  const extraById = Float64Array.from(byId, (w) => extra[w]!);
  let explicitP0 = 0;
  let explicitQ = 0;
  for (let i = 0; i < byProb.length; i++) {
    explicitP0 += powers[byProb[i]!]!;
    explicitQ += q[i]!;
  }
  const sum = explicitQ + tail ** inv * Math.max(s0 - explicitP0, 0);
  let running = 0;
  const cumulative = Float64Array.from(q, (v) => (running += v));
  lower = { byProb, q, byId, extraById, tail, sum, cumulative, explicitQ };
  if (cache.lowers.size >= MAX_LOWERS) cache.lowers.clear();
  cache.lowers.set(key, lower);
  return lower;
}

/** The top-order followers of one history, tempered: F in the formula above. */
interface TopPart {
  /** F's words, sorted by id, with P(w)^(1/T) and its running sum. */
  words: Int32Array;
  q: Float64Array;
  cumulative: Float64Array;
  mass: number;
  /** Σ_{w∈F} L(w)^(1/T), and the same over F's words that are explicit in L. */
  lower: number;
  lowerExplicit: number;
  gamma: number;
  /** Indices into `words` by decreasing q, made when a nucleus walk first needs them. */
  order?: Int32Array;
}

const MAX_TOP_PARTS = 20_000;

function topPart(
  model: NgramModel,
  cache: TemperedCache,
  h: readonly number[],
  inv: number,
  lower: Lower,
  lowerP: (w: number) => number,
): TopPart {
  const key = `${inv}|${h.join(',')}`;
  const hit = cache.tops.get(key);
  if (hit) return hit;
  const top = model.followers(model.order - 1, h);
  const words: number[] = [];
  const q: number[] = [];
  let mass = 0;
  let lowerSum = 0;
  let lowerExplicit = 0;
  let gamma = 1;
  if (top) {
    gamma = (top.discount * (top.end - top.start)) / top.total;
    for (let i = top.start; i < top.end; i++) {
      const w = top.words[i]!;
      const a = Math.max(top.counts[i]! - top.discount, 0) / top.total;
      if (w === UNK || w === BOS || a <= 0) continue;
      const l = lowerP(w);
      const v = (a + gamma * l) ** inv;
      words.push(w);
      q.push(v);
      mass += v;
      lowerSum += l ** inv;
      if (indexOf(lower.byId, w) >= 0) lowerExplicit += l ** inv;
    }
  }
  let running = 0;
  const part: TopPart = {
    words: Int32Array.from(words),
    q: Float64Array.from(q),
    cumulative: Float64Array.from(q, (v) => (running += v)),
    mass,
    lower: lowerSum,
    lowerExplicit,
    gamma,
  };
  // Only busy histories are worth keeping; they are the costly ones and they recur.
  if (words.length > 32) {
    if (cache.tops.size >= MAX_TOP_PARTS) cache.tops.clear();
    cache.tops.set(key, part);
  }
  return part;
}

/** The next token id at temperature 1/inv (> 0) with nucleus share topP (1 = no truncation). */
export function temperedNext(
  model: NgramModel,
  cache: TemperedCache,
  h: readonly number[],
  inv: number,
  topP: number,
  random: () => number,
  /** Told the nucleus (words and weights) when it was truncated and the history is busy. */
  onNucleus?: (words: number[], weights: number[]) => void,
): number {
  const { powers, cumulative: unigramCumulative } = temperedUnigram(model, cache, inv);
  const lower = lowerOf(model, cache, h, inv);
  const lowerP = (w: number): number => {
    const i = indexOf(lower.byId, w);
    return lower.tail * model.p0[w]! + (i >= 0 ? lower.extraById[i]! : 0);
  };

  const part = topPart(model, cache, h, inv, lower, lowerP);
  const inF = (w: number): boolean => indexOf(part.words, w) >= 0;
  const g = part.gamma ** inv;
  const gTail = (part.gamma * lower.tail) ** inv;
  const total = part.mass + g * Math.max(lower.sum - part.lower, 0);

  if (topP >= 1) {
    // No truncation: any order will do. F by its cumulative sums, then the other two parts by
    // drawing from theirs and redrawing words that belong to an earlier part.
    const u = random() * total;
    if (u < part.mass) return part.words[firstAbove(part.cumulative, 0, u)]!;
    const lowerMass = g * Math.max(lower.explicitQ - part.lowerExplicit, 0);
    if (u - part.mass < lowerMass && lower.byProb.length > 0) {
      for (let attempt = 0; attempt < 256; attempt++) {
        const w = lower.byProb[firstAbove(lower.cumulative, 0, random() * lower.explicitQ)]!;
        if (!inF(w)) return w;
      }
    } else {
      const top = unigramCumulative[unigramCumulative.length - 1]!;
      for (let attempt = 0; attempt < 1024; attempt++) {
        const w = firstAbove(unigramCumulative, 0, random() * top);
        if (w !== BOS && w !== UNK && !inF(w) && indexOf(lower.byId, w) < 0) return w;
      }
    }
    // Redraws kept failing (the part is nearly all taken by earlier ones): walk in order below.
  }

  // The three streams, each in decreasing order of probability.
  part.order ??= Int32Array.from(part.words.keys()).sort((a, b) => part.q[b]! - part.q[a]!);
  const fOrder = part.order;
  let fi = 0;
  let li = 0;
  let ti = 0;
  const nextLower = (): number => {
    while (li < lower.byProb.length && inF(lower.byProb[li]!)) li++;
    return li < lower.byProb.length ? g * lower.q[li]! : -1;
  };
  const nextTail = (): number => {
    for (; ti < cache.order.length; ti++) {
      const w = cache.order[ti]!;
      if (!inF(w) && indexOf(lower.byId, w) < 0) return gTail * powers[w]!;
    }
    return -1;
  };

  const target = topP >= 1 ? random() * total : topP * total;
  // (With topP >= 1 this walk is only the fallback of the redraws above.)
  const chosen: number[] = [];
  const weights: number[] = [];
  let mass = 0;
  let last = -1;
  for (;;) {
    const fq = fi < fOrder.length ? part.q[fOrder[fi]!]! : -1;
    const lq = nextLower();
    const tq = nextTail();
    let w: number;
    let q: number;
    if (fq >= lq && fq >= tq && fq >= 0) {
      w = part.words[fOrder[fi++]!]!;
      q = fq;
    } else if (lq >= tq && lq >= 0) {
      w = lower.byProb[li++]!;
      q = lq;
    } else if (tq >= 0) {
      w = cache.order[ti++]!;
      q = tq;
    } else break;
    last = w;
    mass += q;
    if (topP >= 1) {
      if (mass > target) return w;
    } else {
      chosen.push(w);
      weights.push(q);
      if (mass >= target) break;
    }
  }
  if (topP >= 1) return last;
  if (part.words.length > 32) onNucleus?.(chosen, weights);
  let u = random() * mass;
  for (let i = 0; i < chosen.length; i++) {
    u -= weights[i]!;
    if (u < 0) return chosen[i]!;
  }
  return chosen.at(-1) ?? last;
}
