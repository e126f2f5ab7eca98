import { buildLevel, firstAbove, runs, search, type Level } from './ngram-levels.js';
import { BOS, EOS, UNK, Vocab } from './vocab.js';

export { firstAbove, search } from './ngram-levels.js';

/**
 * A word n-gram language model with interpolated Kneser-Ney smoothing (Chen & Goodman 1998, one
 * absolute discount per order, D = n1 / (n1 + 2 n2) from that order's count-of-counts):
 *
 *   P_k(w | h) = max(c_k(h w) - D_k, 0) / c_k(h) + D_k N1+(h •) / c_k(h) · P_{k-1}(w | h')
 *
 * where the highest order counts n-grams and the lower orders count distinct left contexts
 * (continuation counts), except for n-grams starting at a sentence start, which keep their raw
 * counts (as KenLM does). The lowest order interpolates with the uniform distribution, so every
 * vocabulary word has non-zero probability. Sentences are padded with order-1 `<s>` and end in
 * `</s>`, which is predicted like a word; words seen fewer than `minCount` times become `<unk>`.
 *
 * An n-gram is one number (its ids in base |V|), so counting is sorting typed arrays and the
 * counts sit per order in flat arrays grouped by context (a CSR layout). That needs |V|^order
 * below 2^53: a trigram model takes vocabularies up to about 200,000 words.
 */

export interface NgramOptions {
  /** Model order (3 = trigram). Default 3. */
  order?: number;
  /** Words seen fewer times than this become `<unk>`. Default 2. */
  minCount?: number;
  /** A fixed discount for every order instead of the count-of-counts estimate (0 < D < 1). */
  discount?: number;
  /**
   * Words that get an id even when the sentences hold them fewer than `minCount` times (or not at
   * all: they then have only the uniform share of probability). Models trained on different data
   * with one vocabulary have comparable perplexities.
   */
  vocabulary?: Iterable<string>;
}

export interface Perplexity {
  perplexity: number;
  /** Predicted tokens, sentence ends included. */
  tokens: number;
  /** Tokens outside the vocabulary, scored as `<unk>`. */
  unknown: number;
  /** Natural-log likelihood of all tokens. */
  logLikelihood: number;
}

/** P(w | h) for explicit words, as filled by `NgramModel.explicit`. */
export interface Explicit {
  /** Words with counts after the history at some order above unigrams. */
  words: number[];
  /** Their probability beyond `tail · p0[w]`, indexed by word id (valid for `words` only). */
  extra: Float64Array;
  /** P(w | h) = tail · p0[w] + extra[w] (extra 0 for words not listed). */
  tail: number;
}

export class NgramModel {
  /** Unigram-level probability of every word id (interpolated with uniform; 0 for `<s>`). */
  readonly p0: Float64Array;

  private constructor(
    readonly order: number,
    readonly vocab: Vocab,
    private readonly levels: Level[],
  ) {
    this.p0 = new Float64Array(vocab.size);
    const level = levels[0]!;
    const uniform = 1 / (vocab.size - 1);
    const total = level.total[0] ?? 0;
    const backoff = total > 0 ? (level.discount * (level.start[1]! - level.start[0]!)) / total : 1;
    for (let w = 0; w < vocab.size; w++) this.p0[w] = w === BOS ? 0 : backoff * uniform;
    for (let i = level.start[0]!; i < (level.start[1] ?? 0); i++) {
      this.p0[level.words[i]!]! += Math.max(level.counts[i]! - level.discount, 0) / total;
    }
  }

