import { MGT_CLASSES } from '../models/label-map.js';
import { FEATURES } from './features.js';
import { fitLogistic } from './logistic.js';
import { thresholdAtFpr } from './roc.js';
import { FPR_LEVELS, MACHINE_CLASSES, VerdictModel, type VerdictModelFile } from './verdict-model.js';

/**
 * Fits the verdict: a multinomial logistic regression over the feature vectors `xs` with classes
 * `ys` (indices into MGT_CLASSES), then per machine class the probability flagged at 1% and 5%
 * false positives on the human pages among them. What `scripts/fit-verdict.ts` does on the demo
 * world and `corpus-audit fit-verdict` on a user's labelled pages.
 */
export function fitVerdict(
  xs: readonly Float64Array[],
  ys: readonly number[],
  meta: Pick<VerdictModelFile, 'minChars' | 'models' | 'fittedOn'>,
): VerdictModelFile {
  const file: VerdictModelFile = {
    format: 'corpus-audit-verdict/1',
    classes: [...MGT_CLASSES],
    features: FEATURES.map((f) => f.name),
    model: fitLogistic(xs, ys, MGT_CLASSES.length),
    thresholds: { 'machine-translation': {}, 'lm-generated': {} },
    ...meta,
  };
  // Thresholds from the fitted probabilities of the human pages it was fitted on.
  const fitted = new VerdictModel(file);
  const humanIdx = MGT_CLASSES.indexOf('human');
  for (const cls of MACHINE_CLASSES) {
    const c = MGT_CLASSES.indexOf(cls);
    const humanScores: number[] = [];
    xs.forEach((x, i) => {
      if (ys[i] === humanIdx) humanScores.push(fitted.probabilitiesOfFeatures(x)[c]!);
    });
    for (const level of FPR_LEVELS) file.thresholds[cls][String(level)] = thresholdAtFpr(humanScores, level);
  }
  return file;
}
