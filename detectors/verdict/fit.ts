import { MGT_CLASSES } from '../models/label-map.js';
import { FEATURES } from './features.js';
import { centreOnLanguage, fitLanguageReference, type LanguageReferenceFile } from './language-reference.js';
import { fitLogistic } from './logistic.js';
import { conformalThreshold, thresholdAtFpr } from './roc.js';
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
 * false positives on the human pages among them, cross-fitted (THRESHOLD_FOLDS folds). With the
 * pages' languages (`langs`), the file records each language's human calibration pages (the
 * verdict abstains on a language without any), and with `centre` the language-dependent features
 * are first centred on each language's human pages (language-reference.ts), the reference itself
 * cross-fitted with the thresholds. What
 * `scripts/fit-verdict.ts` does on the training worlds and `corpus-audit fit-verdict` on a user's
 * labelled pages.
 */
export function fitVerdict(
  xs: readonly Float64Array[],
  ys: readonly number[],
  meta: Pick<VerdictModelFile, 'minChars' | 'models' | 'fittedOn'>,
  langs?: readonly string[],
  options: { centre?: boolean } = {},
): VerdictModelFile {
  const humanIdx = MGT_CLASSES.indexOf('human');
  const referenceOf = (rows: number[]): LanguageReferenceFile | undefined =>
    langs &&
    fitLanguageReference(
      rows.map((i) => xs[i]!),
      rows.map((i) => ys[i] === humanIdx),
      rows.map((i) => langs[i]!),
      options.centre ?? false,
    );
  const centred = (i: number, reference: LanguageReferenceFile | undefined): Float64Array =>
    reference ? centreOnLanguage(xs[i]!, langs![i], reference).x : xs[i]!;
  const all = xs.map((_, i) => i);
  const languageReference = referenceOf(all);
  const file: VerdictModelFile = {
    format: 'corpus-audit-verdict/1',
    classes: [...MGT_CLASSES],
    features: FEATURES.map((f) => f.name),
    model: fitLogistic(
      all.map((i) => centred(i, languageReference)),
      ys,
      MGT_CLASSES.length,
    ),
    thresholds: { 'machine-translation': {}, 'lm-generated': {} },
    ...meta,
    ...(languageReference ? { languageReference } : {}),
  };
  // Thresholds from out-of-fold probabilities of the human pages: each fold's humans scored by a
  // model fitted without them. The final model's own probabilities on the pages it was fitted on
  // are optimistic (humans look more human in-sample), so thresholds set on them flag more unseen
  // humans than their level says.
  const humanScores = new Map<MachineClass, number[]>(MACHINE_CLASSES.map((cls) => [cls, []]));
  const humanLangs: string[] = [];
  for (let fold = 0; fold < THRESHOLD_FOLDS; fold++) {
    const inFold = (i: number): boolean => i % THRESHOLD_FOLDS === fold;
    const train = all.filter((i) => !inFold(i));
    const reference = referenceOf(train);
    const model = new VerdictModel({
      ...file,
      model: fitLogistic(
        train.map((i) => centred(i, reference)),
        train.map((i) => ys[i]!),
        MGT_CLASSES.length,
      ),
    });
    all.forEach((i) => {
      if (!inFold(i) || ys[i] !== humanIdx) return;
      const probs = model.probabilitiesOfFeatures(centred(i, reference));
      for (const cls of MACHINE_CLASSES) humanScores.get(cls)!.push(probs[MGT_CLASSES.indexOf(cls)]!);
      humanLangs.push(langs?.[i] ?? 'und');
    });
  }
  for (const cls of MACHINE_CLASSES) {
    for (const level of FPR_LEVELS) {
      file.thresholds[cls][String(level)] = thresholdAtFpr(humanScores.get(cls)!, level);
    }
  }
  if (langs) file.languageThresholds = languageThresholds(humanScores, humanLangs);
  return file;
}

/**
 * Per-language thresholds (Mondrian split-conformal by language) at each level a language has
 * enough human calibration pages for (19 at 5%, 99 at 1%), from the out-of-fold human scores:
 * where a language has them, its own human pages, not all languages', set how often its human
 * pages are flagged. Other levels and languages use the pooled thresholds.
 */
function languageThresholds(
  humanScores: Map<MachineClass, number[]>,
  humanLangs: readonly string[],
): NonNullable<VerdictModelFile['languageThresholds']> {
  const out: NonNullable<VerdictModelFile['languageThresholds']> = {};
  for (const lang of [...new Set(humanLangs)].sort()) {
    const rows = humanLangs.flatMap((l, i) => (l === lang ? [i] : []));
    for (const level of FPR_LEVELS) {
      for (const cls of MACHINE_CLASSES) {
        const threshold = conformalThreshold(
          rows.map((i) => humanScores.get(cls)![i]!),
          level,
        );
        // Infinity: too few pages to promise the level; the pooled threshold stays.
        if (threshold !== Infinity) ((out[lang] ??= {})[cls] ??= {})[String(level)] = threshold;
      }
    }
  }
  return out;
}
