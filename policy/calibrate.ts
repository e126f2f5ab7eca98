import { UserError } from '../db/errors.js';
import { NO_HOST } from '../db/host.js';
import { hashSeed } from '../db/random.js';
import { OPTIONAL_DETECTORS } from '../detectors/verdict/detector-subsets.js';
import { conformalThreshold } from '../detectors/verdict/roc.js';
import { FPR_LEVELS, MACHINE_CLASSES, type MachineClass } from '../detectors/verdict/verdict-model.js';

/**
 * `corpus-audit calibrate`: thresholds set on pages a user knows to be human, per language, by
 * split-conformal calibration (Mondrian by language): a new human page of a language, exchangeable
 * with that language's calibration pages, is flagged for a class at a level with probability at
 * most the level. A language needs 19 pages for the 5% level and 99 for the 1% level; with fewer,
 * the file holds the pooled threshold of all its pages at that level (when they are enough), else
 * nothing, and the policy keeps the verdict's own threshold there.
 */
export const CALIBRATION_FORMAT = 'corpus-audit-thresholds/1';

/** Human pages below which the command says the sample is small. */
export const SMALL_SAMPLE = 200;

/** A human page as the verdict judged it. */
export interface CalibrationPage {
  id: string;
  /** ISO 639-3, as language ID stored it. */
  lang: string;
  host: string | undefined;
  probs: Partial<Record<MachineClass, number>>;
  /** The optional detectors whose fit judged it (absent: all of them, older verdicts). */
  detectors: readonly string[] | undefined;
  /** Digest of the verdict file that judged it. */
  verdict: string;
}

export type ClassThresholds = Partial<Record<MachineClass, Record<string, number>>>;

/** Thresholds for the pages one detector subset's fit judged. */
export interface CalibratedFit {
  detectors: string[];
  pages: number;
  /** All its pages pooled, at the levels they are enough for. */
  thresholds: ClassThresholds;
  /** Per language, at the levels its own pages are enough for. */
  languages: Record<string, { pages: number; thresholds: ClassThresholds }>;
}

/** What a language's thresholds did on the half of its pages they were not set on. */
export interface MeasuredLanguage {
  pages: number;
  /**
   * Per level: pages judged by the other half's thresholds of their language (none where that half
   * had too few pages for the level: `fpr` NaN), those flagged for any machine class, and their share.
   */
  levels: Record<string, { heldOut: number; flagged: number; fpr: number }>;
}

export interface CalibrationFile {
  format: typeof CALIBRATION_FORMAT;
  /** Digest of the verdict file whose probabilities these thresholds read. */
  verdict: string;
  /** By detector subset (`mgt_classifier+zero_shot+mwp`). */
  fits: Record<string, CalibratedFit>;
  /** Two-fold check per language: thresholds set on one half, measured on the other. */
  measured: Record<string, MeasuredLanguage>;
  sample: {
    pages: number;
    languages: number;
    /** The host with the most pages, and its share. */
    topHost?: { host: string; share: number };
  };
  /** What the sample cannot promise: small, one language, mostly one site. */
  warnings: string[];
  fittedOn: Record<string, unknown>;
}

/** A sample that cannot give thresholds: the message says what the guarantee would need. */
export class CalibrationError extends UserError {
  override readonly name: string = 'CalibrationError';
}

/** The key of a detector subset in a calibration file. */
export function subsetKey(detectors: readonly string[] | undefined): string {
  return OPTIONAL_DETECTORS.filter((d) => (detectors ?? OPTIONAL_DETECTORS).includes(d)).join('+');
}

/** Pages a level needs at least for the split-conformal guarantee: ceil(1/level) - 1. */
export function pagesForLevel(level: number): number {
  return Math.ceil(1 / level) - 1;
}

/**
 * Per level, the conformal threshold of `pages` on their highest machine-class probability, the
 * same for every class, where the pages are enough: a page is flagged for a class when that
 * class's probability reaches it, so a human page is flagged for any class with probability at
 * most the level (per-class thresholds at the level would let the two classes add up to twice it).
 */
function thresholdsOf(pages: readonly CalibrationPage[]): ClassThresholds {
  const scores = pages.map((p) => Math.max(...MACHINE_CLASSES.map((cls) => p.probs[cls] ?? 0)));
  const out: ClassThresholds = {};
  for (const level of FPR_LEVELS) {
    const t = conformalThreshold(scores, level);
    if (t === Infinity) continue;
    for (const cls of MACHINE_CLASSES) (out[cls] ??= {})[String(level)] = t;
  }
  return out;
}

function fitsOf(pages: readonly CalibrationPage[]): Record<string, CalibratedFit> {
  const fits: Record<string, CalibratedFit> = {};
  const bySubset = groupBy(pages, (p) => subsetKey(p.detectors));
  for (const [key, group] of [...bySubset].sort()) {
    const languages: CalibratedFit['languages'] = {};
    for (const [lang, own] of [...groupBy(group, (p) => p.lang)].sort()) {
      const thresholds = thresholdsOf(own);
      if (Object.keys(thresholds).length > 0) languages[lang] = { pages: own.length, thresholds };
    }
    fits[key] = {
      detectors: key === '' ? [] : key.split('+'),
      pages: group.length,
      thresholds: thresholdsOf(group),
      languages,
    };
  }
  return fits;
}