  static train(sentences: Iterable<readonly string[]>, options: NgramOptions = {}): NgramModel {
    const order = options.order ?? 3;
    const minCount = options.minCount ?? 2;
    if (!Number.isInteger(order) || order < 1) throw new Error(`order must be >= 1, got ${order}`);
    const list = Array.isArray(sentences) ? (sentences as readonly string[][]) : [...sentences];
    const wordCounts = new Map<string, number>();
    let positions = 0;
    for (const s of list) {
      positions += s.length + 1;
      for (const w of s) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
    }
    for (const w of options.vocabulary ?? []) {
      if ((wordCounts.get(w) ?? 0) < minCount) wordCounts.set(w, minCount);
    }
    const vocab = Vocab.fromCounts(wordCounts, minCount);
    const V = vocab.size;
    if (V ** order > Number.MAX_SAFE_INTEGER) {
      throw new Error(
        `a ${V}-word vocabulary is too large for order ${order}; raise minCount or lower the order`,
      );
    }

    // keys[n-1][i]: the n-gram ending at predicted position i, as a number in base V.
    const keys = Array.from({ length: order }, () => new Float64Array(positions));
    const ids: number[] = [];
    let p = 0;
    for (const s of list) {
      ids.length = 0;
      for (let i = 1; i < order; i++) ids.push(BOS);
      for (const w of s) ids.push(vocab.id(w));
      ids.push(EOS);
      for (let i = order - 1; i < ids.length; i++, p++) {
        let key = 0;
        let scale = 1;
        for (let n = 1; n <= order; n++) {
          key += ids[i - n + 1]! * scale;
          scale *= V;
          keys[n - 1]![p] = key;
        }
      }
    }

    const levels: Level[] = [];
    let above: Float64Array | undefined; // distinct n-grams one order up
    for (let n = order; n >= 1; n--) {
      const raw = runs(keys[n - 1]!.sort());
      let counts = raw.counts;
      if (above) {
        // Continuation counts: how many distinct words precede each n-gram.
        const cont = runs(above.map((k) => k % V ** n).sort());
        counts = new Float64Array(raw.keys.length);
        const bosFrom = BOS * V ** (n - 1);
        const bosTo = bosFrom + V ** (n - 1);
        let j = 0;
        for (let i = 0; i < raw.keys.length; i++) {
          const k = raw.keys[i]!;
          while (j < cont.keys.length && cont.keys[j]! < k) j++;
          counts[i] =
            k >= bosFrom && k < bosTo
              ? raw.counts[i]!
              : cont.keys[j] === k
                ? cont.counts[j]!
                : raw.counts[i]!;
        }
      }
      levels.unshift(buildLevel(raw.keys, counts, V, options.discount));
      above = raw.keys;
    }
    return new NgramModel(order, vocab, levels);
  }

  /** Ids of a history's last order-1 tokens, padded with `<s>` on the left. */
  historyIds(history: readonly string[]): number[] {
    const out: number[] = [];
    for (let i = history.length - (this.order - 1); i < history.length; i++) {
      out.push(i < 0 ? BOS : this.vocab.id(history[i]!));
    }
    return out;
  }

  /** P(word | history): history is the tokens before it in the sentence (no padding needed). */
  prob(word: string, history: readonly string[] = []): number {
    return this.probId(this.vocab.id(word), this.historyIds(history));
  }

  /** P(w | h) for ids; `h` holds at least order-1 ids, `<s>`-padded. */
  probId(w: number, h: readonly number[]): number {
    let p = this.p0[w]!;
    let ctx = 0;
    let scale = 1;
    const V = this.vocab.size;
    for (let k = 1; k < this.order; k++) {
      ctx += h[h.length - k]! * scale;
      scale *= V;
      const level = this.levels[k]!;
      const c = level.contexts.get(ctx);
      if (c === undefined) continue;
      const total = level.total[c]!;
      const start = level.start[c]!;
      const end = level.start[c + 1]!;
      const i = search(level.words, start, end, w);
      const count = i >= 0 ? level.counts[i]! : 0;
      p = Math.max(count - level.discount, 0) / total + ((level.discount * (end - start)) / total) * p;
    }
    return p;
  }

