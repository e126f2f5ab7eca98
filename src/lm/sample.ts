import { firstAbove, type NgramModel } from './ngram.js';
import { temperedNext, type TemperedCache } from './tempered.js';
import { BOS, EOS, UNK } from './vocab.js';

/**
 * Sampling from an n-gram model with temperature and nucleus (top-p) truncation, exactly over the
 * whole vocabulary without scoring every word. At temperature 1 without truncation a draw walks
 * down the orders (`NgramModel.drawId`); otherwise `temperedNext` works from per-context caches
 * of the sparse distribution. `<unk>` and `<s>` are never produced.
 */

export interface SampleOptions {
  /** Uniform [0, 1) source; pass a seeded one for reproducible samples. */
  random: () => number;
  /** 1 samples the model's distribution; lower sharpens it; 0 decodes greedily. Default 1. */
  temperature?: number;
  /** Keep the smallest set of most likely words whose mass reaches this share. Default 1. */
  topP?: number;
}

interface Cache extends TemperedCache {
  /** Cumulative p0 over word ids, only `<s>` given no mass (for the level-walking draw). */
  unigram: Float64Array;
  /** Nuclei of busy histories, by temperature, top-p and history. */
  nuclei: Map<string, Nucleus>;
}

const caches = new WeakMap<NgramModel, Cache>();

function cacheOf(model: NgramModel): Cache {
  let cache = caches.get(model);
  if (!cache) {
    const V = model.p0.length;
    const ids: number[] = [];
    for (let w = 0; w < V; w++) if (w !== BOS && w !== UNK) ids.push(w);
    ids.sort((a, b) => model.p0[b]! - model.p0[a]! || a - b);
    let all = 0;
    cache = {
      order: Int32Array.from(ids),
      unigram: Float64Array.from(model.p0, (p) => (all += p)),
      tempered: new Map(),
      lowers: new Map(),
      tops: new Map(),
      nuclei: new Map(),
      scratch: { words: [], extra: new Float64Array(V), tail: 1 },
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

function drawNucleus(nucleus: Nucleus, r: number): number {
  const { words, cumulative } = nucleus;
  if (words.length === 0) return EOS;
  return words[firstAbove(cumulative, 0, r * cumulative[cumulative.length - 1]!)]!;
}

/** The most probable word after `h` (ties to the lower id), `<unk>` excluded. */
function greedy(model: NgramModel, cache: Cache, h: readonly number[]): number {
  const { words, extra, tail } = model.explicit(h, cache.scratch);
  const explicit = new Set(words);
  let best = -1;
  let bestP = -1;
  const consider = (w: number): void => {
    const p = tail * model.p0[w]! + (explicit.has(w) ? extra[w]! : 0);
    if (p > bestP || (p === bestP && w < best)) {
      best = w;
      bestP = p;
    }
  };
  for (const w of words) if (w !== UNK) consider(w);
  // Of the others, the unigram order's first is the best.
  const first = cache.order.find((w) => !explicit.has(w));
  if (first !== undefined) consider(first);
  return best >= 0 ? best : EOS;
}

/** The next token id after history `h` (order-1 ids, `<s>`-padded). */
export function nextTokenId(model: NgramModel, h: readonly number[], options: SampleOptions): number {
  const temperature = options.temperature ?? 1;
  const topP = options.topP ?? 1;
  const cache = cacheOf(model);
  if (temperature <= 0) return greedy(model, cache, h);
  if (temperature === 1 && topP >= 1) {
    // Ancestral sampling; a drawn <unk> is redrawn, which samples the distribution without it.
    for (let attempt = 0; attempt < 64; attempt++) {
      const w = model.drawId(h, options.random, cache.unigram);
      if (w !== UNK) return w;
    }
    // <unk> kept coming (a history where it dominates): the exact form below excludes it.
  }
  // Nuclei of busy histories are cached: they are the costly ones and they recur.
  const nucleusKey = topP < 1 ? `${temperature}|${topP}|${h.join(',')}` : '';
  const hit = nucleusKey ? cache.nuclei.get(nucleusKey) : undefined;
  if (hit) return drawNucleus(hit, options.random());
  return temperedNext(model, cache, h, 1 / temperature, topP, options.random, (words, weights) => {
    let running = 0;
    if (cache.nuclei.size >= MAX_CACHED_NUCLEI) cache.nuclei.clear();
    cache.nuclei.set(nucleusKey, {
      words: Int32Array.from(words),
      cumulative: Float64Array.from(weights, (v) => (running += v)),
    });
  });
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
