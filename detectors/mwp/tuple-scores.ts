import type { DocScore, Evidence } from '../../db/types.js';
import type { DocFeatures } from './features.js';

/** The detector name its scores and evidence are stored under. */
export const MWP_DETECTOR = 'mwp';

/** Thompson et al.'s thresholds: tuples of 2+, 3+ and 8+ languages. */
export const SHARE_SIZES = [2, 3, 8] as const;

/** A page's sentences: tuple id (0 when in none) and tuple size (1 when in none). */
export interface Membership {
  ids: Int32Array;
  sizes: Uint16Array;
}

export function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Per-page scores, and evidence for pages with sentences in tuples of 3 or more languages. */
export function pageScores(
  features: readonly DocFeatures[],
  memberships: readonly Membership[],
  counterparts: Uint32Array,
): { scores: Iterable<DocScore>; evidence: Evidence[] } {
  const summaries = features.map((f, k) => {
    const atLeast = SHARE_SIZES.map(() => 0);
    let sizeSum = 0;
    let largest = 1;
    for (const size of memberships[k]!.sizes) {
      sizeSum += size;
      largest = Math.max(largest, size);
      SHARE_SIZES.forEach((s, k) => {
        if (size >= s) atLeast[k]!++;
      });
    }
    return { atLeast, mean: sizeSum / f.keys.length, largest };
  });
  const evidence: Evidence[] = [];
  features.forEach((f, k) => {
    const { atLeast, largest } = summaries[k]!;
    if (atLeast[1]! === 0) return;
    evidence.push({
      docId: f.id,
      detector: MWP_DETECTOR,
      code: largest >= 8 ? 'mwp_tuple_8plus' : 'mwp_tuple_3plus',
      detail: JSON.stringify({
        sentences: f.keys.length,
        in3plus: atLeast[1],
        in8plus: atLeast[2],
        largestTuple: largest,
        counterparts: counterparts[f.index],
      }),
    });
  });
  function* scores(): Iterable<DocScore> {
    for (let k = 0; k < features.length; k++) {
      const f = features[k]!;
      const { atLeast, mean } = summaries[k]!;
      const n = f.keys.length;
      const score = (name: string, value: number): DocScore => ({
        docId: f.id,
        detector: MWP_DETECTOR,
        name,
        value: round(value),
      });
      yield score('share_2plus', atLeast[0]! / n);
      yield score('share_3plus', atLeast[1]! / n);
      yield score('share_8plus', atLeast[2]! / n);
      yield score('mean_tuple_size', mean);
      yield score('counterparts', counterparts[f.index]!);
    }
  }
  return { scores: scores(), evidence };
}

/** The unit mean of a page's unit sentence vectors. */
export function pageVector(vectors: Float32Array, n: number): Float32Array {
  const dim = vectors.length / n;
  const out = new Float32Array(dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) out[k]! += vectors[i * dim + k]!;
  let norm = 0;
  for (let k = 0; k < dim; k++) norm += out[k]! * out[k]!;
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < dim; k++) out[k]! /= norm;
  return out;
}
