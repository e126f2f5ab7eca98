import type { DeclaredLanguage, LangGuess, Sentence } from '../db/types.js';
import { topLanguages } from './franc-index.js';
import { canonicalCode, LID_LANGUAGES, lidLabelCode } from './lang-codes.js';
import { loadLidModel, type LidPrediction } from './lid-model.js';
import { countScripts } from './script.js';
import { splitSentences } from './sentences.js';

/**
 * Language identification: fastText's lid.176 decides; franc (trigram profiles from the UDHR) is a
 * second opinion in two cases only (see `secondOpinion`); a page's declared language is a prior where
 * the text is short or ambiguous. Every answer carries lid's probability, the runner-up, the script,
 * and, when no language can be told, `und` with the reason.
 */

/** lid.176, loaded once per thread (each worker thread has its own WebAssembly instance). */
const lid = await loadLidModel();

/** Below this many letters (in any script) a text is `und`: lid.176 guesses at random on a word or two. */
export const MIN_LETTERS = 12;

/** Kept for callers that test text length: the shortest text worth identifying, in characters. */
export const MIN_LANGID_CHARS = 20;

/**
 * Share of a text's non-space characters that are code punctuation (`{}[]<>=;$\|&*#@~^_`) above
 * which it is source code or markup, not language: prose has 0-3%, code 10-30%.
 */
export const CODE_SHARE = 0.1;

/** Below this share of its letters in one script, with lid unsure, a text is `und` (`mixed_scripts`). */
export const MIN_SCRIPT_SHARE = 0.7;

/**
 * lid's probability below which an answer is uncertain; also uncertain when the runner-up has at
 * least RUNNER_UP_RATIO of the winner's probability (two close languages, neither ruled out).
 */
export const UNCERTAIN_BELOW = 0.5;
export const RUNNER_UP_RATIO = 0.5;

/**
 * How much of lid's best probability a sentence's document language may trail by and still be
 * chosen for that sentence (it is chosen when its probability is at least this share of the
 * best's): a short sentence is ambiguous between close languages, and its page says which.
 */
export const DOC_LANGUAGE_PRIOR = 0.25;

/**
 * The same for a page's declared language (`<html lang>`, `Content-Language`, `hreflang`, URL),
 * used only on short (below DECLARED_PRIOR_CHARS) or uncertain text: declarations are wrong often
 * enough (templates copied between sites, MT farms declaring one language and serving another) that
 * a clear text outweighs them.
 */
export const DECLARED_PRIOR = 0.25;
export const DECLARED_PRIOR_CHARS = 200;

/**
 * Below this probability lid.176's first choice is rarely right (7% of the 87 pages of
 * data/langid-eval below 0.2, both halves), so the text is `und` (`low_confidence`) unless franc
 * names it.
 */
export const MIN_CONFIDENCE = 0.2;

/** How many of lid's labels are read: enough to find a document or declared language a little behind. */
const TOP_K = 5;

/**
 * Characters of a document lid reads: the rest adds time (about 0.2 µs a character), not evidence
 * (lid averages the word vectors of what it reads; 150-200 words settle a page's language).
 */
const MAX_LID_CHARS = 1024;

const CODE_PUNCTUATION = /[{}[\]<>=;$\\|&*#@~^_]/g;

type UndReason = NonNullable<LangGuess['reason']>;

function und(reason: UndReason, script?: string): LangGuess {
  return { code: 'und', score: 0, reason, ...(script && { script }) };
}

/** Characters of a text the refusals look at: enough to know its scripts and whether it is code. */
const MAX_CHECK_CHARS = 4096;

/**
 * Why `text` cannot be identified at all, before asking a model (`reason`, with the script when
 * it has letters); otherwise its main script and that script's share of its letters.
 */
function refuse(
  whole: string,
): { reason: UndReason; script?: string } | { script: string; scriptShare: number } {
  const text = whole.length > MAX_CHECK_CHARS ? whole.slice(0, MAX_CHECK_CHARS) : whole;
  if (!text.trim()) return { reason: 'empty' };
  const { script, letters, share } = countScripts(text);
  if (letters === 0) return { reason: 'no_letters' };
  if (letters < MIN_LETTERS || text.trim().length < MIN_LANGID_CHARS) return { reason: 'too_short', script };
  const nonSpace = text.replace(/\s+/g, '').length;
  const codeChars = text.match(CODE_PUNCTUATION)?.length ?? 0;
  if (codeChars / nonSpace >= CODE_SHARE) return { reason: 'code', script };
  return { script, scriptShare: share };
}

interface Candidate {
  code: string;
  score: number;
}

/** lid's answer as project codes, probabilities summed where two labels are one code. */
function candidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const [label, p] of lid.predict(
    text.length > MAX_LID_CHARS ? text.slice(0, MAX_LID_CHARS) : text,
    TOP_K,
  )) {
    const code = lidLabelCode(label);
    if (!code) continue;
    const seen = out.find((c) => c.code === code);
    if (seen) seen.score += p;
    else out.push({ code, score: p });
  }
  return out.sort((a, b) => b.score - a.score);
}

