import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DocScore, Evidence, Verdict, VerdictReason } from '../../db/types.js';
import type { MgtClass } from '../models/label-map.js';
import { judgeableLength } from '../normalize.js';
import { FEATURES, featureVector, markerCodes, scoreMap, type ScoreMap } from './features.js';
import { centreOnLanguage, type LanguageReferenceFile } from './language-reference.js';
import { logits, softmax, standardize, type LogisticModel } from './logistic.js';
import { UserError } from '../../db/errors.js';

/** The target false-positive rates on human text that thresholds are chosen for. */
export const FPR_LEVELS = [0.01, 0.05] as const;
export type MachineClass = Exclude<MgtClass, 'human'>;
export const MACHINE_CLASSES: readonly MachineClass[] = ['machine-translation', 'lm-generated'];

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
  languageThresholds?: Record<string, Partial<Record<MachineClass, Record<string, number>>>>;
}

/** The verdict file cannot be read or does not fit this code. */
export class VerdictModelError extends UserError {}

export class VerdictModel {
  readonly digest: string;
  /** Per language with thresholds of its own, those merged over the pooled ones (decide runs per page). */
  private readonly mergedThresholds = new Map<string, Record<MachineClass, Record<string, number>>>();

  constructor(readonly file: VerdictModelFile) {
    if ((file.format as string) !== 'corpus-audit-verdict/1')
      throw new Error(`unknown verdict model format '${file.format as string}'`);
    const names = FEATURES.map((f) => f.name).join(',');
    if (file.features.join(',') !== names) {
      throw new Error(
        `the verdict model was fitted on features ${file.features.join(',')}, this code reads ${names}: ` +
          'refit it on your labelled pages with `corpus-audit fit-verdict`, or use the shipped verdict',
      );
    }
    this.digest = createHash('sha256').update(JSON.stringify(file)).digest('hex');
  }

  static load(path: string): VerdictModel {
    try {
      return new VerdictModel(JSON.parse(readFileSync(path, 'utf8')) as VerdictModelFile);
    } catch (err) {
      throw new VerdictModelError(
        `cannot use the verdict model ${path}: ${(err as Error).message} ` +
          '(refit it with scripts/fit-verdict.ts, or leave verdict out of --detectors)',
      );
    }
  }

  /** The thresholds for a page in `lang`: its language's own where it has them, else the pooled ones. */
  thresholdsFor(lang: string | undefined): Record<MachineClass, Record<string, number>> {
    const own = lang === undefined ? undefined : this.file.languageThresholds?.[lang];
    if (!own) return this.file.thresholds;
    let merged = this.mergedThresholds.get(lang!);
    if (!merged) {
      merged = {} as Record<MachineClass, Record<string, number>>;
      for (const cls of MACHINE_CLASSES) merged[cls] = { ...this.file.thresholds[cls], ...own[cls] };
      this.mergedThresholds.set(lang!, merged);
    }
    return merged;
  }

  /** Class probabilities, in `classes` order, of a feature vector (already centred on its language). */
  probabilitiesOfFeatures(x: Float64Array): number[] {
    return softmax(logits(standardize(x, this.file.model), this.file.model));
  }

  /** Class probabilities of a page's raw feature vector in language `lang`. */
  probabilitiesOfPage(x: Float64Array, lang: string | undefined): number[] {
    const reference = this.file.languageReference;
    return this.probabilitiesOfFeatures(reference ? centreOnLanguage(x, lang, reference).x : x);
  }

  /**
   * The verdict for one page: text decides `insufficient`; scores and evidence decide the rest,
   * the language-dependent scores read against `lang`'s human reference where the file has one.
   */
  decide(
    docId: string,
    text: string,
    scores: readonly DocScore[],
    evidence: readonly Evidence[],
    lang?: string,
  ): Verdict {
    const base = { docId, calibration: this.digest, thresholds: this.thresholdsFor(lang) };
    const chars = judgeableLength(text);
    if (chars < this.file.minChars) {
      return {
        ...base,
        label: 'insufficient',
        probs: {},
        fprLevel: null,
        reasons: [
          {
            code: 'too_short',
            detector: 'verdict',
            value: chars,
            detail: `${chars} ${chars === 1 ? 'character' : 'characters'} of text (Han, kana and Hangul count 3); at least ${this.file.minChars} are needed to judge`,
          },
        ],
      };
    }
    const map = scoreMap(scores);
    const reference = this.file.languageReference;
    const centred = reference ? centreOnLanguage(featureVector(map), lang, reference) : undefined;
    const x = centred?.x ?? featureVector(map);
    const z = standardize(x, this.file.model);
    const p = softmax(logits(z, this.file.model));
    const probs = Object.fromEntries(this.file.classes.map((c, i) => [c, p[i]!])) as Record<MgtClass, number>;
    if (centred?.pages === 0) {
      // No human page in this language stood behind the calibration: its scores cannot be read
      // against human text in its language, and the thresholds promise nothing for it. Abstain
      // (the probabilities, read against all languages, stay for ranking).
      const name = lang ?? 'und';
      return {
        ...base,
        label: 'insufficient',
        probs,
        fprLevel: null,
        reasons: [
          {
            code: 'no_reference_for_language',
            detector: 'verdict',
            value: 0,
            detail: `no human calibration page in language ${name}: the verdict cannot say how unusual this page is for human text in ${name} (fit it on labelled pages of that language with \`corpus-audit fit-verdict\`)`,
          },
        ],
      };
    }
    let label: MgtClass = 'human';
    let fprLevel: number | null = null;
    for (const cls of MACHINE_CLASSES) {
      const level = [...FPR_LEVELS].find((l) => probs[cls] >= base.thresholds[cls][String(l)]!);
      if (level === undefined) continue;
      if (label === 'human' || probs[cls] > probs[label]) {
        label = cls;
        fprLevel = level;
      }
    }
    const reasons = label === 'human' ? [] : this.reasons(label, map, x, z, evidence);
    return { ...base, label, probs, fprLevel, reasons };
  }

  /**
   * The evidence that moved a page toward `cls`: each feature's contribution to the log-odds of
   * `cls` against human, largest first, those above a quarter nat. `x` is the page's feature vector
   * read from `map`, `z` the same standardized.
   */
  private reasons(
    cls: MachineClass,
    map: ScoreMap,
    x: Float64Array,
    z: Float64Array,
    evidence: readonly Evidence[],
  ): VerdictReason[] {
    const w = this.file.model.weights;
    const c = this.file.classes.indexOf(cls);
    const h = this.file.classes.indexOf('human');
    const out: { reason: VerdictReason; contribution: number }[] = [];
    const markers = markerCodes(evidence);
    FEATURES.forEach((f, i) => {
      if (Number.isNaN(x[i]!)) return;
      const contribution = (w[c]![i]! - w[h]![i]!) * z[i]!;
      if (contribution < 0.25) return;
      const code = f.code === 'mt_marker' && markers.length > 0 ? markers.join(',') : f.code;
      const detail = `${f.describe(map)}: +${contribution.toFixed(2)} log-odds for ${cls}`;
      out.push({ reason: { code, detector: f.detector, value: x[i]!, detail }, contribution });
    });
    return out.sort((a, b) => b.contribution - a.contribution).map((r) => r.reason);
  }
}
