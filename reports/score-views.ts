import type { DocScore, Verdict } from '../db/types.js';
import { CLASSIFIER_DETECTOR } from '../detectors/models/classifier.js';
import { ZERO_SHOT_DETECTOR } from '../detectors/models/zero-shot.js';
import { MWP_DETECTOR } from '../detectors/mwp/translation-tuples.js';
import { auroc, tprAtFpr } from '../detectors/verdict/roc.js';
import type { MachineClass } from '../detectors/verdict/verdict-model.js';

/** One number per page that the report plots and, with ground truth, evaluates. */
export interface ScoreView {
  id: string;
  title: string;
  /** The machine class a high (or, for `lowerIsMachine`, low) value points to. */
  task: MachineClass;
  lowerIsMachine?: boolean;
  /** Fixed bin edges, or undefined to span the values seen. */
  edges?: number[];
  get(scores: readonly DocScore[], verdict: Verdict | undefined): number | undefined;
}

const unitEdges = Array.from({ length: 21 }, (_, i) => Number((i / 20).toFixed(2)));
const score =
  (detector: string, name: string) =>
  (scores: readonly DocScore[]): number | undefined =>
    scores.find((s) => s.detector === detector && s.name === name)?.value;

export const SCORE_VIEWS: readonly ScoreView[] = [
  {
    id: 'verdict-mt',
    title: 'Verdict p(machine-translation)',
    task: 'machine-translation',
    edges: unitEdges,
    get: (_, v) => (v?.label === 'insufficient' ? undefined : v?.probs['machine-translation']),
  },
  {
    id: 'verdict-lm',
    title: 'Verdict p(lm-generated)',
    task: 'lm-generated',
    edges: unitEdges,
    get: (_, v) => (v?.label === 'insufficient' ? undefined : v?.probs['lm-generated']),
  },
  {
    id: 'classifier-mt',
    title: 'Classifier p(machine-translation)',
    task: 'machine-translation',
    edges: unitEdges,
    get: score(CLASSIFIER_DETECTOR, 'p_machine_translation'),
  },
  {
    id: 'classifier-lm',
    title: 'Classifier p(lm-generated)',
    task: 'lm-generated',
    edges: unitEdges,
    get: score(CLASSIFIER_DETECTOR, 'p_lm_generated'),
  },
  {
    id: 'binoculars',
    title: 'Zero-shot Binoculars score (lower: more machine-like)',
    task: 'lm-generated',
    lowerIsMachine: true,
    get: score(ZERO_SHOT_DETECTOR, 'binoculars'),
  },
  {
    id: 'mwp-3plus',
    title: 'Share of sentences in 3+-language translation tuples',
    task: 'machine-translation',
    edges: unitEdges,
    get: score(MWP_DETECTOR, 'share_3plus'),
  },
];

/** 20 equal bins over the values' range, on round edges; one bin around a single value. */
export function spanEdges(values: readonly number[], bins = 20): number[] {
  if (values.length === 0) return [0, 1];
  let lo = Math.floor(Math.min(...values) * 10) / 10;
  let hi = Math.ceil(Math.max(...values) * 10) / 10;
  if (hi <= lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  return Array.from({ length: bins + 1 }, (_, i) => Number((lo + ((hi - lo) * i) / bins).toFixed(6)));
}

/** Counts per bin; the last bin holds its upper edge, values outside the edges go to the end bins. */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
  const n = edges.length - 1;
  const out = new Array<number>(n).fill(0);
  for (const v of values) {
    let i = 0;
    while (i < n - 1 && v >= edges[i + 1]!) i++;
    out[i]!++;
  }
  return out;
}

/**
 * ROC points [FPR, TPR] from the strictest threshold to the loosest, thinned to about `max` points
 * (from (0,0) to (1,1)). Higher means machine; negate scores where lower does.
 */
export function rocCurve(
  positives: readonly number[],
  negatives: readonly number[],
  max = 60,
): [number, number][] {
  if (positives.length === 0 || negatives.length === 0) return [];
  const all = [
    ...positives.map((v) => ({ v, pos: true })),
    ...negatives.map((v) => ({ v, pos: false })),
  ].sort((a, b) => b.v - a.v);
  const points: [number, number][] = [[0, 0]];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < all.length; i++) {
    if (all[i]!.pos) tp++;
    else fp++;
    // One point per distinct threshold: after the last page with this value.
    if (i + 1 === all.length || all[i + 1]!.v !== all[i]!.v)
      points.push([round(fp / negatives.length), round(tp / positives.length)]);
  }
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

const round = (v: number): number => Number(v.toFixed(4));
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? round(v) : null);

/** AUROC and TPR at 1% and 5% FPR (thresholds set on these negatives), with the ROC curve. */
export function evaluateScores(
  positives: readonly number[],
  negatives: readonly number[],
  lowerIsMachine = false,
): { auroc: number | null; tprAt1: number | null; tprAt5: number | null; roc: [number, number][] } {
  const pos = lowerIsMachine ? positives.map((v) => -v) : positives;
  const neg = lowerIsMachine ? negatives.map((v) => -v) : negatives;
  return {
    auroc: finiteOrNull(auroc(pos, neg)),
    tprAt1: finiteOrNull(tprAtFpr(pos, neg, 0.01)),
    tprAt5: finiteOrNull(tprAtFpr(pos, neg, 0.05)),
    roc: rocCurve(pos, neg),
  };
}
