import { describe, expect, it } from 'vitest';
import { judgeableLength, normalizeForModel } from '../../detectors/normalize.js';

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
