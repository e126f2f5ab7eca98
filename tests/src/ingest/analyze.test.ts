import { describe, expect, it } from 'vitest';
import type { Doc } from '../../../db/types.js';
import { analysisInput, analyzeDoc, mergeAnalysis } from '../../../src/ingest/analyze.js';

const english =
  'The committee met on Tuesday to discuss the budget for the coming year. Members agreed that the ' +
  'library should stay open on weekends, and that the reading room needs new lights before winter.';

function page(url: string, htmlLang: string, contentLanguage?: string): Doc {
  return {
    id: url,
    url,
    html: `<html lang="${htmlLang}"><head><title>t</title></head><body><article><p>${english}</p></article></body></html>`,
    text: '',
    provenance: {
      sourceKind: 'warc',
      contentDigest: `sha256:${url}`,
      ...(contentLanguage && { httpHeaders: { 'content-language': contentLanguage } }),
    },
  };
}

describe('analysis', () => {
  it("records the page's declared languages beside the identified one, and flags the disagreement", () => {
    const doc = analyzeDoc(page('https://farm.example/fr/article-1.html', 'fr', 'fr'));
    expect(typeof doc).toBe('object');
    const lang = (doc as Doc).lang!;
    expect(lang).toMatchObject({ code: 'eng', by: 'lid', mismatch: true, share: 1 });
    // Each code once, with its strongest source (the markup): html, header and URL all say French.
    expect(lang.declared).toEqual([{ code: 'fra', source: 'html' }]);
  });

  it('finds the same in a worker thread, which gets Content-Language without the headers', () => {
    const whole = page('https://farm.example/article-2.html', 'en', 'de');
    const input = analysisInput(whole);
    expect(input).not.toHaveProperty('provenance');
    const analyzed = analyzeDoc(input);
    const merged = mergeAnalysis(
      page('https://farm.example/article-2.html', 'en', 'de'),
      analyzed as Partial<Doc>,
    );
    expect(merged.lang?.declared).toEqual([
      { code: 'eng', source: 'html' },
      { code: 'deu', source: 'header' },
    ]);
    expect(merged.lang?.mismatch).toBeUndefined();
    expect(merged).not.toHaveProperty('contentLanguage');
    const inProcess = analyzeDoc(page('https://farm.example/article-2.html', 'en', 'de')) as Doc;
    expect(merged.lang).toEqual(inProcess.lang);
  });
});
