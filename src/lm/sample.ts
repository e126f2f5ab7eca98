import { firstAbove, type Explicit, type NgramModel } from './ngram.js';
import { temperedNext, type TemperedCache } from './tempered.js';
import { BOS, EOS, UNK } from './vocab.js';

/**
 * Sampling from an n-gram model with temperature and nucleus (top-p) truncation, exactly over the
 * whole vocabulary without scoring every word: P(w | h) = tail · p0[w] + extra[w], where extra is
 * non-zero only for words with counts after h. At temperature 1 without truncation, a draw picks
 * from the sparse part or from the unigram part (a binary search over cumulative unigram mass).
 * Otherwise the tempered mass of the words without counts comes from one precomputed sum, and they
 * are visited in unigram order only as far as the nucleus reaches.
 */

export interface SampleOptions {
  /** Uniform [0, 1) source; pass a seeded one for reproducible samples. */
  random: () => number;
  /** 1 samples the model's distribution; lower sharpens it; 0 decodes greedily. Default 1. */
  temperature?: number;
  /** Keep the smallest set of most likely words whose mass reaches this share. Default 1. */
  topP?: number;
  /** Whether `<unk>` may be produced. Default false. */
  allowUnknown?: boolean;
}

interface Cache extends TemperedCache {
  /** Word ids other than `<s>` and `<unk>`, most probable unigram first. */
  order: Int32Array;
  /** Cumulative p0 over word ids, `<s>` and `<unk>` given no mass. */
  cumulative: Float64Array;
  /** Cumulative p0 over word ids, only `<s>` given no mass (for the level-walking draw). */
  unigram: Float64Array;
  /** Nuclei of busy histories, by temperature, top-p and history. */
  nuclei: Map<string, Nucleus>;
  /** p0^(1/T) per word and its sum over `order`, per 1/T. */
  tempered: Map<number, { powers: Float64Array; sum: number }>;
  scratch: Explicit;
  /** Per-word stamp marking the explicit words of the current draw. */
  stamp: Int32Array;
  round: number;
}

const caches = new WeakMap<NgramModel, Cache>();

function cacheOf(model: NgramModel): Cache {
  let cache = caches.get(model);
  if (!cache) {
    const V = model.p0.length;
    const ids: number[] = [];
    for (let w = 0; w < V; w++) if (w !== BOS && w !== UNK) ids.push(w);
    ids.sort((a, b) => model.p0[b]! - model.p0[a]! || a - b);
    const cumulative = new Float64Array(V);
    let sum = 0;
    for (let w = 0; w < V; w++) {
      if (w !== BOS && w !== UNK) sum += model.p0[w]!;
      cumulative[w] = sum;
    }
    const unigram = new Float64Array(V);
    let all = 0;
    for (let w = 0; w < V; w++) {
      all += model.p0[w]!;
      unigram[w] = all;
    }
    cache = {
      order: Int32Array.from(ids),
      cumulative,
      unigram,
      tempered: new Map(),
      lowers: new Map(),
      tops: new Map(),
      nuclei: new Map(),
      scratch: { words: [], extra: new Float64Array(V), tail: 1 },
      stamp: new Int32Array(V),
      round: 0,
    };
    caches.set(model, cache);
  }
  return cache;
}

const MAX_CACHED_NUCLEI = 20_000;

interface Nucleus {
  words: Int32Array;
  cumulative: Float64Array;
}

function unkAllowedKey(options: SampleOptions): string {
  return options.allowUnknown ? 'u' : '';
}

function drawNucleus(nucleus: Nucleus, r: number): number {
  const { words, cumulative } = nucleus;
  if (words.length === 0) return EOS;
  return words[firstAbove(cumulative, 0, r * cumulative[cumulative.length - 1]!)]!;
}

