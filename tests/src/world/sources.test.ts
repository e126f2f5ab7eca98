import { describe, expect, it } from 'vitest';
import { brownCatalogue, readBrownText } from '../../../src/world/brown.js';
import { readMtFile } from '../../../src/world/mt-data.js';
import { MT_LANGUAGES, isMtSource } from '../../../src/world/mt-languages.js';
import { HAZARD_ARTICLES } from '../../../src/world/sites/hazards.js';
import { World } from '../../../src/world/world.js';

describe('world sources', () => {
  it('reads the whole Brown corpus: 500 files in 15 genres', () => {
    const catalogue = brownCatalogue();
    expect(catalogue).toHaveLength(500);
    expect(new Set(catalogue.map((c) => c.genre)).size).toBe(15);
    const text = readBrownText('ca01', 'news');
    expect(text.paragraphs[0]![0]).toBe(
      'The Fulton County Grand Jury said Friday an investigation of Atlanta\'s recent primary election produced "no evidence" that any irregularities took place.',
    );
  });

  it('has Apertium translations of every MT-source file, aligned paragraph by paragraph', () => {
    const sources = brownCatalogue().filter((_, i) => isMtSource(i));
    for (const lang of MT_LANGUAGES) {
      const file = readMtFile(lang.code);
      expect(file.chain).toEqual(lang.chain);
      expect(Object.keys(file.articles)).toHaveLength(sources.length);
      for (const { id, genre } of sources.slice(0, 40)) {
        const english = readBrownText(id, genre).paragraphs;
        const translated = file.articles[id]!;
        expect(translated, `${lang.code} ${id}`).toHaveLength(english.length);
        expect(translated.every((p) => p.length > 0)).toBe(true);
      }
    }
  });

  it('counts the hazard site articles the page budget assumes', () => {
    const world = new World({ pages: 50 });
    const hazards = world.sites.find((s) => s.id === 'hazards')!;
    expect([...hazards.pages()].filter((p) => p.pageType === 'article')).toHaveLength(HAZARD_ARTICLES);
  });
});
