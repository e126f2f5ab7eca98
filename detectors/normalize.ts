import { endianness } from 'node:os';
import { codeUnitTable } from './code-units.js';

/** Format characters (zero-width joiners, BOMs, bidi marks): invisible, and used to dodge filters. */
const FORMAT_CHARS = /\p{Cf}/gu;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** 1 for a BMP code unit that is a letter, number or mark (a surrogate is not); built on first use. */
let wordUnits: Uint8Array | undefined;
/** The same for code points past the BMP, as they are met (forgotten past ASTRAL_CACHE of them). */
const astralWord = new Map<number, boolean>();
const ASTRAL_CACHE = 1 << 16;
const BIG_ENDIAN = endianness() === 'BE';
/** Reused output buffer of `joinWords`, grown up to KEEP_UNITS; a longer text gets its own. */
let kept = new Uint16Array(4096);
const KEEP_UNITS = 1 << 20;

function isAstralWord(cp: number): boolean {
  let word = astralWord.get(cp);
  if (word === undefined) {
    word = WORD_CHAR.test(String.fromCodePoint(cp));
    if (astralWord.size >= ASTRAL_CACHE) astralWord.clear();
    astralWord.set(cp, word);
  }
  return word;
}

/**
 * `text.replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim()`, in one pass over the code units into a
 * buffer: each run of code points that are not letters, numbers or marks becomes one space, none at
 * either end. That replace was most of duplicate normalisation's time (a page's words each became
 * a match).
 */
function joinWords(text: string): string {
  const word = (wordUnits ??= codeUnitTable(WORD_CHAR));
  if (kept.length < text.length && text.length <= KEEP_UNITS) {
    kept = new Uint16Array(Math.min(KEEP_UNITS, text.length * 2));
  }
  const out = kept.length >= text.length ? kept : new Uint16Array(text.length);
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let isWord = word[c] === 1;
    let pair = false;
    if (!isWord && c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pair = true;
        isWord = isAstralWord((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000);
      }
    }
    if (!isWord) {
      // A run of non-word code points is one space, and there is none before the first word.
      pendingSpace = n > 0;
      if (pair) i++;
      continue;
    }
    if (pendingSpace) out[n++] = 32;
    pendingSpace = false;
    out[n++] = c;
    if (pair) out[n++] = text.charCodeAt(++i);
  }
  const bytes = Buffer.from(out.buffer, out.byteOffset, n * 2);
  // The buffer holds code units in the platform's byte order; 'utf16le' reads little-endian ones.
  if (BIG_ENDIAN) bytes.swap16();
  return bytes.toString('utf16le');
}

/**
 * The form texts are compared in for duplicate detection: NFKC (folds compatibility characters
 * and many homoglyph tricks), lower case, format characters removed, punctuation and symbols
 * as word breaks, whitespace collapsed. Two pages that differ only in such details are duplicates.
 */
export function normalizeForDedup(text: string): string {
  return joinWords(text.normalize('NFKC').toLowerCase().replace(FORMAT_CHARS, ''));
}

/**
 * Invisible characters that change no rendered glyph: format characters (zero-width space, joiners,
 * bidi marks, BOM, soft hyphen), variation selectors, combining grapheme joiner, Hangul fillers.
 */
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0]|\u034F|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;
/** Other space characters (no-break, en, em, ideographic...) read as a plain space. */
const ODD_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * Cyrillic and Greek letters drawn like Latin ones: what homoglyph attacks (RAID) substitute into
 * English text. NFKC leaves them alone, since they are distinct letters.
 */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  е: 'e',
  к: 'k',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ү: 'y',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Ԛ: 'Q',
  Ԝ: 'W',
  Ү: 'Y',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  τ: 't',
  υ: 'u',
  ρ: 'p',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const HOMOGLYPH_CLASS = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'u');
const LETTERS = /\p{L}[\p{L}\p{M}]*/gu;
const LATIN = /\p{Script=Latin}/gu;
const ANY_LETTER = /\p{L}/gu;

/**
 * The form text is scored in by the models: NFKC, invisible characters removed, odd spaces made
 * plain, and, in text that is mostly Latin script, Cyrillic and Greek look-alikes inside words of
 * Latin letters and look-alikes only mapped to the Latin letter they imitate. A word with any other
 * Cyrillic or Greek letter is left alone, so Russian or Greek text is not touched.
 */
export function normalizeForModel(text: string): string {
  let out = text.normalize('NFKC').replace(INVISIBLE, '').replace(ODD_SPACE, ' ');
  if (!HOMOGLYPH_CLASS.test(out)) return out;
  const latin = out.match(LATIN)?.length ?? 0;
  const letters = out.match(ANY_LETTER)?.length ?? 0;
  if (latin * 2 < letters) return out;
  out = out.replace(LETTERS, (word) => {
    if (!HOMOGLYPH_CLASS.test(word)) return word;
    let mapped = '';
    for (const ch of word) {
      const latinCh = HOMOGLYPHS[ch];
      if (latinCh !== undefined) mapped += latinCh;
      else if (/\p{Script=Latin}|\p{M}/u.test(ch)) mapped += ch;
      else return word;
    }
    return mapped;
  });
  return out;
}

/** Scripts written without spaces, where one character carries about what three Latin ones do. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/**
 * How much text a page has to judge, in Latin-character equivalents: the normalized length, with
 * Han, kana and Hangul characters counted three times (a 70-character Chinese paragraph says about
 * as much as a 200-character English one).
 */
export function judgeableLength(text: string): number {
  const t = normalizeForModel(text).trim();
  return t.length + 2 * (t.match(WIDE)?.length ?? 0);
}