  /**
   * The whole distribution after history `h` in sparse form: the words with counts after it (at
   * any order above unigrams) with their extra probability, and the factor every word's unigram
   * probability is multiplied by. `into` is reused between calls to avoid allocation.
   */
  explicit(h: readonly number[], into?: Explicit, topLevel = this.order - 1): Explicit {
    const out = into ?? { words: [], extra: new Float64Array(this.vocab.size), tail: 1 };
    const { words, extra } = out;
    for (const w of words) extra[w] = 0;
    words.length = 0;
    let tail = 1;
    let ctx = 0;
    let scale = 1;
    const V = this.vocab.size;
    for (let k = 1; k <= topLevel; k++) {
      ctx += h[h.length - k]! * scale;
      scale *= V;
      const level = this.levels[k]!;
      const c = level.contexts.get(ctx);
      if (c === undefined) continue;
      const total = level.total[c]!;
      const start = level.start[c]!;
      const end = level.start[c + 1]!;
      const gamma = (level.discount * (end - start)) / total;
      tail *= gamma;
      for (const w of words) extra[w]! *= gamma;
      for (let i = start; i < end; i++) {
        const w = level.words[i]!;
        const a = Math.max(level.counts[i]! - level.discount, 0) / total;
        if (a <= 0) continue;
        if (extra[w] === 0) words.push(w);
        extra[w]! += a;
      }
    }
    out.tail = tail;
    return out;
  }

  /**
   * The followers of history `h` at level k (context of its last k ids), or undefined when that
   * context never occurred: P_k(w) = a(w) + gamma · P_{k-1}(w) with a(w) = max(count - D, 0) / total.
   */
  /** The context number of h's last k ids at level k, if that context occurred. */
  private contextAt(k: number, h: readonly number[]): number | undefined {
    const V = this.vocab.size;
    let ctx = 0;
    let scale = 1;
    for (let j = 1; j <= k; j++) {
      ctx += h[h.length - j]! * scale;
      scale *= V;
    }
    return this.levels[k]!.contexts.get(ctx);
  }

  followers(
    k: number,
    h: readonly number[],
  ):
    | { words: Int32Array; counts: Float64Array; start: number; end: number; total: number; discount: number }
    | undefined {
    if (k < 1 || k >= this.order) return undefined;
    const level = this.levels[k]!;
    const c = this.contextAt(k, h);
    if (c === undefined) return undefined;
    return {
      words: level.words,
      counts: level.counts,
      start: level.start[c]!,
      end: level.start[c + 1]!,
      total: level.total[c]!,
      discount: level.discount,
    };
  }

  /**
   * Draws a word from P(· | h) by walking down the orders: at each order with a known context,
   * its discounted counts hold 1 - γ of the mass (pick among them by binary search), and γ goes
   * to the order below; the unigram level draws from `unigramCumulative`. Exact, O(order · log).
   */
  drawId(h: readonly number[], random: () => number, unigramCumulative: Float64Array): number {
    for (let k = this.order - 1; k >= 1; k--) {
      const level = this.levels[k]!;
      const c = this.contextAt(k, h);
      if (c === undefined) continue;
      const start = level.start[c]!;
      const end = level.start[c + 1]!;
      const base = start > 0 ? level.cumulative[start - 1]! : 0;
      const u = random() * level.total[c]!;
      const span = level.cumulative[end - 1]! - base;
      if (u >= span) continue; // the backoff share
      return level.words[firstAbove(level.cumulative, start, base + u, end - 1)]!;
    }
    const top = unigramCumulative[unigramCumulative.length - 1]!;
    return firstAbove(unigramCumulative, 0, random() * top);
  }

  /** Perplexity over sentences of tokens, `</s>` included as a predicted token. */
  perplexity(sentences: Iterable<readonly string[]>): Perplexity {
    let logLikelihood = 0;
    let tokens = 0;
    let unknown = 0;
    const h: number[] = [];
    for (const s of sentences) {
      h.length = 0;
      for (let i = 1; i < this.order; i++) h.push(BOS);
      for (let i = 0; i <= s.length; i++) {
        const w = i < s.length ? this.vocab.id(s[i]!) : EOS;
        if (w === UNK) unknown++;
        logLikelihood += Math.log(this.probId(w, h));
        tokens++;
        if (this.order > 1) {
          h.push(w);
          h.shift();
        }
      }
    }
    const perplexity = Math.exp(-logLikelihood / Math.max(tokens, 1));
    return { perplexity, tokens, unknown, logLikelihood };
  }
}
