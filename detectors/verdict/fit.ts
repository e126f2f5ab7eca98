import { MGT_CLASSES } from '../models/label-map.js';
import { FEATURES } from './features.js';
import { centreOnLanguage, fitLanguageReference, type LanguageReferenceFile } from './language-reference.js';
import {
  OPTIONAL_DETECTORS,
  allSubsets,
  featureIndices,
  isSubsetOf,
  selectFeatures,
} from './detector-subsets.js';
import { chooseL2, type CombinerChoice } from './grouped-cv.js';
import { fitLogistic, logits, softmax, standardize, type LogisticModel } from './logistic.js';
import { conformalThreshold, thresholdAtFpr } from './roc.js';
import {
  FPR_LEVELS,
  MACHINE_CLASSES,
  type MachineClass,
  type VerdictFit,
  type VerdictModelFile,
} from './verdict-file.js';

/** The L2 penalty without sources to choose it by (logistic.ts's default). */
const DEFAULT_L2 = 1e-3;

/** Folds of the cross-fitting that sets the thresholds (pages go to folds by position). */
export const THRESHOLD_FOLDS = 5;

/**
 * Fits the verdict: a multinomial logistic regression over the feature vectors `xs` with classes
 * `ys` (indices into MGT_CLASSES), then per machine class the probability flagged at 1% and 5%
 * false positives on the human pages among them, cross-fitted (THRESHOLD_FOLDS folds). One fit per
 * subset of the optional detectors (detector-subsets.ts), each over the pages those detectors
 * scored (`options.present`, per page; default: all of them) and only its own features, each with
 * its own thresholds; a subset with fewer than `options.minPages` pages of some class is left out.
 * With the pages' languages (`langs`), the file records each language's human calibration pages
 * (the verdict abstains on a language without any), and with `centre` the language-dependent
 * features are first centred on each language's human pages (language-reference.ts), the
 * reference itself cross-fitted with the thresholds. What `scripts/fit-verdict.ts` does on the
 * training worlds and `corpus-audit fit-verdict` on a user's labelled pages.
 */
export function fitVerdict(
  xs: readonly Float64Array[],
  ys: readonly number[],
  meta: Pick<VerdictModelFile, 'minChars' | 'models' | 'fittedOn'>,
  langs?: readonly string[],
  options: {
    centre?: boolean;
    present?: readonly (readonly string[])[];
    minPages?: number;
    /**
     * Each page's source (package, MT direction, generator): each fit is cross-validated holding
     * out one at a time, for every penalty of L2_GRID (recorded in the file as `combiner`).
     */
    groups?: readonly string[];
    /**
     * Fit with the penalty that cross-validation chose instead of the default (1e-3). Measured and
     * not shipped: docs/evaluation.md.
     */
    choosePenalty?: boolean;
  } = {},
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
  const all = xs.map((_, i) => i);
  const languageReference = referenceOf(all);
  const fits: VerdictFit[] = [];
  for (const detectors of allSubsets()) {
    const rows = all.filter((i) => isSubsetOf(detectors, options.present?.[i] ?? OPTIONAL_DETECTORS));
    const counts = MGT_CLASSES.map((_, c) => rows.filter((i) => ys[i] === c).length);
    if (rows.length === 0 || Math.min(...counts) < (options.minPages ?? 1)) continue;
    const indices = featureIndices(detectors);
    const combiner =
      options.groups &&
      chooseL2(
        rows.map((i) =>
          selectFeatures(
            languageReference ? centreOnLanguage(xs[i]!, langs![i], languageReference).x : xs[i]!,
            indices,
          ),
        ),
        rows.map((i) => ys[i]!),
        rows.map((i) => options.groups![i]!),
        indices.map((f) => FEATURES[f]!.name),
      );
    const l2 = combiner && options.choosePenalty ? combiner.l2 : DEFAULT_L2;
    fits.push(fitSubset({ xs, ys, langs, referenceOf, languageReference }, detectors, rows, l2, combiner));
  }
  const [top, ...subsets] = fits;
  if (!top) throw new Error('no detector subset has labelled pages of every class to fit on');
  return {
    format: 'corpus-audit-verdict/1',
    classes: [...MGT_CLASSES],
    features: FEATURES.map((f) => f.name),
    model: top.model,
    thresholds: top.thresholds,
    ...meta,
    ...(languageReference ? { languageReference } : {}),
    ...(top.languageThresholds && { languageThresholds: top.languageThresholds }),
    ...(top.range && { range: top.range }),
    ...(top.combiner && { combiner: top.combiner }),
    detectors: top.detectors,
    subsets,
  };
}

