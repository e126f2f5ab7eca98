import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../crawlers/charset.js';

/** Text in each encoding's own script, encoded with iconv-lite (an independent implementation). */
const SAMPLES: [encoding: string, text: string][] = [
  ['utf-8', 'Všichni lidé rodí se svobodní — 人人生而自由'],
  ['windows-1252', 'Déclaration universelle des droits de l’homme — “quotes” €'],
  ['iso-8859-2', 'Všetci ľudia sa rodia slobodní a sebe rovní'],
  ['iso-8859-5', 'Все люди рождаются свободными'],
  ['iso-8859-7', 'Όλοι οι άνθρωποι γεννιούνται ελεύθεροι'],
  ['iso-8859-15', 'Œuvre déjà vue: 10 €'],
  ['shift_jis', 'すべての人間は、生まれながらにして自由であり'],
  ['euc-jp', 'すべての人間は、生まれながらにして自由であり'],
  ['gb18030', '人人生而自由，在尊严和权利上一律平等'],
  ['big5', '人人生而自由，在尊嚴和權利上一律平等'],
  ['koi8-r', 'Все люди рождаются свободными и равными'],
  ['windows-1251', 'Всички хора се раждат свободни и равни'],
];

describe('charset decoding', () => {
  it.each(SAMPLES)('%s from the HTTP header', (encoding, text) => {
    const bytes = iconv.encode(`<p>${text}</p>`, encoding);
    const result = decodeBytes(bytes, { contentType: `text/html; charset=${encoding}` });
    expect(result.text).toBe(`<p>${text}</p>`);
    expect(result.charset.source).toBe('header');
  });

  it.each(SAMPLES)('%s from <meta charset>', (encoding, text) => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${encoding}"></head><body>${text}</body></html>`;
    const result = decodeBytes(iconv.encode(html, encoding), { contentType: 'text/html' });
    expect(result.text).toBe(html);
    expect(result.charset.source).toBe('meta');
  });

  it('a byte-order mark beats a wrong header', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Grüße')]);
    expect(decodeBytes(bytes, { contentType: 'text/html; charset=iso-8859-1' })).toEqual({
      text: 'Grüße',
      charset: { name: 'utf-8', source: 'bom' },
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße', 'utf16le')]);
    expect(decodeBytes(utf16).text).toBe('Grüße');
  });

  it('without any declaration, valid UTF-8 is UTF-8 and anything else windows-1252', () => {
    expect(decodeBytes(Buffer.from('naïve café')).charset).toEqual({ name: 'utf-8', source: 'sniff' });
    const latin = iconv.encode('naïve café', 'windows-1252');
    expect(decodeBytes(latin)).toEqual({
      text: 'naïve café',
      charset: { name: 'windows-1252', source: 'sniff' },
    });
  });

  it('declared UTF-8 that is really windows-1252 falls back and says so', () => {
    const bytes = iconv.encode('<p>Déjà vu à la française, très élégant</p>', 'windows-1252');
    const result = decodeBytes(bytes, { contentType: 'text/html; charset=utf-8' });
    expect(result.text).toBe('<p>Déjà vu à la française, très élégant</p>');
    expect(result.charset).toEqual({ name: 'windows-1252', source: 'fallback' });
    expect(result.replaced).toBeGreaterThan(0);
  });

  it('an unknown label is reported and the next signal is used', () => {
    const result = decodeBytes(Buffer.from('<meta charset="utf-8">ok'), {
      contentType: 'text/html; charset=x-klingon',
    });
    expect(result.unknownLabel).toBe('x-klingon');
    expect(result.charset).toEqual({ name: 'utf-8', source: 'meta' });
  });
});
