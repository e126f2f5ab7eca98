import { ZERO_SHOT_DETECTOR } from '../models/zero-shot.js';
import { FEATURES } from './features.js';

/**
 * Per-language reference points for the features that depend on the language more than on who
 * wrote the text: the zero-shot scores (log-likelihood, rank, entropy, Fast-DetectGPT, ...) of
 * language models that saw some languages far more than others, so that any page in a rarer
 * language looks improbable to them. Before the verdict combines them, a page's values are moved
 * by the difference between its language's human mean and the human mean of all languages, so
 * each score says how unusual the page is for human text in its own language.
 *
 * A language's mean is shrunk toward the global one by SHRINK_PAGES pseudo-pages, so a language
 * with few calibration pages moves little; a language without any is not moved, and its pages are
 * judged against the global reference (the verdict says so).
 */
export const SHRINK_PAGES = 10;

/** Indices into FEATURES of the language-dependent features. */
export const LANGUAGE_FEATURES: readonly number[] = FEATURES.flatMap((f, i) =>
  f.detector === ZERO_SHOT_DETECTOR ? [i] : [],
);

export interface LanguageReferenceFile {
  /**
   * Whether pages are moved (true), or the reference only counts each language's human calibration
   * pages, for abstaining on languages without any (false: measured better on the cross-source
   * world with the shipped models, docs/evaluation.md).
   */
  centred: boolean;
  /** Names of the features it shifts, in the order of `global` and each language's `means`. */
  features: string[];
  /** Their mean over every human calibration page. */
  global: number[];
  /** Per language (ISO 639-3 as language ID stores it): human calibration pages and shrunk means. */
  languages: Record<string, { pages: number; means: number[] }>;
}

/** Fits the reference on the human pages among `xs` (feature vectors), with their languages. */
export function fitLanguageReference(
  xs: readonly Float64Array[],
  isHuman: readonly boolean[],
  langs: readonly string[],
  centred = true,
): LanguageReferenceFile {
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
  const present = (rows: readonly Float64Array[], f: number): number[] =>
    rows.map((x) => x[f]!).filter((v) => !Number.isNaN(v));
  const humans = xs.filter((_, i) => isHuman[i]);
  const global = LANGUAGE_FEATURES.map((f) => mean(present(humans, f)));
  const byLang = new Map<string, Float64Array[]>();
  xs.forEach((x, i) => {
    if (!isHuman[i]) return;
    const list = byLang.get(langs[i]!) ?? [];
    list.push(x);
    byLang.set(langs[i]!, list);
  });
  const languages: LanguageReferenceFile['languages'] = {};
  for (const [lang, rows] of [...byLang].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    languages[lang] = {
      pages: rows.length,
      means: LANGUAGE_FEATURES.map((f, k) => {
        const values = present(rows, f);
        const shrunk =
          (values.reduce((a, b) => a + b, 0) + SHRINK_PAGES * global[k]!) / (values.length + SHRINK_PAGES);
        return Number(shrunk.toPrecision(6));
      }),
    };
  }
  return {
    centred,
    features: LANGUAGE_FEATURES.map((f) => FEATURES[f]!.name),
    global: global.map((v) => Number(v.toPrecision(6))),
    languages,
  };
}

/**
 * A copy of `x` with its language-dependent features moved to the global human reference (when the
 * reference is `centred`), and the number of human calibration pages of its language (0: none; the
 * page is not moved).
 */
export function centreOnLanguage(
  x: Float64Array,
  lang: string | undefined,
  reference: LanguageReferenceFile,
): { x: Float64Array; pages: number } {
  const own = lang === undefined ? undefined : reference.languages[lang];
  if (!own) return { x, pages: 0 };
  if (!reference.centred) return { x, pages: own.pages };
  const out = Float64Array.from(x);
  LANGUAGE_FEATURES.forEach((f, k) => {
    if (!Number.isNaN(out[f]!)) out[f] = out[f]! - own.means[k]! + reference.global[k]!;
  });
  return { x: out, pages: own.pages };
}
