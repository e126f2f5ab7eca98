import { hashString, hashString53 } from '../minhash.js';
import { normalizeForDedup } from '../normalize.js';
import type { PageFeatures } from './stored-features.js';

/**
 * What the multi-way parallel detector keeps of a document: per sentence its length, whether it
 * opens a paragraph, its anchors and the key of its normalised text. Sentences take their
 * document's language: sentence-level language ID on short machine-translated sentences is noisy
 * (on one French MT page of the demo world, 7 of 59 sentences came out Portuguese, Swedish,
 * Lua or undetermined),
 * and a wrong language would keep a sentence out of its tuple. Compact typed
 * arrays, so a corpus of 100,000 pages fits in memory without its text.
 */
export interface DocFeatures {
  /** Position of the document in the stage's (id-ordered) list. */
  index: number;
  id: string;
  url?: string;
  /** Language id (see `LanguageIds`) of the document. */
  lang: number;
  /** Length of each sentence in UTF-16 code units (Gale-Church counts characters). */
  lens: Uint32Array;
  /** 1 where a sentence opens a paragraph (extraction writes one block per line). */
  paraStart: Uint8Array;
  /** Anchors of sentence i are `anchors[anchorStart[i]..anchorStart[i+1])`, sorted. */
  anchorStart: Uint32Array;
  anchors: Uint32Array;
  /**
   * Key of each sentence's language (its document's) and normalised text (a 53-bit hash): the same sentence on two
   * pages is one node of the translation graph, as MWccMatrix merges identical sentences.
   */
  keys: Float64Array;
  /** Unit sentence vectors, row after row, when a sentence-embedding model ran. */
  vectors?: Float32Array;
}

/** Interns language codes as small integers. */
export class LanguageIds {
  private readonly ids = new Map<string, number>();
  readonly codes: string[] = [];

  id(code: string): number {
    let id = this.ids.get(code);
    if (id === undefined) {
      id = this.codes.length;
      this.ids.set(code, id);
      this.codes.push(code);
    }
    return id;
  }

  code(id: number): string {
    return this.codes[id] ?? 'und';
  }
}

/** Digit runs with inner separators (1,000 / 1.000 / 12:30 / 1961-62): separators are dropped. */
const NUMBER = /\p{N}+(?:[.,:/-]\p{N}+)*/gu;
/**
 * A capitalised word of two or more letters: names survive translation where other words do not.
 * Only where no letter, mark or digit comes before it (see `nameMatches`).
 */
const CAPITALISED = /\p{Lu}[\p{L}\p{M}'’-]*[\p{L}\p{M}]/gu;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/**
 * The matches of `(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}'’-]*[\p{L}\p{M}]` in a sentence, with the
 * lookbehind done here: V8 tried it at every position, half the time of a page's anchors. A match
 * that a letter, mark or digit precedes is dropped, and the search goes on one character after its
 * start, where the lookbehind's would have.
 */
export function nameMatches(sentence: string): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(sentence); m; m = CAPITALISED.exec(sentence)) {
    const at = m.index;
    if (at > 0) {
      const low = sentence.charCodeAt(at - 1);
      const high = at > 1 ? sentence.charCodeAt(at - 2) : 0;
      const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
      if (WORD_CHAR.test(sentence.slice(pair ? at - 2 : at - 1, at))) {
        CAPITALISED.lastIndex = at + (sentence.codePointAt(at)! > 0xffff ? 2 : 1);
        continue;
      }
    }
    out.push({ text: m[0], index: at });
  }
  return out;
}
const NOT_DECIMAL = /[^\p{Nd}]+/gu;
/**
 * Zeros of the decimal digit blocks in common use (Unicode puts each script's 0-9 in one run), so
 * that ٨ and ८ and 8 are the same anchor: ASCII, Arabic-Indic, extended Arabic-Indic, Devanagari,
 * Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Tibetan,
 * Myanmar, Khmer, Mongolian, fullwidth.
 */
const DIGIT_ZEROS = [
  0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20,
  0x1040, 0x17e0, 0x1810, 0xff10,
];

/** Decimal digits of any of those scripts as ASCII; others are kept as they are. */
function asciiDigits(digits: string): string {
  let out = '';
  for (const ch of digits) {
    const cp = ch.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9);
    out += zero === undefined ? ch : String(cp - zero);
  }
  return out;
}

/**
 * Anchors are 32-bit hashes; the lowest bit says which kind, because a number missing on one side
 * is stronger evidence against a link than a name missing (names get translated, numbers rarely).
 */
