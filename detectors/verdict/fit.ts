import { MGT_CLASSES } from '../models/label-map.js';
import { FEATURES } from './features.js';
import { fitLogistic } from './logistic.js';
import { thresholdAtFpr } from './roc.js';
import {
  FPR_LEVELS,
  MACHINE_CLASSES,
  VerdictModel,
  type MachineClass,
  type VerdictModelFile,
} from './verdict-model.js';

/** Folds of the cross-fitting that sets the thresholds (pages go to folds by position). */
export const THRESHOLD_FOLDS = 5;

/**
 * Fits the verdict: a multinomial logistic regression over the feature vectors `xs` with classes
 * `ys` (indices into MGT_CLASSES), then per machine class the probability flagged at 1% and 5%
 * false positives on the human pages among them, cross-fitted (THRESHOLD_FOLDS folds). What
 * `scripts/fit-verdict.ts` does on the demo world and `corpus-audit fit-verdict` on a user's
 * labelled pages.
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
  // Thresholds from out-of-fold probabilities of the human pages: each fold's humans scored by a
  // model fitted without them. The final model's own probabilities on the pages it was fitted on
  // are optimistic (humans look more human in-sample), so thresholds set on them flag more unseen
  // humans than their level says.
  const humanIdx = MGT_CLASSES.indexOf('human');
  const humanScores = new Map<MachineClass, number[]>(MACHINE_CLASSES.map((cls) => [cls, []]));
  for (let fold = 0; fold < THRESHOLD_FOLDS; fold++) {
    const inFold = (i: number): boolean => i % THRESHOLD_FOLDS === fold;
    const train = xs.map((_, i) => i).filter((i) => !inFold(i));
    const model = new VerdictModel({
      ...file,
      model: fitLogistic(
        train.map((i) => xs[i]!),
        train.map((i) => ys[i]!),
        MGT_CLASSES.length,
      ),
    });
    xs.forEach((x, i) => {
      if (!inFold(i) || ys[i] !== humanIdx) return;
      const probs = model.probabilitiesOfFeatures(x);
      for (const cls of MACHINE_CLASSES) humanScores.get(cls)!.push(probs[MGT_CLASSES.indexOf(cls)]!);
    });
  }
  for (const cls of MACHINE_CLASSES) {
    for (const level of FPR_LEVELS) {
      file.thresholds[cls][String(level)] = thresholdAtFpr(humanScores.get(cls)!, level);
    }
  }
  return file;
}
