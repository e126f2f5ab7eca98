import type { Doc } from '../../db/types.js';

/** A fully-populated document for Store round trips. */
export function sampleDoc(n: number, overrides: Partial<Doc> = {}): Doc {
  return {
    id: `doc-${String(n).padStart(4, '0')}`,
    url: `https://www.site${n % 3}.example/page/${n}`,
    text: `Sentence one of document ${n}. Sentence two here.`,
    title: `Title ${n}`,
    provenance: {
      sourceKind: 'warc',
      path: '/data/crawl.warc.gz',
      recordOffset: n * 1000,
      recordLength: 999,
      recordId: `<urn:uuid:${n}>`,
      fetchTime: '2024-05-01T10:00:00Z',
      httpStatus: 200,
      httpHeaders: { 'content-type': 'text/html; charset=utf-8' },
      contentDigest: `sha256:${String(n).padStart(64, '0')}`,
    },
    charset: { name: 'utf-8', source: 'header' },
    page: {
      alternates: [{ hreflang: 'de', href: 'https://x/de' }],
      links: ['https://x/a'],
      meta: { generator: 'X' },
      scripts: [],
      traces: [],
      langAttrs: {},
    },
    lang: { code: n % 2 ? 'eng' : 'deu', score: 0.5 },
    sentences: [
      { start: 0, end: 28, lang: { code: 'eng', score: 0.4 } },
      { start: 29, end: 48, lang: { code: 'und', score: 0 } },
    ],
    textHash: `hash-${n}`,
    minhash: new Uint32Array([n, n + 1, n + 2]),
    lshBands: [n % 2, 100 + n],
    ...overrides,
  };
}
