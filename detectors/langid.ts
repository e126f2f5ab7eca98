import { rankLanguages, type Ranked } from './franc-index.js';
import type { LangGuess, Sentence } from '../db/types.js';
import { splitSentences } from './sentences.js';

/**
 * Below this many characters franc's trigram statistics are noise; such text is `und`
 * rather than a guess (franc's own floor is 10).
 */
export const MIN_LANGID_CHARS = 20;

/**
 * Sentences are identified among the document's most likely languages only. Comparing each
 * sentence against all 187 models would dominate ingest time; the document-level ranking already
 * contains the languages of any sentences long enough to matter. Falls back to all languages
 * when none of the candidates fits (for example a sentence in another script).
 */
export const SENTENCE_CANDIDATES = 8;

const UND: LangGuess = { code: 'und', score: 0 };

function toGuess(ranked: Ranked): LangGuess {
  const [top, second] = ranked;
  if (!top || top[0] === 'und') return UND;
  // franc normalises the winner to 1; the runner-up's distance from it is the margin.
  return { code: top[0], score: second ? Math.round((1 - second[1]) * 1e4) / 1e4 : 1 };
}

/** The document's language, and the ranked candidates for its sentences. */
export function identifyDocument(text: string): { lang: LangGuess; candidates: ReadonlySet<string> } {
  if (text.length < MIN_LANGID_CHARS) return { lang: UND, candidates: new Set() };
  const ranked = rankLanguages(text, { minLength: MIN_LANGID_CHARS });
  return {
    lang: toGuess(ranked),
    candidates: new Set(ranked.slice(0, SENTENCE_CANDIDATES).map(([code]) => code)),
  };
}

export function identifySentence(sentence: string, candidates: ReadonlySet<string>): LangGuess {
  if (sentence.length < MIN_LANGID_CHARS) return UND;
  if (candidates.size > 1) {
    const guess = toGuess(rankLanguages(sentence, { minLength: MIN_LANGID_CHARS, only: candidates }));
    if (guess.code !== 'und') return guess;
  }
  return toGuess(rankLanguages(sentence, { minLength: MIN_LANGID_CHARS }));
}

/** Segments a text and identifies the language of the whole and of every sentence. */
export function identifyLanguages(text: string): { lang: LangGuess; sentences: Sentence[] } {
  const { lang, candidates } = identifyDocument(text);
  const sentences = splitSentences(text).map(({ start, end }) => ({
    start,
    end,
    lang: identifySentence(text.slice(start, end), candidates),
  }));
  return { lang, sentences };
}
