import { describe, expect, it } from 'vitest';
import type { DocScore } from '../../../db/types.js';
import { FEATURES, featureVector, scoreMap } from '../../../detectors/verdict/features.js';
import { VerdictModel } from '../../../detectors/verdict/verdict-model.js';
import { defaultModels } from '../../../src/score/default-models.js';

const at = (name: string): number => FEATURES.findIndex((f) => f.name === name);

/** A page's stored scores: typical of the demo world's human English pages, with one value changed. */
function scores(fastdetect: number | undefined, pLm = 0.08, cohesion = 0.3): DocScore[] {
  const s = (detector: string, name: string, value: number): DocScore => ({
    docId: 'p',
    detector,
    name,
    value,
  });
  return [
    s('mgt_classifier', 'p_human', 0.98 - pLm),
    s('mgt_classifier', 'p_machine_translation', 0.02),
    s('mgt_classifier', 'p_lm_generated', pLm),
    s('zero_shot', 'll', -5.23),
    s('zero_shot', 'logrank', 3.3),
    s('zero_shot', 'entropy', 5.3),
    s('zero_shot', 'binoculars', 0.98),
    s('zero_shot', 'tokens', 400),
    ...(fastdetect === undefined ? [] : [s('zero_shot', 'fastdetect', fastdetect)]),
    s('mwp', 'share_2plus', 0),
    s('mwp', 'share_3plus', 0),
    s('mwp', 'share_8plus', 0),
    s('mwp', 'counterparts', 0),
    s('text_stats', 'cohesion', cohesion),
    s('mt_markers', 'plugins', 0),
  ];
}

describe('verdict features', () => {
  it('reads both tails of the Fast-DetectGPT discrepancy, per token', () => {
    const likely = featureVector(scoreMap(scores(4)));
    expect(likely[at('zero_shot_fastdetect')]).toBeCloseTo(0.2, 10);
    expect(likely[at('zero_shot_improbable')]).toBe(0);
    const salad = featureVector(scoreMap(scores(-4)));
    expect(salad[at('zero_shot_fastdetect')]).toBeCloseTo(-0.2, 10);
    expect(salad[at('zero_shot_improbable')]).toBeCloseTo(0.2, 10);
    const missing = featureVector(scoreMap(scores(undefined)));
    expect(missing[at('zero_shot_fastdetect')]).toBeNaN();
    expect(missing[at('zero_shot_improbable')]).toBeNaN();
  });

  it('reads lexical cohesion turned round, so that higher is more machine-like', () => {
    expect(featureVector(scoreMap(scores(0.6, 0.08, 0.3)))[at('text_incohesion')]).toBeCloseTo(0.7, 10);
  });

  it('makes the shipped verdict count incohesive text toward lm-generated', () => {
    const verdict = VerdictModel.load(defaultModels().verdict);
    const text = 'word '.repeat(100);
    const lm = (cohesion: number, pLm = 0.08): number =>
      verdict.decide('p', text, scores(0.6, pLm, cohesion), [], 'eng').probs['lm-generated'] ?? Number.NaN;
    // Word salad (0.10 of content words recurring) against the human median (0.30), all else equal.
    expect(lm(0.1)).toBeGreaterThan(lm(0.3) + 0.1);
    // A page the classifier is unsure of: incohesion alone tips it over the 5% threshold.
    const at5 = (cohesion: number): boolean => {
      const v = verdict.decide('p', text, scores(0.6, 0.6, cohesion), [], 'eng');
      return v.probs['lm-generated']! >= v.thresholds['lm-generated']!['0.05']!;
    };
    expect(at5(0.3)).toBe(false);
    expect(at5(0.1)).toBe(true);
  });

  it('does not accuse a page on values beyond those it was fitted on', () => {
    const verdict = VerdictModel.load(defaultModels().verdict);
    const text = 'word '.repeat(100);
    // Within the fitted range: a confident classifier and word salad are flagged.
    expect(verdict.decide('p', text, scores(0.6, 0.97, 0.03), [], 'eng').label).toBe('lm-generated');
    // Cohesion below anything seen (incohesion 4): flagged only by extrapolating, so uncertain.
    const v = verdict.decide('p', text, scores(0.6, 0.08, -3), [], 'eng');
    expect(v.label).toBe('insufficient');
    expect(v.reasons[0]!.code).toBe('out_of_distribution');
    expect(v.reasons[0]!.detail).toMatch(/text_incohesion 4\.00 \(fitted on [\d.]+ to 1\.00\)/);
    expect(v.probs['lm-generated']).toBeGreaterThan(0.99);
  });

  it('abstains on a page in a language with no human calibration page, and says why', () => {
    const verdict = VerdictModel.load(defaultModels().verdict);
    const text = 'word '.repeat(100);
    const pages = verdict.file.languageReference!.languages;
    expect(pages.eng!.pages).toBeGreaterThanOrEqual(30);
    expect(pages.lav).toBeUndefined();
    for (const lang of ['lav', undefined]) {
      const v = verdict.decide('p', text, scores(0.6, 0.4, 0.1), [], lang);
      expect(v.label).toBe('insufficient');
      expect(v.reasons[0]!.code).toBe('no_reference_for_language');
      expect(v.reasons[0]!.detail).toContain(`language ${lang ?? 'und'}`);
      // The probabilities stay, for ranking.
      expect(v.probs['lm-generated']).toBeGreaterThan(0);
    }
  });
});
