import type { TupleSizeCount } from '../db/types.js';

/** Thompson et al. 2024's tuple-size bins (the number of languages a sentence is translated into). */
export const TUPLE_BINS: readonly { label: string; min: number; max: number }[] = [
  { label: '2', min: 2, max: 2 },
  { label: '3', min: 3, max: 3 },
  { label: '4', min: 4, max: 4 },
  { label: '5-6', min: 5, max: 6 },
  { label: '7-9', min: 7, max: 9 },
  { label: '10-19', min: 10, max: 19 },
  { label: '20+', min: 20, max: Infinity },
];

export interface BinRow {
  bin: string;
  sentences: number;
  /** Mean sentence length in characters; null when the bin is empty. */
  meanLength: number | null;
}

/** MT saturation of one language. Shares are of all its sentences. */
export interface SaturationRow {
  lang: string;
  sentences: number;
  share2plus: number;
  share3plus: number;
  share8plus: number;
  /** Mean number of languages of the tuples its sentences are in (sentences in tuples only); null if none. */
  meanTupleSize: number | null;
  /** Sentences in no tuple, with their mean length: the baseline the bins compare with. */
  single: BinRow;
  bins: BinRow[];
}

function bin(label: string, sentences: number, chars: number): BinRow {
  return { bin: label, sentences, meanLength: sentences ? chars / sentences : null };
}

/** Per-language saturation rows from the Store's counts, most sentences first (ties by code). */
export function saturationTable(counts: readonly TupleSizeCount[]): SaturationRow[] {
  const byLang = new Map<string, TupleSizeCount[]>();
  for (const c of counts) byLang.set(c.lang, [...(byLang.get(c.lang) ?? []), c]);
  const rows: SaturationRow[] = [];
  for (const [lang, list] of byLang) {
    const total = list.reduce((s, c) => s + c.sentences, 0);
    const atLeast = (k: number): number =>
      list.filter((c) => c.size >= k).reduce((s, c) => s + c.sentences, 0);
    const inTuples = list.filter((c) => c.size >= 2);
    const tupled = inTuples.reduce((s, c) => s + c.sentences, 0);
    const sizeSum = inTuples.reduce((s, c) => s + c.size * c.sentences, 0);
    const singles = list.filter((c) => c.size < 2);
    rows.push({
      lang,
      sentences: total,
      share2plus: total ? atLeast(2) / total : 0,
      share3plus: total ? atLeast(3) / total : 0,
      share8plus: total ? atLeast(8) / total : 0,
      meanTupleSize: tupled ? sizeSum / tupled : null,
      single: bin(
        '1',
        singles.reduce((s, c) => s + c.sentences, 0),
        singles.reduce((s, c) => s + c.chars, 0),
      ),
      bins: TUPLE_BINS.map((b) => {
        const inBin = list.filter((c) => c.size >= b.min && c.size <= b.max);
        return bin(
          b.label,
          inBin.reduce((s, c) => s + c.sentences, 0),
          inBin.reduce((s, c) => s + c.chars, 0),
        );
      }),
    });
  }
  return rows.sort((a, b) => b.sentences - a.sentences || (a.lang < b.lang ? -1 : 1));
}
