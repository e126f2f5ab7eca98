import { describe, expect, it } from 'vitest';
import { declaredLanguages } from '../../detectors/declared-language.js';
import { declaredCode, macrolanguageOf } from '../../detectors/lang-codes.js';

describe('declared languages', () => {
  it('reads BCP 47 tags as ISO 639-3 codes, macrolanguages as stated', () => {
    expect(declaredCode('pt-BR')).toBe('por');
    expect(declaredCode('sr-Latn')).toBe('srp');
    expect(declaredCode('zh_Hant')).toBe('zho');
    expect(declaredCode('nb')).toBe('nob');
    expect(declaredCode('no')).toBe('nob');
    expect(declaredCode('nn')).toBe('nno');
    expect(declaredCode('iw')).toBe('heb');
    expect(declaredCode('ha')).toBe('hau');
    expect(declaredCode('arb')).toBe('ara');
    expect(declaredCode('x-default')).toBeUndefined();
    expect(declaredCode('mul')).toBeUndefined();
    expect(declaredCode('<script>')).toBeUndefined();
    expect(macrolanguageOf('nno')).toBe('nor');
    expect(macrolanguageOf('hrv')).toBe('hbs');
    expect(macrolanguageOf('ind')).toBe('msa');
    expect(macrolanguageOf('eng')).toBe('eng');
  });

  it('collects html lang, a single Content-Language, the self hreflang and a URL segment, each code once', () => {
    expect(
      declaredLanguages({
        url: 'https://example.org/de/seite.html',
        page: {
          htmlLang: 'fr-FR',
          alternates: [
            { hreflang: 'es', href: 'https://example.org/es/pagina.html' },
            { hreflang: 'it', href: 'https://example.org/de/seite.html#top' },
          ],
        },
        contentLanguage: 'fr',
      }),
    ).toEqual([
      { code: 'fra', source: 'html' },
      { code: 'ita', source: 'hreflang' },
      { code: 'deu', source: 'url' },
    ]);
  });

  it('ignores a Content-Language naming several audiences and path words that are not languages', () => {
    expect(declaredLanguages({ url: 'https://example.org/my/account', contentLanguage: 'en, de' })).toEqual(
      [],
    );
    expect(declaredLanguages({ url: 'https://example.org/search?hl=pt-BR' })).toEqual([
      { code: 'por', source: 'url' },
    ]);
    expect(declaredLanguages({ url: 'not a url' })).toEqual([]);
  });
});