/**
 * Whether `page` is flagged for any machine class at `level` by `fits`, as the policy reads them:
 * undefined where `fits` has no thresholds of the page's language at that level (the policy then
 * keeps the verdict's own, which this sample cannot measure).
 */
function flagged(
  page: CalibrationPage,
  fits: Record<string, CalibratedFit>,
  level: number,
): boolean | undefined {
  const fit = fits[subsetKey(page.detectors)];
  const own = fit?.languages[page.lang]?.thresholds;
  if (!fit || !own) return undefined;
  let measured = false;
  for (const cls of MACHINE_CLASSES) {
    const t = own[cls]?.[String(level)] ?? fit.thresholds[cls]?.[String(level)];
    const p = page.probs[cls];
    if (t === undefined || p === undefined) continue;
    measured = true;
    if (p >= t) return true;
  }
  return measured ? false : undefined;
}

/**
 * Thresholds from `pages` (human pages the verdict judged), with a two-fold measurement per
 * language and warnings for what the sample cannot promise.
 */
export function calibrateThresholds(
  pages: readonly CalibrationPage[],
  options: { seed?: number; fittedOn?: Record<string, unknown> } = {},
): CalibrationFile {
  if (pages.length === 0) throw new CalibrationError('no human page with a verdict to calibrate on');
  const digests = [...new Set(pages.map((p) => p.verdict))];
  if (digests.length > 1) {
    throw new CalibrationError(
      `the human pages were judged by ${digests.length} different verdict files: run corpus-audit score again so that one verdict judges them all`,
    );
  }
  const least = pagesForLevel(Math.max(...FPR_LEVELS));
  if (pages.length < least) {
    throw new CalibrationError(
      `${pages.length} human pages give no guarantee at any level: the ${Math.max(...FPR_LEVELS) * 100}% level needs ${least} pages of a language, ` +
        `the ${Math.min(...FPR_LEVELS) * 100}% level ${pagesForLevel(Math.min(...FPR_LEVELS))}; label more pages (${SMALL_SAMPLE}+ are advised)`,
    );
  }
  const fits = fitsOf(pages);
  const seed = options.seed ?? 1;
  const half = (p: CalibrationPage): number => hashSeed('calibrate', seed, p.id) % 2;
  const halves = [0, 1].map((h) => pages.filter((p) => half(p) === h));
  const halfFits = halves.map((h) => fitsOf(h));
  const measured: Record<string, MeasuredLanguage> = {};
  for (const [lang, own] of [...groupBy(pages, (p) => p.lang)].sort()) {
    const levels: MeasuredLanguage['levels'] = {};
    for (const level of FPR_LEVELS) {
      // Each half judged by the thresholds of the other half, where that half has its own.
      const judged = own.map((p) => flagged(p, halfFits[1 - half(p)]!, level)).filter((v) => v !== undefined);
      const hits = judged.filter(Boolean).length;
      levels[String(level)] = {
        heldOut: judged.length,
        flagged: hits,
        fpr: judged.length === 0 ? NaN : hits / judged.length,
      };
    }
    measured[lang] = { pages: own.length, levels };
  }
  const languages = new Set(pages.map((p) => p.lang));
  const hosts = [...groupBy(pages, (p) => p.host ?? NO_HOST)].sort((a, b) => b[1].length - a[1].length);
  const [topHost, topPages] = hosts[0]!;
  const topShare = topPages.length / pages.length;
  const warnings: string[] = [];
  if (pages.length < SMALL_SAMPLE) {
    warnings.push(
      `only ${pages.length} human pages: a language's 5% threshold needs 19 of its pages and its 1% threshold 99; ` +
        "the other languages and levels keep the verdict's own thresholds, which promise nothing for your corpus",
    );
  }
  if (languages.size === 1) {
    warnings.push(
      `every page is in ${[...languages][0]!}: pages in other languages keep the verdict's own thresholds`,
    );
  }
  if (topShare > 0.5 && topHost !== NO_HOST) {
    warnings.push(
      `${(100 * topShare).toFixed(0)}% of the pages come from ${topHost}: the levels hold for pages like these; ` +
        'pages of other sites may be flagged more often (add human pages from more sites)',
    );
  }
  if (Object.values(fits).every((f) => Object.keys(f.languages).length === 0)) {
    warnings.push(
      `no language has ${least} pages of its own: only pooled thresholds, whose level holds for the mix of languages sampled, not for each`,
    );
  }
  return {
    format: CALIBRATION_FORMAT,
    verdict: digests[0]!,
    fits,
    measured,
    sample: {
      pages: pages.length,
      languages: languages.size,
      topHost: { host: topHost, share: Number(topShare.toFixed(4)) },
    },
    warnings,
    fittedOn: options.fittedOn ?? {},
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
