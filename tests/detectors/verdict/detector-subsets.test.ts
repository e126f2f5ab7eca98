import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DocScore } from '../../../db/types.js';
import { rng } from '../../../db/random.js';
import { MGT_CLASSES } from '../../../detectors/models/label-map.js';
import {
  OPTIONAL_DETECTORS,
  allSubsets,
  featureIndices,
  subsetName,
} from '../../../detectors/verdict/detector-subsets.js';
import { FEATURES } from '../../../detectors/verdict/features.js';
import { fitVerdict } from '../../../detectors/verdict/fit.js';
import { rateAtOrAbove } from '../../../detectors/verdict/roc.js';
import { VerdictModel, nested, type VerdictModelFile } from '../../../detectors/verdict/verdict-model.js';
import { defaultModels } from '../../../src/score/default-models.js';

const human = MGT_CLASSES.indexOf('human');
const lm = MGT_CLASSES.indexOf('lm-generated');
const zeroShot = FEATURES.flatMap((f, i) => (f.detector === 'zero_shot' ? [i] : []));
const classifierLm = FEATURES.findIndex((f) => f.name === 'classifier_lm');

/**
 * A page's features: noise, with LM-generated pages far higher on the zero-shot features and a
 * little higher on the classifier's; `withoutZeroShot` leaves the zero-shot features missing.
 */
function page(cls: number, random: () => number, withoutZeroShot = false): Float64Array {
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Float64Array.from(FEATURES, (_, k) => {
    if (withoutZeroShot && zeroShot.includes(k)) return NaN;
    const shift = cls !== lm ? 0 : zeroShot.includes(k) ? 3 : k === classifierLm ? 1 : 0;
    return gauss() + shift;
  });
}

describe('verdict fits per detector subset', () => {
  it('lists every subset of the optional detectors, largest first, and the features each reads', () => {
    const subsets = allSubsets();
    expect(subsets).toHaveLength(2 ** OPTIONAL_DETECTORS.length);
    expect(subsets[0]).toEqual([...OPTIONAL_DETECTORS]);
    expect(subsets.at(-1)).toEqual([]);
    expect(featureIndices(OPTIONAL_DETECTORS)).toHaveLength(FEATURES.length);
    const noModels = featureIndices([]).map((i) => FEATURES[i]!.detector);
    expect(new Set(noModels)).toEqual(new Set(['text_stats', 'mt_markers']));
    expect(subsetName(['zero_shot', 'mgt_classifier'])).toBe('classifier+zero-shot');
  });

  it('keeps its false-positive level on pages a detector did not score, where the full fit does not', () => {
    const random = rng(11);
    const ys = Array.from({ length: 600 }, (_, i) => i % MGT_CLASSES.length);
    const xs = ys.map((y) => page(y, random));
    const model = new VerdictModel(fitVerdict(xs, ys, { minChars: 200, models: {}, fittedOn: {} }));
    const without = ['mgt_classifier', 'mwp'];
    const humans = Array.from({ length: 3000 }, () => page(human, random, true));
    const machines = Array.from({ length: 1000 }, () => page(lm, random, true));
    const own = model.thresholdsFor(undefined, without)['lm-generated']['0.05']!;
    const full = model.thresholdsFor(undefined)['lm-generated']['0.05']!;
    const bySubset = humans.map((x) => model.probabilitiesOfFeatures(x, without)[lm]!);
    // The full fit reads the missing zero-shot features as their calibration mean, a third of the
    // way toward LM-generated text: humans scored without them look machine-made.
    const imputed = humans.map((x) => model.probabilitiesOfFeatures(x)[lm]!);
    expect(rateAtOrAbove(bySubset, own)).toBeLessThan(0.075);
    expect(rateAtOrAbove(imputed, full)).toBeGreaterThan(0.2);
    // And the subset's fit still finds what its own evidence (the classifier) can.
    const found = rateAtOrAbove(
      machines.map((x) => model.probabilitiesOfFeatures(x, without)[lm]!),
      own,
    );
    expect(found).toBeGreaterThan(0.1);
  });

  it('judges a page by the largest fit its detectors cover, and abstains where the file has none', () => {
    const shipped = VerdictModel.load(defaultModels().verdict);
    const text = 'Words of a page long enough to judge. '.repeat(10);
    const scores = (detectors: readonly string[]): DocScore[] =>
      [
        ['mgt_classifier', 'p_human', 0.9],
        ['mgt_classifier', 'p_machine_translation', 0.05],
        ['mgt_classifier', 'p_lm_generated', 0.05],
        ['zero_shot', 'll', -5.2],
        ['zero_shot', 'tokens', 400],
        ['mwp', 'share_3plus', 0],
        ['text_stats', 'cohesion', 0.3],
      ]
        .filter(([d]) => detectors.includes(d as string) || d === 'text_stats')
        .map(([detector, name, value]) => ({
          docId: 'p',
          detector: detector as string,
          name: name as string,
          value: value as number,
        }));
    const v = shipped.decide('p', text, scores(['mgt_classifier', 'mwp']), [], 'eng');
    expect(v.detectors).toEqual(['mgt_classifier', 'mwp']);
    expect(v.thresholds).toEqual(shipped.thresholdsFor('eng', ['mgt_classifier', 'mwp']));
    expect(v.thresholds).not.toEqual(shipped.thresholdsFor('eng'));
    expect(shipped.refusal(['mgt_classifier'])).toBeUndefined();

    // A file fitted only with every detector (as older files and small labelled sets are).
    const file = JSON.parse(readFileSync(defaultModels().verdict, 'utf8')) as VerdictModelFile;
    delete file.subsets;
    const fullOnly = new VerdictModel(file);
    const refused = fullOnly.decide('p', text, scores(['mgt_classifier', 'mwp']), [], 'eng');
    expect(refused.label).toBe('insufficient');
    expect(refused.reasons[0]!.code).toBe('no_fit_for_detectors');
    expect(fullOnly.refusal(['mgt_classifier'])).toMatch(
      /fitted for classifier\+zero-shot\+translation-tuples, not for classifier/,
    );
    expect(fullOnly.decide('p', text, scores(OPTIONAL_DETECTORS), [], 'eng').label).not.toBe('insufficient');
  });

  it('never lets a stricter level flag where a looser one does not, whatever the language falls back to', () => {
    expect(nested({ '0.05': 0.9, '0.01': 0.8 })).toEqual({ '0.05': 0.9, '0.01': 0.9 });
    const shipped = VerdictModel.load(defaultModels().verdict);
    for (const lang of Object.keys(shipped.file.languageThresholds ?? {})) {
      for (const subset of allSubsets()) {
        const t = shipped.thresholdsFor(lang, subset);
        for (const cls of ['machine-translation', 'lm-generated'] as const) {
          expect(t[cls]['0.01']).toBeGreaterThanOrEqual(t[cls]['0.05']!);
        }
      }
    }
  });
});
