import type { DocScore, Evidence } from '../../db/types.js';
import { MT_MARKERS_DETECTOR } from '../mt-markers.js';
import { CLASSIFIER_DETECTOR } from '../models/classifier.js';
import { ZERO_SHOT_DETECTOR } from '../models/zero-shot.js';
import { MWP_DETECTOR } from '../mwp/translation-tuples.js';
import { TEXT_STATS_DETECTOR } from '../text-stats.js';

/**
 * The verdict's inputs, one number each, read from what the detectors stored. A detector that did
 * not run leaves its features missing: the verdict then judges the page by its fit without that
 * detector (detector-subsets.ts). A feature missing for one page of a detector that ran (no
 * cohesion for a page without spaces) is read as the calibration mean.
 */
export interface FeatureSpec {
  name: string;
  /** The detector whose output it reads, named in reasons. */
  detector: string;
  /** Reason code when this feature pushes a page toward a machine class. */
  code: string;
  read(scores: ScoreMap): number | undefined;
  /** How a reason states the raw value. */
  describe(scores: ScoreMap): string;
}

export type ScoreMap = Map<string, number>;

export function scoreMap(scores: readonly DocScore[]): ScoreMap {
  return new Map(scores.map((s) => [`${s.detector}.${s.name}`, s.value]));
}

const EPS = 1e-4;
const logRatio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : Math.log(a + EPS) - Math.log(b + EPS);
const fmt = (v: number | undefined, digits = 3): string => (v === undefined ? 'n/a' : v.toFixed(digits));

/** Fast-DetectGPT's discrepancy per token: the raw one grows with the square root of the length. */
function fastdetectPerToken(s: ScoreMap): number | undefined {
  const v = s.get(`${ZERO_SHOT_DETECTOR}.fastdetect`);
  const n = s.get(`${ZERO_SHOT_DETECTOR}.tokens`);
  return v === undefined || !n ? undefined : v / Math.sqrt(n);
}

export const FEATURES: readonly FeatureSpec[] = [
  {
    name: 'classifier_mt',
    detector: CLASSIFIER_DETECTOR,
    code: 'mgt_classifier',
    read: (s) =>
      logRatio(
        s.get(`${CLASSIFIER_DETECTOR}.p_machine_translation`),
        s.get(`${CLASSIFIER_DETECTOR}.p_human`),
      ),
    describe: (s) =>
      `classifier p(machine-translation) ${fmt(s.get(`${CLASSIFIER_DETECTOR}.p_machine_translation`))}`,
  },
  {
    name: 'classifier_lm',
    detector: CLASSIFIER_DETECTOR,
    code: 'mgt_classifier',
    read: (s) =>
      logRatio(s.get(`${CLASSIFIER_DETECTOR}.p_lm_generated`), s.get(`${CLASSIFIER_DETECTOR}.p_human`)),
    describe: (s) => `classifier p(lm-generated) ${fmt(s.get(`${CLASSIFIER_DETECTOR}.p_lm_generated`))}`,
  },
  ...(['ll', 'logrank', 'entropy', 'binoculars'] as const).map((name): FeatureSpec => ({
    name: `zero_shot_${name}`,
    detector: ZERO_SHOT_DETECTOR,
    code: `zero_shot_${name}`,
    read: (s) => s.get(`${ZERO_SHOT_DETECTOR}.${name}`),
    describe: (s) => `${name} ${fmt(s.get(`${ZERO_SHOT_DETECTOR}.${name}`))}`,
  })),
  {
    name: 'zero_shot_fastdetect',
    detector: ZERO_SHOT_DETECTOR,
    code: 'zero_shot_fastdetect',
    read: fastdetectPerToken,
    describe: (s) => `Fast-DetectGPT discrepancy ${fmt(s.get(`${ZERO_SHOT_DETECTOR}.fastdetect`), 2)}`,
  },
  {
    // The other tail. Text sampled at low temperature is more likely than the model expects
    // (Fast-DetectGPT's case), but text sampled at temperature 1 from a weaker model is less likely
    // than human text: word salad. A linear weight on the discrepancy can only reward one side, so
    // its negative part is a feature of its own (the demo world's spam-a and spam-b sit on either
    // side of human text; `npm run eval:detect`).
    name: 'zero_shot_improbable',
    detector: ZERO_SHOT_DETECTOR,
    code: 'zero_shot_improbable',
    read: (s) => {
      const v = fastdetectPerToken(s);
      return v === undefined ? undefined : Math.max(0, -v);
    },
    describe: (s) =>
      `Fast-DetectGPT discrepancy ${fmt(s.get(`${ZERO_SHOT_DETECTOR}.fastdetect`), 2)} (less likely than the model expects)`,
  },
  ...(['share_2plus', 'share_3plus', 'share_8plus'] as const).map((name): FeatureSpec => ({
    name: `mwp_${name}`,
    detector: MWP_DETECTOR,
    code:
      name === 'share_8plus'
        ? 'mwp_tuple_8plus'
        : name === 'share_3plus'
          ? 'mwp_tuple_3plus'
          : 'mwp_parallel',
    read: (s) => s.get(`${MWP_DETECTOR}.${name}`),
    describe: (s) =>
      `${fmt(100 * (s.get(`${MWP_DETECTOR}.${name}`) ?? 0), 0)}% of sentences in ${name.slice(6)}-way tuples`,
  })),
  {
    name: 'mwp_counterparts',
    detector: MWP_DETECTOR,
    code: 'mwp_parallel',
    read: (s) => {
      const v = s.get(`${MWP_DETECTOR}.counterparts`);
      return v === undefined ? undefined : Math.log1p(v);
    },
    describe: (s) => `${fmt(s.get(`${MWP_DETECTOR}.counterparts`), 0)} translated counterpart pages`,
  },
  {
    // Lexical cohesion, turned round so that higher is more machine-like: word salad from an
    // n-gram model rarely repeats a content word in another sentence (detectors/text-stats.ts).
    name: 'text_incohesion',
    detector: TEXT_STATS_DETECTOR,
    code: 'text_low_cohesion',
    read: (s) => {
      const v = s.get(`${TEXT_STATS_DETECTOR}.cohesion`);
      return v === undefined ? undefined : 1 - v;
    },
    describe: (s) =>
      `${fmt(100 * (s.get(`${TEXT_STATS_DETECTOR}.cohesion`) ?? 0), 0)}% of content words recur in another sentence`,
  },
  {
    name: 'mt_plugin',
    detector: MT_MARKERS_DETECTOR,
    code: 'mt_marker',
    read: (s) => {
      const v = s.get(`${MT_MARKERS_DETECTOR}.plugins`);
      return v === undefined ? undefined : v > 0 ? 1 : 0;
    },
    describe: (s) => `${fmt(s.get(`${MT_MARKERS_DETECTOR}.plugins`), 0)} MT plugin trace(s) in the HTML`,
  },
];

/** The feature vector of a page; NaN marks a missing feature. */
export function featureVector(scores: ScoreMap): Float64Array {
  const out = new Float64Array(FEATURES.length);
  FEATURES.forEach((f, i) => {
    const v = f.read(scores);
    out[i] = v === undefined || !Number.isFinite(v) ? NaN : v;
  });
  return out;
}

/** Marker evidence codes of a page (e.g. `mt_marker_gtranslate`), for precise reasons. */
export function markerCodes(evidence: readonly Evidence[]): string[] {
  return [...new Set(evidence.filter((e) => e.detector === MT_MARKERS_DETECTOR).map((e) => e.code))];
}
