import type { Store } from '../../db/store.js';
import { MGT_CLASSES, type MgtClass } from '../../detectors/models/label-map.js';
import { CLASSIFIER_DETECTOR } from '../../detectors/models/classifier.js';
import { ZERO_SHOT_DETECTOR } from '../../detectors/models/zero-shot.js';
import { judgeableLength } from '../../detectors/normalize.js';
import { detectorsPresent } from '../../detectors/verdict/detector-subsets.js';
import { featureVector, scoreMap } from '../../detectors/verdict/features.js';
import { fitVerdict } from '../../detectors/verdict/fit.js';
import { auroc, tprAtFpr } from '../../detectors/verdict/roc.js';
import {
  FPR_LEVELS,
  MACHINE_CLASSES,
  VerdictModel,
  type MachineClass,
  type VerdictModelFile,
} from '../../detectors/verdict/verdict-model.js';
import type { GroundTruth } from '../../reports/ground-truth.js';
import { hashSeed } from '../../db/random.js';
import { codeVersion } from '../../db/version.js';
import { MIN_SCORED_CHARS } from './score-run.js';
import { UserError } from '../../db/errors.js';

/** Labelled pages of a class the fit needs at least, in the part it is fitted on. */
export const MIN_FIT_PAGES = 5;

/** Labels and scores that cannot give a verdict: the message says what to do. */
export class FitVerdictError extends UserError {
  override readonly name: string = 'FitVerdictError';
}

export interface FitVerdictOptions {
  store: Store;
  truth: GroundTruth;
  /** Share of the labelled pages held out to measure the fitted verdict, by a hash of the page id. @default 0.25 */
  holdout?: number;
  /** Seeds the holdout's hash. @default 1 */
  seed?: number;
}

/** How the fitted verdict does on the held-out pages, per machine class. */
export interface HoldoutClassResult {
  positives: number;
  negatives: number;
  auroc: number;
  /** TPR at 1% and 5% FPR, thresholds set on the held-out humans themselves. */
  tprAt1: number;
  tprAt5: number;
  /** The fitted thresholds (set on the fit part) applied to the held-out pages. */
  atThresholds: Record<string, { tpr: number; fpr: number }>;
}

export interface FitVerdictResult {
  file: VerdictModelFile;
  pages: { fit: Record<MgtClass, number>; holdout: Record<MgtClass, number> };
  /** Labelled pages left out: too short to judge, or never scored by a model. */
  skipped: { tooShort: number; unscored: number };
  /** Labels whose URL is not in the database. */
  unmatched: number;
  holdout: Record<MachineClass, HoldoutClassResult>;
}

const MODEL_DETECTORS = [CLASSIFIER_DETECTOR, ZERO_SHOT_DETECTOR] as const;

const zeroCounts = (): Record<MgtClass, number> => ({
  human: 0,
  'machine-translation': 0,
  'lm-generated': 0,
});

/**
 * Fits the verdict on a user's own labelled pages: the pages of the Store whose URL the labels file
 * names (human translations count as human), with the scores `score` stored for them. A hash of
 * each page id holds out a share of them; the verdict is fitted, and its 1% and 5% thresholds set,
 * on the rest, then measured on the held-out pages. The file records the model digests the scores
 * came from, so `score` warns when it is used with other models.
 */
