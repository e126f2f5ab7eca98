import { describe, expect, it } from 'vitest';
import { isLanguageTag, languageFreeKey } from '../../../detectors/mwp/url-key.js';

describe('languageFreeKey', () => {
  it('strips language codes from paths, file names, queries and subdomains', () => {
    const same = (urls: string[]): void => {
      const keys = urls.map(languageFreeKey);
      expect(keys[0]).toBeDefined();
      expect(new Set(keys).size, urls.join(' ')).toBe(1);
    };
    same([
      'https://ex.org/en/news/a.html',
      'https://ex.org/es/news/a.html',
      'https://ex.org/pt-br/news/a.html',
    ]);
    same(['https://ex.org/page-en.html', 'https://ex.org/page-fr.html', 'https://ex.org/page_de.html']);
    same(['https://ex.org/page.en.html', 'https://ex.org/page.it.html']);
    same([
      'https://ex.org/a?lang=en&id=3',
      'https://ex.org/a?id=3&lang=fr',
      'https://ex.org/a?hl=zh-CN&id=3',
    ]);
    same(['https://en.ex.org/story/1', 'https://fr.ex.org/story/1', 'https://ex.org/de/story/1']);
  });

  it('keeps what is not a language code, and gives no key to URLs without one', () => {
    expect(languageFreeKey('https://ex.org/news/a.html')).toBeUndefined();
    expect(languageFreeKey('https://www.ex.org/news/a.html')).toBeUndefined();
    expect(languageFreeKey('https://ex.org/en/a?id=3')).not.toBe(languageFreeKey('https://ex.org/es/a?id=4'));
    expect(languageFreeKey('https://ex.org/en/a')).not.toBe(languageFreeKey('https://other.org/es/a'));
    expect(languageFreeKey('not a url')).toBeUndefined();
  });

  it('knows language tags', () => {
    for (const tag of ['en', 'es', 'pt-BR', 'zh_Hans', 'es-419', 'fil'])
      expect(isLanguageTag(tag), tag).toBe(true);
    for (const tag of ['news', 'xx', 'e', 'en-u', '12']) expect(isLanguageTag(tag), tag).toBe(false);
  });
});