export function isNumberAnchor(anchor: number): boolean {
  return (anchor & 1) === 1;
}

/** Anchors of one sentence: numbers anywhere, names anywhere but its first word. */
export function sentenceAnchors(sentence: string): number[] {
  const out = new Set<number>();
  for (const m of sentence.matchAll(NUMBER)) {
    out.add((hashString(`n:${asciiDigits(m[0].replace(NOT_DECIMAL, ''))}`) | 1) >>> 0);
  }
  const firstWord = /^[^\p{L}\p{N}]*/u.exec(sentence)?.[0].length ?? 0;
  for (const m of nameMatches(sentence)) {
    if (m.index === firstWord) continue;
    out.add((hashString(`c:${m.text.toLowerCase()}`) & ~1) >>> 0);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Normalised sentences shorter than this in UTF-8 (so 40 Latin letters, 13 Chinese characters) are
 * not merged across pages: "He said." or "Yes." on a thousand
 * pages are not one sentence translated, and merging them would put every page that says so into
 * the tuple of whichever page's "He said." was aligned. A number makes a short sentence specific
 * enough ("Artikel 1" is the same heading wherever the UDHR is quoted).
 */
export const MIN_SHARED_SENTENCE_BYTES = 40;
const HAS_DIGIT = /\p{Nd}/u;

/**
 * A 53-bit key of a sentence's language and normalised text, scoped to its document (`docId`)
 * when the sentence is too short to be identified by its text.
 */
export function sentenceKey(lang: string, sentence: string, docId = ''): number {
  const normalized = normalizeForDedup(sentence);
  const scope =
    Buffer.byteLength(normalized) < MIN_SHARED_SENTENCE_BYTES && !HAS_DIGIT.test(normalized) ? docId : '';
  return hashString53(`${lang}\u0000${scope}\u0000${normalized}`);
}

/** Whether text[from, to) holds a line break: only the gap between two sentences is scanned. */
function newlineBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

/** What `docFeatures` reads of a document: a `DocText` (`Store.iterTexts`) or a `StoredDoc`. */
export interface FeatureSource {
  id: string;
  url?: string | undefined;
  text: string;
  lang?: { code: string } | undefined;
  sentences?: readonly { start: number; end: number }[] | undefined;
}

/**
 * The per-page part of a document's features (`PageFeatures`: what analysis stores), or undefined
 * when it has no sentences or no language.
 */
export function pageFeatures(doc: FeatureSource): PageFeatures | undefined {
  const sentences = doc.sentences ?? [];
  const docLang = doc.lang?.code ?? 'und';
  if (sentences.length === 0 || docLang === 'und') return undefined;
  const n = sentences.length;
  const lens = new Uint32Array(n);
  const paraStart = new Uint8Array(n);
  const keys = new Float64Array(n);
  const anchorStart = new Uint32Array(n + 1);
  const anchorList: number[] = [];
  let prevEnd = 0;
  for (let i = 0; i < n; i++) {
    const s = sentences[i]!;
    const text = doc.text.slice(s.start, s.end);
    lens[i] = s.end - s.start;
    paraStart[i] = i === 0 || newlineBetween(doc.text, prevEnd, s.start) ? 1 : 0;
    prevEnd = s.end;
    // A short sentence repeated within one page is still one node: scope by document, not position.
    keys[i] = sentenceKey(docLang, text, doc.id);
    anchorStart[i] = anchorList.length;
    for (const a of sentenceAnchors(text)) anchorList.push(a);
  }
  anchorStart[n] = anchorList.length;
  return { lens, paraStart, anchorStart, anchors: Uint32Array.from(anchorList), keys };
}

/** A document's features from its per-page part (computed now, or stored by analysis). */
export function withPlace(
  page: PageFeatures,
  doc: { id: string; url?: string | undefined; lang: { code: string } },
  index: number,
  languages: LanguageIds,
): DocFeatures {
  return {
    index,
    id: doc.id,
    ...(doc.url !== undefined && { url: doc.url }),
    lang: languages.id(doc.lang.code),
    ...page,
  };
}

/** Features of a stored document, or undefined when it has no sentences or no language. */
export function docFeatures(
  doc: FeatureSource,
  index: number,
  languages: LanguageIds,
): DocFeatures | undefined {
  const page = pageFeatures(doc);
  return page && withPlace(page, { id: doc.id, url: doc.url, lang: doc.lang! }, index, languages);
}