interface FitData {
  xs: readonly Float64Array[];
  ys: readonly number[];
  langs: readonly string[] | undefined;
  referenceOf: (rows: number[]) => LanguageReferenceFile | undefined;
  languageReference: LanguageReferenceFile | undefined;
}

/** The fit over `detectors`' features on pages `rows` (indices into the data), with its thresholds. */
function fitSubset(
  data: FitData,
  detectors: string[],
  rows: readonly number[],
  l2: number,
  combiner: CombinerChoice | undefined,
): VerdictFit {
  const { xs, ys, langs } = data;
  const humanIdx = MGT_CLASSES.indexOf('human');
  const indices = featureIndices(detectors);
  const input = (i: number, reference: LanguageReferenceFile | undefined): Float64Array =>
    selectFeatures(reference ? centreOnLanguage(xs[i]!, langs![i], reference).x : xs[i]!, indices);
  const fitOn = (train: readonly number[], reference: LanguageReferenceFile | undefined): LogisticModel =>
    fitLogistic(
      train.map((i) => input(i, reference)),
      train.map((i) => ys[i]!),
      MGT_CLASSES.length,
      { l2 },
    );
  const model = fitOn(rows, data.languageReference);
  // Thresholds from out-of-fold probabilities of the human pages: each fold's humans scored by a
  // model fitted without them. The final model's own probabilities on the pages it was fitted on
  // are optimistic (humans look more human in-sample), so thresholds set on them flag more unseen
  // humans than their level says.
  const humanScores = new Map<MachineClass, number[]>(MACHINE_CLASSES.map((cls) => [cls, []]));
  const humanLangs: string[] = [];
  for (let fold = 0; fold < THRESHOLD_FOLDS; fold++) {
    const inFold = (i: number): boolean => i % THRESHOLD_FOLDS === fold;
    const train = rows.filter((i) => !inFold(i));
    const reference = data.referenceOf(train);
    const foldModel = fitOn(train, reference);
    for (const i of rows) {
      if (!inFold(i) || ys[i] !== humanIdx) continue;
      const probs = softmax(logits(standardize(input(i, reference), foldModel), foldModel));
      for (const cls of MACHINE_CLASSES) humanScores.get(cls)!.push(probs[MGT_CLASSES.indexOf(cls)]!);
      humanLangs.push(langs?.[i] ?? 'und');
    }
  }
  const thresholds: VerdictFit['thresholds'] = { 'machine-translation': {}, 'lm-generated': {} };
  for (const cls of MACHINE_CLASSES) {
    for (const level of FPR_LEVELS) {
      thresholds[cls][String(level)] = thresholdAtFpr(humanScores.get(cls)!, level);
    }
  }
  return {
    detectors,
    model,
    thresholds,
    ...(langs && { languageThresholds: languageThresholds(humanScores, humanLangs) }),
    range: featureRange(rows.map((i) => input(i, data.languageReference))),
    ...(combiner && { combiner: { ...combiner, used: l2 } }),
  };
}

/** Per feature, the lowest and highest value among `xs` (missing values left out; none: 0, 0). */
function featureRange(xs: readonly Float64Array[]): NonNullable<VerdictFit['range']> {
  const d = xs[0]?.length ?? 0;
  const min = new Array<number>(d).fill(Infinity);
  const max = new Array<number>(d).fill(-Infinity);
  for (const x of xs) {
    for (let f = 0; f < d; f++) {
      if (Number.isNaN(x[f]!)) continue;
      min[f] = Math.min(min[f]!, x[f]!);
      max[f] = Math.max(max[f]!, x[f]!);
    }
  }
  return {
    min: min.map((v) => (Number.isFinite(v) ? v : 0)),
    max: max.map((v) => (Number.isFinite(v) ? v : 0)),
  };
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
