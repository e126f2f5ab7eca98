import type { TokenDoc } from './corpus.js';

/** Frequency bands of the real training data's word types and bigrams. */
export const BANDS = ['once', '2-10', 'more'] as const;
export type Band = (typeof BANDS)[number];

const bandOf = (count: number): Band => (count === 1 ? 'once' : count <= 10 ? '2-10' : 'more');

export interface Reference {
  /** Word type → band, and bigram → band, in the real training data. */
  words: Map<string, Band>;
  bigrams: Map<string, Band>;
  wordsPerBand: Record<Band, number>;
  bigramsPerBand: Record<Band, number>;
}

function* sentencesOf(docs: readonly TokenDoc[]): Generator<readonly string[]> {
  for (const d of docs) yield* d;
}

export function reference(train: readonly TokenDoc[]): Reference {
  const words = new Map<string, number>();
  const bigrams = new Map<string, number>();
  for (const s of sentencesOf(train)) {
    s.forEach((w, i) => {
      words.set(w, (words.get(w) ?? 0) + 1);
      if (i > 0) {
        const b = `${s[i - 1]!} ${w}`;
        bigrams.set(b, (bigrams.get(b) ?? 0) + 1);
      }
    });
  }
  const banded = (m: Map<string, number>): [Map<string, Band>, Record<Band, number>] => {
    const out = new Map<string, Band>();
    const per: Record<Band, number> = { once: 0, '2-10': 0, more: 0 };
    for (const [k, c] of m) {
      const b = bandOf(c);
      out.set(k, b);
      per[b]++;
    }
    return [out, per];
  };
  const [w, wp] = banded(words);
  const [b, bp] = banded(bigrams);
  return { words: w, bigrams: b, wordsPerBand: wp, bigramsPerBand: bp };
}

export interface SampleMetrics {
  /** Share of the real training data's word types (and bigrams), per band, that the samples produce. */
  tailWords: Record<Band, number>;
  tailBigrams: Record<Band, number>;
  distinct: { 1: number; 2: number; 3: number };
  /** Unigram entropy of the samples, in bits. */
  entropy: number;
  /** Frequency of the word at ranks 1, 2, 4, 8, ... (the rank-frequency curve). */
  rankFrequency: { rank: number; count: number }[];
  tokens: number;
}

/** Metrics of generated text (sentences; samples of equal size are compared across generations). */
export function sampleMetrics(samples: readonly (readonly string[])[], ref: Reference): SampleMetrics {
  const counts = new Map<string, number>();
  const grams: Set<string>[] = [new Set(), new Set(), new Set()];
  const gramTotals = [0, 0, 0];
  const bigramsSeen = new Set<string>();
  let tokens = 0;
  for (const s of samples) {
    s.forEach((w, i) => {
      tokens++;
      counts.set(w, (counts.get(w) ?? 0) + 1);
      for (let n = 1; n <= 3; n++) {
        if (i + 1 < n) continue;
        grams[n - 1]!.add(s.slice(i + 1 - n, i + 1).join(' '));
        gramTotals[n - 1]!++;
      }
      if (i > 0) bigramsSeen.add(`${s[i - 1]!} ${w}`);
    });
  }
  const survival = (
    seen: Iterable<string>,
    bands: Map<string, Band>,
    per: Record<Band, number>,
  ): Record<Band, number> => {
    const hit: Record<Band, number> = { once: 0, '2-10': 0, more: 0 };
    for (const k of seen) {
      const b = bands.get(k);
      if (b) hit[b]++;
    }
    return {
      once: hit.once / (per.once || 1),
      '2-10': hit['2-10'] / (per['2-10'] || 1),
      more: hit.more / (per.more || 1),
    };
  };
  let entropy = 0;
  for (const c of counts.values()) {
    const p = c / tokens;
    entropy -= p * Math.log2(p);
  }
  const sorted = [...counts.values()].sort((a, b) => b - a);
  const rankFrequency: { rank: number; count: number }[] = [];
  for (let r = 1; r <= sorted.length; r *= 2) rankFrequency.push({ rank: r, count: sorted[r - 1]! });
  return {
    tailWords: survival(counts.keys(), ref.words, ref.wordsPerBand),
    tailBigrams: survival(bigramsSeen, ref.bigrams, ref.bigramsPerBand),
    distinct: {
      1: grams[0]!.size / (gramTotals[0] || 1),
      2: grams[1]!.size / (gramTotals[1] || 1),
      3: grams[2]!.size / (gramTotals[2] || 1),
    },
    entropy,
    rankFrequency,
    tokens,
  };
}

/** Log-spaced perplexity bins for Shumailov's histogram: edges 2^k. */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
  const out = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let i = edges.findIndex((e) => v < e);
    if (i < 0) i = edges.length;
    out[i]!++;
  }
  return out.map((c) => c / (values.length || 1));
}

export const PPL_EDGES = Array.from({ length: 12 }, (_, k) => 2 ** (k + 1));

/** Mean, standard deviation, min and max over seeds. */
export function spread(values: readonly number[]): { mean: number; sd: number; min: number; max: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}