const round = (p: number): number => Math.round(p * 1e4) / 1e4;

function guess(cands: Candidate[], chosen: Candidate, script: string, by: LangGuess['by']): LangGuess {
  const runner = cands.find((c) => c !== chosen);
  const uncertain =
    chosen.score < UNCERTAIN_BELOW ||
    (runner !== undefined && runner.score >= RUNNER_UP_RATIO * chosen.score);
  return {
    code: chosen.code,
    score: round(chosen.score),
    ...(runner && { runnerUp: { code: runner.code, score: round(runner.score) } }),
    script,
    by,
    ...(uncertain && { uncertain }),
  };
}

/**
 * lid's probability below which franc is asked (see `secondOpinion`). Chosen on the development half
 * of data/langid-eval (the catalogs of eight packages; `npm run eval:langid` reports the other half):
 * 0.3-0.8 were tried, and franc's margin 0, 0.02 and 0.05.
 */
export const FRANC_BELOW = 0.7;

/** franc's scores are normalised (the best is 1), not probabilities: its runner-up must trail by this much. */
const FRANC_MARGIN = 0.02;

/**
 * franc's second opinion, when lid is below FRANC_BELOW and franc is clear (FRANC_MARGIN): franc's
 * language wins if it is one of lid's candidates (franc separates some close languages lid mixes up:
 * Afrikaans/Dutch, Galician/Portuguese, Bokmål/Nynorsk, Cyrillic Uzbek), or if it is one lid.176
 * does not know at all (Hausa, Zulu, Xhosa, Northern Sotho, ...: lid cannot name them, so it spreads
 * its probability over neighbours) and lid is below UNCERTAIN_BELOW. Undefined when franc adds nothing.
 */
function secondOpinion(text: string, cands: Candidate[]): { code: string; known: boolean } | undefined {
  const top = cands[0];
  if (!top || top.score >= FRANC_BELOW) return undefined;
  const ranked = topLanguages(text, { minLength: MIN_LANGID_CHARS });
  const francBest = ranked[0];
  if (!francBest || francBest[0] === 'und') return undefined;
  const second = ranked[1];
  if (second && francBest[1] - second[1] < FRANC_MARGIN) return undefined;
  const best = canonicalCode(francBest[0]);
  if (best === top.code) return undefined;
  if (cands.some((c) => c.code === best)) return { code: best, known: true };
  if (!LID_LANGUAGES.has(best) && top.score < UNCERTAIN_BELOW) return { code: best, known: false };
  return undefined;
}

/**
 * The language of a whole text. `declared` (the page's own statements, see `declaredLanguages`)
 * is recorded, and decides between lid's candidates where the text is short or lid unsure.
 */
export function identifyDocument(text: string, declared: readonly DeclaredLanguage[] = []): LangGuess {
  const checked = refuse(text);
  const withDeclared = (g: LangGuess): LangGuess => {
    if (declared.length === 0) return g;
    const mismatch = g.code !== 'und' && !g.uncertain && declared.every((d) => d.code !== g.code);
    return { ...g, declared: [...declared], ...(mismatch && { mismatch }) };
  };
  if ('reason' in checked) return withDeclared(und(checked.reason, checked.script));
  const cands = candidates(text);
  const top = cands[0];
  if (!top) return withDeclared(und('low_confidence', checked.script));
  if (top.score < UNCERTAIN_BELOW && checked.scriptShare < MIN_SCRIPT_SHARE) {
    return withDeclared(und('mixed_scripts', checked.script));
  }
  // franc is asked at most once, only when lid is below FRANC_BELOW, and not when a declaration settles it.
  let asked = false;
  let opinion: ReturnType<typeof secondOpinion>;
  const franc = (): ReturnType<typeof secondOpinion> => {
    if (!asked) [asked, opinion] = [true, secondOpinion(text, cands)];
    return opinion;
  };
  if (top.score < MIN_CONFIDENCE && !franc()) return withDeclared(und('low_confidence', checked.script));
  const ambiguous = top.score < UNCERTAIN_BELOW || text.length < DECLARED_PRIOR_CHARS;
  if (ambiguous) {
    for (const d of declared) {
      const c = cands.find((x) => x.code === d.code);
      // A declaration that agrees with lid's first choice settles it (franc is not asked).
      if (c && c.score >= DECLARED_PRIOR * top.score) {
        return withDeclared(guess(cands, c, checked.script, c === top ? 'lid' : 'declared'));
      }
    }
  }
  const second = franc();
  if (second?.known) {
    return withDeclared(
      guess(
        cands,
        cands.find((c) => c.code === second.code)!,
        checked.script,
        'franc',
      ),
    );
  }
  if (second) {
    // A language lid.176 does not know: no probability can be given for it.
    return withDeclared({
      code: second.code,
      score: 0,
      runnerUp: { code: top.code, score: round(top.score) },
      script: checked.script,
      by: 'franc',
      uncertain: true,
    });
  }
  return withDeclared(guess(cands, top, checked.script, 'lid'));
}