/** The next token id after history `h` (order-1 ids, `<s>`-padded). */
export function nextTokenId(model: NgramModel, h: readonly number[], options: SampleOptions): number {
  const temperature = options.temperature ?? 1;
  const topP = options.topP ?? 1;
  const cache = cacheOf(model);
  if (temperature === 1 && topP >= 1) {
    // Ancestral sampling; a drawn <unk> is redrawn, which samples the distribution without it.
    for (let attempt = 0; attempt < 64; attempt++) {
      const w = model.drawId(h, options.random, cache.unigram);
      if (w !== UNK || options.allowUnknown) return w;
    }
  }
  // Nuclei of busy histories are cached: they are the costly ones and they recur.
  const nucleusKey =
    topP < 1 && temperature > 0 ? `${temperature}|${topP}|${unkAllowedKey(options)}|${h.join(',')}` : '';
  const hit = nucleusKey ? cache.nuclei.get(nucleusKey) : undefined;
  if (hit) return drawNucleus(hit, options.random());
  if (temperature > 0 && !options.allowUnknown) {
    return temperedNext(model, cache, h, 1 / temperature, topP, options.random, (words, weights) => {
      let running = 0;
      if (cache.nuclei.size >= MAX_CACHED_NUCLEI) cache.nuclei.clear();
      cache.nuclei.set(nucleusKey, {
        words: Int32Array.from(words),
        cumulative: Float64Array.from(weights, (v) => (running += v)),
      });
    });
  }
  const { words, extra, tail } = model.explicit(h, cache.scratch);
  const p0 = model.p0;
  const unkAllowed = options.allowUnknown === true;
  const unkP = unkAllowed ? tail * p0[UNK]! + extra[UNK]! : 0;

  if (temperature === 1 && topP >= 1) {
    // Many <unk> redraws in a row: draw from the explicit form instead.
    let explicitMass = 0;
    for (const w of words) if (w !== UNK) explicitMass += extra[w]!;
    const unigramMass = tail * cache.cumulative[cache.cumulative.length - 1]!;
    let u = options.random() * (explicitMass + unigramMass + unkP);
    for (const w of words) {
      if (w === UNK) continue;
      u -= extra[w]!;
      if (u < 0) return w;
    }
    if (u >= unigramMass) return UNK; // only reachable when <unk> is allowed
    return firstAbove(cache.cumulative, 0, u / tail);
  }

  const round = ++cache.round;
  const stamp = cache.stamp;
  for (const w of words) stamp[w] = round;
  const prob = (w: number): number => tail * p0[w]! + (stamp[w] === round ? extra[w]! : 0);
  const explicitWords = words.filter((w) => w !== UNK);
  if (unkAllowed) explicitWords.push(UNK);
  let tailIndex = 0;
  const nextTail = (): number => {
    while (tailIndex < cache.order.length) {
      const w = cache.order[tailIndex++]!;
      if (stamp[w] !== round) return w;
    }
    return -1;
  };

  if (temperature <= 0) {
    let best = nextTail();
    let bestP = best >= 0 ? prob(best) : -1;
    for (const w of explicitWords) {
      const p = prob(w);
      if (p > bestP || (p === bestP && w < best)) {
        best = w;
        bestP = p;
      }
    }
    return best >= 0 ? best : EOS;
  }

  const inv = 1 / temperature;
  const pow = inv === 1 ? (x: number) => x : (x: number) => x ** inv;
  let tempered = cache.tempered.get(inv);
  if (!tempered) {
    const powers = Float64Array.from(p0, (p) => pow(p));
    let sum = 0;
    for (const w of cache.order) sum += powers[w]!;
    tempered = { powers, sum };
    cache.tempered.set(inv, tempered);
  }
  const powers = tempered.powers;
  let tailMass = tempered.sum;
  for (const w of explicitWords) if (w !== UNK) tailMass -= powers[w]!;
  const tailScale = pow(tail);
  tailMass = Math.max(tailMass, 0) * tailScale;
  const q = Float64Array.from(explicitWords, (w) => pow(prob(w)));
  let total = tailMass;
  for (const v of q) total += v;

  // The nucleus threshold: walk explicit words (sorted) and the tail (unigram order) by weight.
  let threshold = 0;
  if (topP < 1) {
    const sorted = q.slice().sort().reverse();
    let mass = 0;
    let i = 0;
    let t = nextTail();
    while (mass < topP * total && (i < sorted.length || t >= 0)) {
      const tq = t >= 0 ? tailScale * powers[t]! : -1;
      if (i < sorted.length && sorted[i]! >= tq) {
        threshold = sorted[i++]!;
      } else {
        threshold = tq;
        t = nextTail();
      }
      mass += threshold;
    }
    tailIndex = 0;
    const nucleus: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < q.length; i++) {
      if (q[i]! < threshold) continue;
      nucleus.push(explicitWords[i]!);
      weights.push(q[i]!);
    }
    for (let w = nextTail(); w >= 0; w = nextTail()) {
      const v = tailScale * powers[w]!;
      if (v < threshold) break;
      nucleus.push(w);
      weights.push(v);
    }
    let running = 0;
    const entry = {
      words: Int32Array.from(nucleus),
      cumulative: Float64Array.from(weights, (v) => (running += v)),
    };
    if (explicitWords.length > 32) {
      if (cache.nuclei.size >= MAX_CACHED_NUCLEI) cache.nuclei.clear();
      cache.nuclei.set(nucleusKey, entry);
    }
    return drawNucleus(entry, options.random());
  }

  let u = options.random() * total;
  let last = EOS;
  for (let i = 0; i < q.length; i++) {
    if (q[i]! < threshold) continue;
    last = explicitWords[i]!;
    u -= q[i]!;
    if (u < 0) return last;
  }
  for (let w = nextTail(); w >= 0; w = nextTail()) {
    const v = pow(tail * p0[w]!);
    if (v < threshold) break;
    last = w;
    u -= v;
    if (u < 0) return w;
  }
  return last;
}

export interface GenerateOptions extends SampleOptions {
  /** Tokens to continue from; sentence ends (`</s>`) in it restart the history. */
  prompt?: readonly string[];
  /** Stop after this many generated tokens. */
  maxTokens: number;
  /** Stop at the first `</s>` (default); otherwise start a new sentence and go on. */
  stopAtEnd?: boolean;
}

/**
 * Generated tokens (the prompt not included). Without `stopAtEnd`, sentence ends are emitted as
 * `</s>` tokens so callers can split the output into sentences.
 */
export function generate(model: NgramModel, options: GenerateOptions): string[] {
  const stopAtEnd = options.stopAtEnd ?? true;
  const start = (): number[] => Array.from({ length: Math.max(model.order - 1, 1) }, () => BOS);
  let h = start();
  const push = (w: number): void => {
    if (w === EOS) h = start();
    else if (model.order > 1) {
      h.push(w);
      h.shift();
    }
  };
  for (const token of options.prompt ?? []) push(model.vocab.id(token));
  const out: string[] = [];
  while (out.length < options.maxTokens) {
    const w = nextTokenId(model, h, options);
    if (w === EOS && stopAtEnd) break;
    out.push(model.vocab.word(w));
    push(w);
  }
  return out;
}