export function fitVerdictOnLabels(options: FitVerdictOptions): FitVerdictResult {
  const { store, truth } = options;
  if (truth.byUrl.size === 0) throw new FitVerdictError(`${truth.path} holds no labels`);
  const holdoutShare = options.holdout ?? 0.25;
  const seed = options.seed ?? 1;
  const scored = MODEL_DETECTORS.map((d) => store.detections.scoredDocs(d));
  const fit: Part = { xs: [], ys: [], langs: [], present: [] };
  const held: Part = { xs: [], ys: [], langs: [], present: [] };
  const pages = { fit: zeroCounts(), holdout: zeroCounts() };
  const skipped = { tooShort: 0, unscored: 0 };
  const digests = new Set<string>();
  const seen = new Set<string>();
  for (const doc of store.iterDocs()) {
    const label = doc.url === undefined ? undefined : truth.byUrl.get(doc.url);
    if (!label) continue;
    seen.add(doc.url!);
    if (judgeableLength(doc.text) < MIN_SCORED_CHARS) {
      skipped.tooShort++;
      continue;
    }
    const by = scored.map((m) => m.get(doc.id)).filter((d): d is string => d !== undefined);
    if (by.length === 0) {
      skipped.unscored++;
      continue;
    }
    for (const d of by) digests.add(d);
    const cls: MgtClass = label.origin === 'human-translation' ? 'human' : label.origin;
    const part = (hashSeed('fit-verdict', seed, doc.id) % 10_000) / 10_000 < holdoutShare ? held : fit;
    const docScores = store.detections.docScores(doc.id);
    part.xs.push(featureVector(scoreMap(docScores)));
    part.present.push(detectorsPresent(docScores));
    part.ys.push(MGT_CLASSES.indexOf(cls));
    part.langs.push(doc.lang?.code ?? 'und');
    pages[part === held ? 'holdout' : 'fit'][cls]++;
  }
  const unmatched = truth.byUrl.size - seen.size;
  if (fit.xs.length + held.xs.length === 0) {
    throw new FitVerdictError(
      seen.size === 0
        ? `none of the ${truth.byUrl.size} labelled URLs is in the database: label pages by the URL they were stored under`
        : `none of the ${seen.size} labelled pages in the database has model scores (${skipped.tooShort} too short to judge): run corpus-audit score first`,
    );
  }
  const short = MGT_CLASSES.filter((c) => pages.fit[c] < MIN_FIT_PAGES);
  if (short.length > 0) {
    throw new FitVerdictError(
      `the verdict needs at least ${MIN_FIT_PAGES} scored pages of every class to fit on; ` +
        `the fit part has ${MGT_CLASSES.map((c) => `${c} ${pages.fit[c]}`).join(', ')} ` +
        `(${skipped.tooShort} labelled pages too short, ${skipped.unscored} never scored, ` +
        `${held.xs.length} held out): label more pages` +
        (holdoutShare > 0 ? ' or lower --holdout' : ''),
    );
  }
  const models: VerdictModelFile['models'] = {};
  for (const run of store.listRuns()) {
    const used = (run.config.models ?? []) as { spec?: string; digest?: string }[];
    for (const m of used) {
      if (m.spec && m.digest && digests.has(m.digest)) models[m.spec] = { spec: m.spec, digest: m.digest };
    }
  }
  const file = fitVerdict(
    fit.xs,
    fit.ys,
    {
      minChars: MIN_SCORED_CHARS,
      models,
      fittedOn: {
        labels: truth.path,
        pages: pages.fit,
        holdout: { share: holdoutShare, seed, pages: pages.holdout },
        command: 'corpus-audit fit-verdict',
        codeVersion: codeVersion(),
      },
    },
    fit.langs,
    { present: fit.present, minPages: MIN_FIT_PAGES },
  );
  return { file, pages, skipped, unmatched, holdout: measure(new VerdictModel(file), held) };
}

/** Labelled pages' feature vectors, classes (indices into MGT_CLASSES) and languages. */
interface Part {
  xs: Float64Array[];
  ys: number[];
  langs: string[];
  /** The optional detectors (detector-subsets.ts) that scored each page. */
  present: string[][];
}

function measure(verdict: VerdictModel, held: Part): Record<MachineClass, HoldoutClassResult> {
  const human = MGT_CLASSES.indexOf('human');
  const probs = held.xs.map((x, i) => verdict.probabilitiesOfPage(x, held.langs[i], held.present[i]));
  const out = {} as Record<MachineClass, HoldoutClassResult>;
  for (const cls of MACHINE_CLASSES) {
    const c = MGT_CLASSES.indexOf(cls);
    const pos = probs.filter((_, i) => held.ys[i] === c).map((p) => p[c]!);
    const neg = probs.filter((_, i) => held.ys[i] === human).map((p) => p[c]!);
    const atThresholds: HoldoutClassResult['atThresholds'] = {};
    for (const level of FPR_LEVELS) {
      // Each page against the pooled threshold of the fit that judges it (the detectors that scored it).
      const flagged = (i: number): boolean =>
        probs[i]![c]! >= verdict.thresholdsFor(undefined, held.present[i])[cls][String(level)]!;
      const share = (y: number): number => {
        const rows = held.ys.flatMap((v, i) => (v === y ? [i] : []));
        return rows.length === 0 ? NaN : rows.filter(flagged).length / rows.length;
      };
      atThresholds[String(level)] = { tpr: share(c), fpr: share(human) };
    }
    out[cls] = {
      positives: pos.length,
      negatives: neg.length,
      auroc: auroc(pos, neg),
      tprAt1: tprAtFpr(pos, neg, 0.01),
      tprAt5: tprAtFpr(pos, neg, 0.05),
      atThresholds,
    };
  }
  return out;
}
