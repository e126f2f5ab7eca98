import type { DocScore, Evidence } from '../../db/types.js';

/**
 * The verdict's inputs, one number each, read from what the detectors stored. A detector that did
 * not run leaves its features missing; the verdict then uses the calibration set's mean, which
 * moves nothing.
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

export const FEATURES: readonly FeatureSpec[] = [
  {
    name: 'classifier_mt',
    detector: 'mgt_classifier',
    code: 'mgt_classifier',
    read: (s) => logRatio(s.get('mgt_classifier.p_machine_translation'), s.get('mgt_classifier.p_human')),
    describe: (s) =>
      `classifier p(machine-translation) ${fmt(s.get('mgt_classifier.p_machine_translation'))}`,
  },
  {
    name: 'classifier_lm',
    detector: 'mgt_classifier',
    code: 'mgt_classifier',
    read: (s) => logRatio(s.get('mgt_classifier.p_lm_generated'), s.get('mgt_classifier.p_human')),
    describe: (s) => `classifier p(lm-generated) ${fmt(s.get('mgt_classifier.p_lm_generated'))}`,
  },
  ...(['ll', 'logrank', 'entropy', 'binoculars'] as const).map((name): FeatureSpec => ({
    name: `zero_shot_${name}`,
    detector: 'zero_shot',
    code: `zero_shot_${name}`,
    read: (s) => s.get(`zero_shot.${name}`),
    describe: (s) => `${name} ${fmt(s.get(`zero_shot.${name}`))}`,
  })),
  {
    name: 'zero_shot_fastdetect',
    detector: 'zero_shot',
    code: 'zero_shot_fastdetect',
    // Per token: the raw discrepancy grows with the square root of the length.
    read: (s) => {
      const v = s.get('zero_shot.fastdetect');
      const n = s.get('zero_shot.tokens');
      return v === undefined || !n ? undefined : v / Math.sqrt(n);
    },
    describe: (s) => `Fast-DetectGPT discrepancy ${fmt(s.get('zero_shot.fastdetect'), 2)}`,
  },
  ...(['share_2plus', 'share_3plus', 'share_8plus'] as const).map((name): FeatureSpec => ({
    name: `mwp_${name}`,
    detector: 'mwp',
    code:
      name === 'share_8plus'
        ? 'mwp_tuple_8plus'
        : name === 'share_3plus'
          ? 'mwp_tuple_3plus'
          : 'mwp_parallel',
    read: (s) => s.get(`mwp.${name}`),
    describe: (s) =>
      `${fmt(100 * (s.get(`mwp.${name}`) ?? 0), 0)}% of sentences in ${name.slice(6)}-way tuples`,
  })),
  {
    name: 'mwp_counterparts',
    detector: 'mwp',
    code: 'mwp_parallel',
    read: (s) => {
      const v = s.get('mwp.counterparts');
      return v === undefined ? undefined : Math.log1p(v);
    },
    describe: (s) => `${fmt(s.get('mwp.counterparts'), 0)} translated counterpart pages`,
  },
  {
    name: 'mt_plugin',
    detector: 'mt_markers',
    code: 'mt_marker',
    read: (s) => {
      const v = s.get('mt_markers.plugins');
      return v === undefined ? undefined : v > 0 ? 1 : 0;
    },
    describe: (s) => `${fmt(s.get('mt_markers.plugins'), 0)} MT plugin trace(s) in the HTML`,
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
  return [...new Set(evidence.filter((e) => e.detector === 'mt_markers').map((e) => e.code))];
}
