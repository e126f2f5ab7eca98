import type { Verdict } from '../../db/types.js';
import { UserError } from '../../db/errors.js';
import type { MgtClass } from '../models/label-map.js';
import type { CombinerChoice } from './grouped-cv.js';
import type { LanguageReferenceFile } from './language-reference.js';
import type { LogisticModel } from './logistic.js';

/**
 * What a verdict file holds and the names it shares with the code that reads it: the levels, the
 * classes, the fits, the abstention codes and how a policy labels a verdict.
 */

/** The target false-positive rates on human text that thresholds are chosen for. */
export const FPR_LEVELS = [0.01, 0.05] as const;
export type MachineClass = Exclude<MgtClass, 'human'>;
export const MACHINE_CLASSES: readonly MachineClass[] = ['machine-translation', 'lm-generated'];

export type Thresholds = Record<MachineClass, Record<string, number>>;
export type LanguageThresholds = Record<string, Partial<Record<MachineClass, Record<string, number>>>>;

/**
 * The combination fitted over the features of a subset of the optional detectors (`detectors`;
 * detector-subsets.ts), with thresholds set on its own out-of-fold human probabilities.
 */
export interface VerdictFit {
  detectors: string[];
  /** Over the features `featureIndices(detectors)` selects, in FEATURES order. */
  model: LogisticModel;
  thresholds: Thresholds;
  languageThresholds?: LanguageThresholds;
  /**
   * The lowest and highest value of each of its features among the pages it was fitted on (absent:
   * older files): an accusation that rests on values beyond them is an extrapolation.
   */
  range?: { min: number[]; max: number[] };
  /** How its L2 penalty was chosen (grouped cross-validation by source; absent: the default). */
  combiner?: CombinerChoice;
}

/** What `models/verdict/verdict.json` holds: the fitted combination and its thresholds. */
export interface VerdictModelFile {
  format: 'corpus-audit-verdict/1';
  classes: MgtClass[];
  features: string[];
  model: LogisticModel;
  /** Per machine class, the probability at or above which a page is flagged, per FPR level. */
  thresholds: Record<MachineClass, Record<string, number>>;
  /** Pages shorter than this (`judgeableLength`: Latin-character equivalents) get `insufficient`. */
  minChars: number;
  /** The detector models whose scores it was fitted on (a different model needs a new fit). */
  models: Record<string, { spec: string; digest: string }>;
  fittedOn: Record<string, unknown>;
  /** Per-language human means of the language-dependent features (absent: none; older files). */
  languageReference?: LanguageReferenceFile;
  /**
   * Per language, the thresholds set on its own human calibration pages, at the levels it has
   * enough pages for; they replace the pooled `thresholds` for its pages.
   */
  languageThresholds?: LanguageThresholds;
  /**
   * The optional detectors the top-level `model` and thresholds read (absent: all of
   * OPTIONAL_DETECTORS, as in files written before subsets were fitted).
   */
  detectors?: string[];
  /** Fits over fewer detectors, for pages some detector did not score (absent: none). */
  subsets?: VerdictFit[];
  /** The top-level fit's feature range (VerdictFit.range). */
  range?: VerdictFit['range'];
  /** The top-level fit's choice of penalty (VerdictFit.combiner). */
  combiner?: CombinerChoice;
}

/** Why a verdict abstains (`insufficient`): its first reason's code. */
export const ABSTENTION_CODES = [
  'too_short',
  'no_fit_for_detectors',
  'no_reference_for_language',
  'out_of_distribution',
] as const;

export type AbstentionCode = (typeof ABSTENTION_CODES)[number];

/** The FPR level the label is decided at without a policy: the built-in policy's. */
export const DEFAULT_LABEL_LEVEL = 0.01;

/** How a policy labels a verdict (`PolicyEngine.labelOf`, bound to the page's language). */
export type LabelRule = (verdict: Verdict) => Pick<Verdict, 'label' | 'fprLevel'>;

/** The verdict file cannot be read or does not fit this code. */
export class VerdictModelError extends UserError {}

/**
 * Thresholds by level made nested: a stricter level never flags where a looser one does not (a
 * language's own 5% threshold can sit above the pooled 1% one its pages fall back to).
 */
export function nested(byLevel: Record<string, number>): Record<string, number> {
  const levels = Object.keys(byLevel).sort((a, b) => Number(b) - Number(a));
  const out: Record<string, number> = {};
  let floor = -Infinity;
  for (const level of levels) {
    floor = Math.max(floor, byLevel[level]!);
    out[level] = floor;
  }
  return out;
}