/**
 * The language of one sentence of a document in `docLang`: every language may win (a foreign
 * sentence must be able to), but the document's language is chosen when lid gives it at least
 * DOC_LANGUAGE_PRIOR of the best probability.
 */
export function identifySentence(sentence: string, docLang: string): LangGuess {
  return 'reason' in refuse(sentence) ? { code: 'und', score: 0 } : lidSentence(sentence, docLang);
}

/** `identifySentence` for text that passed `refuse`. */
function lidSentence(sentence: string, docLang: string): LangGuess {
  const cands = candidates(sentence);
  const top = cands[0];
  if (!top) return { code: 'und', score: 0 };
  const doc = cands.find((c) => c.code === docLang);
  const chosen = doc && doc.score >= DOC_LANGUAGE_PRIOR * top.score ? doc : top;
  return { code: chosen.code, score: round(chosen.score) };
}

/**
 * How far (in franc's normalised score) the page's language may trail franc's best for a sentence
 * and still be taken as that sentence's language without asking lid (the previous language step's
 * prior, measured on the demo sample: see `tests/detectors/langid-accuracy.test.ts`).
 */
const FRANC_AGREES = 0.1;

/**
 * Whether franc's trigram index (about 10 µs a sentence, against lid's 15-40) finds the page's own
 * language for a sentence: then the page's language explains it and lid is not asked.
 */
function francAgrees(sentence: string, docLang: string): boolean {
  const ranked = topLanguages(sentence, { minLength: MIN_LANGID_CHARS });
  const [best, second] = ranked;
  if (!best) return false;
  if (canonicalCode(best[0]) === docLang) return true;
  return second !== undefined && canonicalCode(second[0]) === docLang && second[1] >= best[1] - FRANC_AGREES;
}

/**
 * The share of a page's identified sentence text another language must hold to become the page's
 * language instead of lid's reading of the whole. Chosen on the development half of
 * data/langid-eval, pages with a sentence of another language inserted: never switching, 79.6% of
 * them right (86.3% of the plain pages); switching to the largest language, 81.8% (85.8%); above
 * one half, 81.2% (86.0%); above 0.6, 81.2% (86.2%).
 */
export const MAJORITY_SHARE = 0.6;

/**
 * Segments a text and identifies the language of the whole and of every sentence; the page's
 * `share` is the part of its identified sentence text (by characters) in the page's language, so a
 * page with untranslated leftovers or two languages shows it.
 *
 * A cascade keeps this cheap: a sentence in the page's script for which franc finds the page's
 * language takes the page's code and probability; every other sentence goes to lid.176
 * (`identifySentence`). On monolingual pages most sentences stop at franc.
 */
export function identifyLanguages(
  text: string,
  declared: readonly DeclaredLanguage[] = [],
): { lang: LangGuess; sentences: Sentence[] } {
  const lang = identifyDocument(text, declared);
  const inherited: LangGuess = { code: lang.code, score: lang.score };
  let known = 0;
  const byCode = new Map<string, number>();
  const sentences = splitSentences(text).map(({ start, end }) => {
    const sentence = text.slice(start, end);
    let s: LangGuess;
    const checked = refuse(sentence);
    const sameScript = !('reason' in checked) && checked.script === lang.script;
    if ('reason' in checked) s = { code: 'und', score: 0 };
    // A page neither model can name: its sentences in the page's own script are no easier (lid's
    // guesses below MIN_CONFIDENCE are right about one time in fourteen), so only the others are asked.
    else if (lang.reason === 'low_confidence' && sameScript) s = { code: 'und', score: 0 };
    else if (lang.code !== 'und' && sameScript && francAgrees(sentence, lang.code)) s = inherited;
    else s = lidSentence(sentence, lang.code);
    if (s.code !== 'und') {
      known += end - start;
      byCode.set(s.code, (byCode.get(s.code) ?? 0) + end - start);
    }
    return { start, end, lang: s };
  });
  if (lang.code === 'und' || known === 0) return { lang, sentences };
  // The page's language is the one most of its sentence text is in: lid read the page as a whole, and
  // a long passage in another language can sway it.
  const [majority, chars] = [...byCode].sort((a, b) => b[1] - a[1])[0]!;
  const main = byCode.get(lang.code) ?? 0;
  if (majority !== lang.code && chars > main && chars > MAJORITY_SHARE * known) {
    const previous = { code: lang.code, score: lang.score };
    lang.code = majority;
    lang.score = 0;
    lang.runnerUp = previous;
    lang.by = 'sentences';
    lang.uncertain = true;
    // `mismatch` is for confident results only (see identifyDocument); this one is uncertain.
    delete lang.mismatch;
    lang.share = round(chars / known);
  } else {
    lang.share = round(main / known);
  }
  return { lang, sentences };
}

/** lid.176's raw top-k for a text, as project codes: for evaluations that compare the models alone. */
export function lidCandidates(text: string): readonly LidPrediction[] {
  return candidates(text).map((c) => [c.code, c.score] as const);
}
