import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DocScore, Evidence, Verdict, VerdictReason } from '../../db/types.js';
import type { MgtClass } from '../models/label-map.js';
import { judgeableLength } from '../normalize.js';
import {
  OPTIONAL_DETECTORS,
  detectorsPresent,
  featureIndices,
  isSubsetOf,
  selectFeatures,
  subsetName,
} from './detector-subsets.js';
import { FEATURES, featureVector, markerCodes, scoreMap, type ScoreMap } from './features.js';
import { centreOnLanguage } from './language-reference.js';
import { logits, softmax, standardize } from './logistic.js';
import {
  DEFAULT_LABEL_LEVEL,
  FPR_LEVELS,
  MACHINE_CLASSES,
  VerdictModelError,
  nested,
  type AbstentionCode,
  type LabelRule,
  type MachineClass,
  type Thresholds,
  type VerdictFit,
  type VerdictModelFile,
} from './verdict-file.js';

export * from './verdict-file.js';

/** A fit with the feature indices it reads. */
interface ResolvedFit extends VerdictFit {
  indices: number[];
  /** Per language with thresholds of its own, those merged over the pooled ones. */
  merged: Map<string, Thresholds>;
}

export class VerdictModel {
  readonly digest: string;
  /** The top-level fit first, then the subsets, largest first. */
  private readonly fits: ResolvedFit[];

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
    const top: VerdictFit = {
      detectors: file.detectors ?? [...OPTIONAL_DETECTORS],
      model: file.model,
      thresholds: file.thresholds,
      ...(file.languageThresholds && { languageThresholds: file.languageThresholds }),
      ...(file.range && { range: file.range }),
    };
    this.fits = [top, ...(file.subsets ?? [])]
      .map((fit) => {
        const unknown = fit.detectors.filter((d) => !OPTIONAL_DETECTORS.includes(d));
        if (unknown.length > 0)
          throw new Error(`a fit names detectors this code does not know: ${unknown.join(', ')}`);
        const indices = featureIndices(fit.detectors);
        if (fit.model.means.length !== indices.length) {
          throw new Error(
            `its fit for ${subsetName(fit.detectors)} has ${fit.model.means.length} features, this code reads ${indices.length} for it`,
          );
        }
        return { ...fit, indices, merged: new Map<string, Thresholds>() };
      })
      .sort((a, b) => b.detectors.length - a.detectors.length);
  }

  /** The detector subsets it has a fit for, largest first. */
  get subsets(): string[][] {
    return this.fits.map((f) => f.detectors);
  }

  /** The fit for a page the optional detectors `present` scored: the largest one they cover. */
  private fitFor(present: readonly string[]): ResolvedFit | undefined {
    return this.fits.find((f) => isSubsetOf(f.detectors, present));
  }

  /**
   * Whether a run of the optional detectors `detectors` can be judged: it can when some fit needs
   * no other detector. Undefined when it can, else a message saying which subsets it was fitted for.
   */
  refusal(detectors: readonly string[]): string | undefined {
    if (this.fitFor(detectors)) return undefined;
    return (
      `the verdict was fitted for ${this.fits.map((f) => subsetName(f.detectors)).join(', ')}, ` +
      `not for ${subsetName(detectors)}: add the missing detectors to --detectors, ` +
      'or refit the verdict with `corpus-audit fit-verdict` on pages those detectors scored'
    );
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

  /**
   * The thresholds for a page in `lang` judged by the fit over `detectors` (default: every
   * detector): its language's own where the fit has them, else the pooled ones.
   */
  thresholdsFor(lang: string | undefined, detectors: readonly string[] = OPTIONAL_DETECTORS): Thresholds {
    return this.thresholdsOfFit(this.fitFor(detectors) ?? this.fits[0]!, lang);
  }

  /** Which human pages the thresholds of a page in `lang` stand on (Verdict.reference). */
  private referenceOf(fit: ResolvedFit, lang: string | undefined): NonNullable<Verdict['reference']> {
    const own = lang === undefined ? undefined : fit.languageThresholds?.[lang];
    const levels = [...new Set(Object.values(own ?? {}).flatMap((byLevel) => Object.keys(byLevel)))].sort();
    return {
      lang: lang ?? 'und',
      pages: (lang !== undefined && this.file.languageReference?.languages[lang]?.pages) || 0,
      ownLevels: levels.map(Number),
    };
  }

  private thresholdsOfFit(fit: ResolvedFit, lang: string | undefined): Thresholds {
    const own = lang === undefined ? undefined : fit.languageThresholds?.[lang];
    if (!own) return fit.thresholds;
    let merged = fit.merged.get(lang!);
    if (!merged) {
      merged = {} as Thresholds;
      for (const cls of MACHINE_CLASSES) merged[cls] = nested({ ...fit.thresholds[cls], ...own[cls] });
      fit.merged.set(lang!, merged);
    }
    return merged;
  }

  /**
   * Class probabilities, in `classes` order, of a full feature vector (already centred on its
   * language), by the fit over `detectors` (default: every detector).
   */
  probabilitiesOfFeatures(x: Float64Array, detectors: readonly string[] = OPTIONAL_DETECTORS): number[] {
    const fit = this.fitFor(detectors) ?? this.fits[0]!;
    const sub = selectFeatures(x, fit.indices);
    return softmax(logits(standardize(sub, fit.model), fit.model));
  }

  /** Class probabilities of a page's raw feature vector in language `lang`. */
  probabilitiesOfPage(
    x: Float64Array,
    lang: string | undefined,
    detectors: readonly string[] = OPTIONAL_DETECTORS,
  ): number[] {
    const reference = this.file.languageReference;
    return this.probabilitiesOfFeatures(reference ? centreOnLanguage(x, lang, reference).x : x, detectors);
  }

  /**
   * The verdict for one page: text decides `insufficient`; scores and evidence decide the rest,
   * the language-dependent scores read against `lang`'s human reference where the file has one.
   * The label is the decision at a policy's levels: `labelAt` (a policy's `labelOf`), or without
   * it the built-in policy's (flagged at the 1% threshold).
   */
  decide(
    docId: string,
    text: string,
    scores: readonly DocScore[],
    evidence: readonly Evidence[],
    lang?: string,
    labelAt?: LabelRule,
  ): Verdict {
    const present = detectorsPresent(scores);
    const fit = this.fitFor(present);
    const base = {
      docId,
      calibration: this.digest,
      thresholds: this.thresholdsOfFit(fit ?? this.fits[0]!, lang),
      detectors: (fit ?? this.fits[0]!).detectors,
      reference: this.referenceOf(fit ?? this.fits[0]!, lang),
    };
    const abstain = (
      code: AbstentionCode,
      value: number,
      detail: string,
      probs: Verdict['probs'] = {},
    ): Verdict => ({
      ...base,
      label: 'insufficient',
      probs,
      fprLevel: null,
      reasons: [{ code, detector: 'verdict', value, detail }],
    });
    const chars = judgeableLength(text);
    if (chars < this.file.minChars) {
      return abstain(
        'too_short',
        chars,
        `${chars} ${chars === 1 ? 'character' : 'characters'} of text (Han, kana and Hangul count 3); at least ${this.file.minChars} are needed to judge`,
      );
    }
    if (!fit) {
      return abstain(
        'no_fit_for_detectors',
        present.length,
        `scored by ${subsetName(present)}; ${this.refusal(present)!}`,
      );
    }
    const map = scoreMap(scores);
    const reference = this.file.languageReference;
    const full = featureVector(map);
    const centred = reference ? centreOnLanguage(full, lang, reference) : undefined;
    const x = selectFeatures(centred?.x ?? full, fit.indices);
    const z = standardize(x, fit.model);
    const p = softmax(logits(z, fit.model));
    const probs = Object.fromEntries(this.file.classes.map((c, i) => [c, p[i]!])) as Record<MgtClass, number>;
    if (centred?.pages === 0) {
      // No human page in this language stood behind the calibration: its scores cannot be read
      // against human text in its language, and the thresholds promise nothing for it. Abstain
      // (the probabilities, read against all languages, stay for ranking), unless the policy has
      // thresholds of its own for the language (labelAt).
      const name = lang ?? 'und';
      const abstained = abstain(
        'no_reference_for_language',
        0,
        `no human calibration page in language ${name}: the verdict cannot say how unusual this page is for human text in ${name} (fit it on labelled pages of that language with \`corpus-audit fit-verdict\`, or calibrate it with \`corpus-audit calibrate\`)`,
        probs,
      );
      const decided = labelAt?.(abstained);
      if (!decided || decided.label === 'insufficient') return abstained;
      const reasons = decided.label === 'human' ? [] : this.reasons(decided.label, fit, map, x, z, evidence);
      return { ...base, ...decided, probs, reasons };
    }
    // At the built-in policy's level (1% for both classes), unless the policy decides (labelAt).
    let label: MgtClass = 'human';
    let fprLevel: number | null = null;
    for (const cls of MACHINE_CLASSES) {
      const level = [...FPR_LEVELS].find((l) => probs[cls] >= base.thresholds[cls][String(l)]!);
      if (level === undefined || level > DEFAULT_LABEL_LEVEL) continue;
      if (label === 'human' || probs[cls] > probs[label]) {
        label = cls;
        fprLevel = level;
      }
    }
    if (labelAt) {
      const decided = labelAt({ ...base, label, probs, fprLevel, reasons: [] });
      if (decided.label !== 'insufficient')
        ({ label, fprLevel } = decided as { label: MgtClass; fprLevel: number | null });
    }
    if (label !== 'human') {
      // An accusation that holds only with values beyond what the fit saw is an extrapolation:
      // with every feature held within its range, would the page still be flagged?
      const outside = this.outsideRange(fit, x);
      if (outside.length > 0) {
        const clipped = softmax(logits(standardize(clip(x, fit.range!), fit.model), fit.model));
        const held = Object.fromEntries(this.file.classes.map((c, i) => [c, clipped[i]!])) as Record<
          MgtClass,
          number
        >;
        const within = labelAt
          ? labelAt({ ...base, label: 'human', probs: held, fprLevel: null, reasons: [] }).label
          : MACHINE_CLASSES.some((c) => held[c] >= base.thresholds[c][String(DEFAULT_LABEL_LEVEL)]!)
            ? label
            : 'human';
        if (within === 'human') {
          return abstain(
            'out_of_distribution',
            outside.length,
            `${outside.join('; ')}: outside the values of the pages the verdict was fitted on; held within them the page would not be flagged, so the verdict does not accuse it`,
            probs,
          );
        }
      }
    }
    const reasons = label === 'human' ? [] : this.reasons(label, fit, map, x, z, evidence);
    return { ...base, label, probs, fprLevel, reasons };
  }

  /** The features of `x` (the fit's) beyond the fit's range, described. */
  private outsideRange(fit: ResolvedFit, x: Float64Array): string[] {
    if (!fit.range) return [];
    const out: string[] = [];
    fit.indices.forEach((feature, i) => {
      const v = x[i]!;
      const lo = fit.range!.min[i]!;
      const hi = fit.range!.max[i]!;
      if (Number.isNaN(v) || (v >= lo && v <= hi)) return;
      out.push(
        `${FEATURES[feature]!.name} ${v.toPrecision(3)} (fitted on ${lo.toPrecision(3)} to ${hi.toPrecision(3)})`,
      );
    });
    return out;
  }

  /**
   * The evidence that moved a page toward `cls`: each feature's contribution to the log-odds of
   * `cls` against human, largest first, those above a quarter nat. `x` is the page's feature vector
   * read from `map` (the features `fit` reads), `z` the same standardized.
   */
  private reasons(
    cls: MachineClass,
    fit: ResolvedFit,
    map: ScoreMap,
    x: Float64Array,
    z: Float64Array,
    evidence: readonly Evidence[],
  ): VerdictReason[] {
    const w = fit.model.weights;
    const c = this.file.classes.indexOf(cls);
    const h = this.file.classes.indexOf('human');
    const out: { reason: VerdictReason; contribution: number }[] = [];
    const markers = markerCodes(evidence);
    fit.indices.forEach((feature, i) => {
      const f = FEATURES[feature]!;
      if (Number.isNaN(x[i]!)) return;
      const contribution = (w[c]![i]! - w[h]![i]!) * z[i]!;
      if (contribution < 0.25) return;
      const detail = `${f.describe(map)}: +${contribution.toFixed(2)} log-odds for ${cls}`;
      // One reason per plugin the traces name (the feature counts them together).
      const codes = f.code === 'mt_marker' && markers.length > 0 ? markers : [f.code];
      for (const code of codes) {
        out.push({ reason: { code, detector: f.detector, value: x[i]!, detail }, contribution });
      }
    });
    return out.sort((a, b) => b.contribution - a.contribution).map((r) => r.reason);
  }
}

/** `x` with each value held within `range` (missing values stay missing). */
function clip(x: Float64Array, range: NonNullable<VerdictFit['range']>): Float64Array {
  return x.map((v, i) => (Number.isNaN(v) ? v : Math.min(range.max[i]!, Math.max(range.min[i]!, v))));
}
