import type { DocScore } from '../../db/types.js';
import { CLASSIFIER_DETECTOR } from '../models/classifier.js';
import { ZERO_SHOT_DETECTOR } from '../models/zero-shot.js';
import { MWP_DETECTOR } from '../mwp/translation-tuples.js';
import { FEATURES } from './features.js';

/**
 * The detectors a page may lack: the models a user may leave out (`score --detectors`), and the
 * translation tuples, which need a corpus (the scoring service sees one page at a time; `ingest
 * --no-detect` skips them). The verdict is fitted once for every subset of them, each fit with its
 * own thresholds, so a page scored by fewer detectors is judged by a combination that never relied
 * on the missing ones, not by one that reads their calibration mean as if it were evidence. The
 * other features (text statistics, plugin traces) need no model and are there whenever the
 * verdict runs.
 */
export const OPTIONAL_DETECTORS: readonly string[] = [CLASSIFIER_DETECTOR, ZERO_SHOT_DETECTOR, MWP_DETECTOR];

/** The names users know them by (`score --detectors` for the models). */
const CLI_NAMES: Record<string, string> = {
  [CLASSIFIER_DETECTOR]: 'classifier',
  [ZERO_SHOT_DETECTOR]: 'zero-shot',
  [MWP_DETECTOR]: 'translation-tuples',
};

/** How a subset reads in messages: `classifier+zero-shot+translation-tuples`, `classifier`, or `no optional detector`. */
export function subsetName(detectors: readonly string[]): string {
  const names = OPTIONAL_DETECTORS.filter((d) => detectors.includes(d)).map((d) => CLI_NAMES[d] ?? d);
  return names.length === 0 ? 'no optional detector' : names.join('+');
}

/** Every subset of OPTIONAL_DETECTORS, largest first (all of them first). */
export function allSubsets(): string[][] {
  const n = OPTIONAL_DETECTORS.length;
  const out: string[][] = [];
  for (let mask = (1 << n) - 1; mask >= 0; mask--) {
    out.push(OPTIONAL_DETECTORS.filter((_, i) => (mask & (1 << i)) !== 0));
  }
  return out.sort((a, b) => b.length - a.length);
}

/** Indices into FEATURES that a fit over `detectors` reads. */
export function featureIndices(detectors: readonly string[]): number[] {
  return FEATURES.flatMap((f, i) =>
    OPTIONAL_DETECTORS.includes(f.detector) && !detectors.includes(f.detector) ? [] : [i],
  );
}

/** The entries of `x` at `indices`. */
export function selectFeatures(x: Float64Array, indices: readonly number[]): Float64Array {
  return Float64Array.from(indices, (i) => x[i]!);
}

/** The optional detectors that stored at least one score for a page. */
export function detectorsPresent(scores: readonly DocScore[]): string[] {
  return OPTIONAL_DETECTORS.filter((d) => scores.some((s) => s.detector === d));
}

/** Whether every detector of `subset` is in `present`. */
export function isSubsetOf(subset: readonly string[], present: readonly string[]): boolean {
  return subset.every((d) => present.includes(d));
}
