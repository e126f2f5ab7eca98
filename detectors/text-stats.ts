import { normalizeForModel } from './normalize.js';
import { splitSentences } from './sentences.js';

/**
 * Page-level text statistics that no window of a classifier sees: a classifier scores a few
 * hundred tokens at a time and averages, so a page that never returns to its topic looks, window
 * by window, like one that does.
 *
 * `cohesion` is the share of a page's content words (words of CONTENT_LETTERS letters or more, a
 * language-independent stand-in for "not a function word") whose word occurs in at least one
 * other sentence nearby (within a run of WINDOW_WORDS content words): lexical cohesion in Halliday and Hasan's sense, the repetition that
 * ties a text's sentences to one topic. Human articles keep coming back to their words; text
 * sampled from an n-gram model (the Markov-chain spam and spun pages of web-spam research, and the
 * demo world's LM spam) wanders from word to word and rarely repeats one. Fluent text from a
 * modern language model is as cohesive as human prose: this catches word salad, not LLM output.
 */
export const TEXT_STATS_DETECTOR = 'text_stats';
/** Names this version of the statistics, for `score`'s resumability (the "model digest"). */
export const TEXT_STATS_VERSION = 'text_stats/1: cohesion over words of 5+ letters in runs of 120';

export const CONTENT_LETTERS = 5;
/**
 * Cohesion is counted within runs of this many content words. On the demo world's English human
 * pages it then stays near 0.3 whatever their length (median 0.28 under 100 content words, 0.25
 * over 400), where counted over the whole page it rose to 0.45.
 */
export const WINDOW_WORDS = 120;
/** Fewer content words or sentences than this: too little text, no value. */
export const MIN_CONTENT_WORDS = 30;
export const MIN_SENTENCES = 3;
/**
 * Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese):
 * above this share of a page's letters in them, words cannot be counted, so there is no value.
 */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const MAX_UNSPACED_SHARE = 0.3;

const WORD = /\p{L}[\p{L}\p{M}]*/gu;

export interface TextStats {
  /** In [0, 1]; undefined when the text is too short or not written with spaces. */
  cohesion: number | undefined;
  contentWords: number;
  sentences: number;
}

/** The statistics of one page's text (normalised as the models see it, so homoglyphs count as letters). */
export function textStats(text: string): TextStats {
  const normalized = normalizeForModel(text);
  const spans = splitSentences(normalized);
  const sentenceWords: string[][] = [];
  let letters = 0;
  let unspaced = 0;
  for (const { start, end } of spans) {
    const words: string[] = [];
    for (const [word] of normalized.slice(start, end).matchAll(WORD)) {
      letters += word.length;
      if (UNSPACED.test(word)) unspaced += word.length;
      else if (word.length >= CONTENT_LETTERS) words.push(word.toLowerCase());
    }
    sentenceWords.push(words);
  }
  const contentWords = sentenceWords.reduce((n, words) => n + words.length, 0);
  const result = { cohesion: undefined, contentWords, sentences: spans.length };
  if (
    contentWords < MIN_CONTENT_WORDS ||
    spans.length < MIN_SENTENCES ||
    unspaced > MAX_UNSPACED_SHARE * letters
  ) {
    return result;
  }
  let repeated = 0;
  for (const window of windows(sentenceWords)) repeated += repeatedWords(window);
  return { ...result, cohesion: repeated / contentWords };
}

/**
 * Whole sentences in runs of at least WINDOW_WORDS content words (a short remainder joins the run
 * before it): cohesion is counted within a run, so that a long page does not look cohesive only
 * because, over thousands of words, any text repeats its common long words.
 */
function windows(sentenceWords: readonly string[][]): string[][][] {
  const out: string[][][] = [];
  let current: string[][] = [];
  let words = 0;
  for (const sentence of sentenceWords) {
    current.push(sentence);
    words += sentence.length;
    if (words >= WINDOW_WORDS) {
      out.push(current);
      current = [];
      words = 0;
    }
  }
  if (current.length > 0) {
    if (out.length > 0) out.at(-1)!.push(...current);
    else out.push(current);
  }
  return out;
}

/** Content words of a run of sentences whose word occurs in another sentence of the run. */
function repeatedWords(sentences: readonly string[][]): number {
  const sentencesWith = new Map<string, number>();
  for (const words of sentences) {
    for (const word of new Set(words)) sentencesWith.set(word, (sentencesWith.get(word) ?? 0) + 1);
  }
  let repeated = 0;
  for (const words of sentences) for (const word of words) if (sentencesWith.get(word)! > 1) repeated++;
  return repeated;
}
