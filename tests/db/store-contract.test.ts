import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../db/memory-store.js';
import { StoreOpenError } from '../../db/open-database.js';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { Store } from '../../db/store.js';
import { sampleDoc } from '../helpers/docs.js';
import { tempDir } from '../helpers/temp-dirs.js';

const open: Store[] = [];
const makers: [string, () => Store][] = [
  ['SqliteStore', () => new SqliteStore(join(tempDir(), 'audit.sqlite'))],
  ['SqliteStore in memory', () => new SqliteStore(':memory:')],
  ['MemoryStore', () => new MemoryStore()],
];

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe.each(makers)('%s contract', (_name, make) => {
  const store = (): Store => {
    const s = make();
    open.push(s);
    return s;
  };
  const run = (s: Store): number => s.beginRun({ command: 'test', config: { a: 1 }, codeVersion: 'v' });

  it('round-trips a document without markup or signature', () => {
    const s = store();
    const runId = run(s);
    const doc = sampleDoc(1, { html: '<p>x</p>' });
    s.putDocs([doc], runId);
    const { html: _h, minhash: _m, lshBands: _b, ...expected } = doc;
    expect(s.getDoc(doc.id)).toEqual({ ...expected, runId });
    expect(s.hasDoc(doc.id)).toBe(true);
    expect(s.hasDoc('nope')).toBe(false);
  });

  it('round-trips what language ID found beside the code and probability', () => {
    const s = store();
    const runId = run(s);
    const lang = {
      code: 'nob',
      score: 0.44,
      runnerUp: { code: 'dan', score: 0.41 },
      script: 'Latn',
      by: 'declared' as const,
      uncertain: true,
      declared: [{ code: 'nob', source: 'html' as const }],
      share: 0.9,
    };
    const doc = sampleDoc(7, { lang });
    s.putDocs([doc], runId);
    expect(s.getDoc(doc.id)?.lang).toEqual(lang);
    expect(s.getDoc(doc.id)?.sentences?.[0]?.lang).toEqual(doc.sentences?.[0]?.lang);
  });

  it('writes each id once and reports which ids already existed', () => {
    const s = store();
    const runId = run(s);
    expect(s.putDocs([sampleDoc(1), sampleDoc(2)], runId)).toEqual({ inserted: 2, existingIds: [] });
    const changed = sampleDoc(2, { text: 'different' });
    expect(s.putDocs([changed, sampleDoc(3)], runId)).toEqual({ inserted: 1, existingIds: ['doc-0002'] });
    expect(s.countDocs()).toBe(3);
    expect(s.getDoc('doc-0002')!.text).toBe(sampleDoc(2).text);
  });

  it('finds documents by URL', () => {
    const s = store();
    s.putDocs([sampleDoc(1), sampleDoc(2), sampleDoc(7, { url: sampleDoc(1).url })], run(s));
    expect(s.docIdsByUrl(sampleDoc(1).url!)).toEqual(['doc-0001', 'doc-0007']);
    expect(s.docIdsByUrl('https://nowhere.example/')).toEqual([]);
  });

  it('iterates documents in id order', () => {
    const s = store();
    const runId = run(s);
    s.putDocs([sampleDoc(3), sampleDoc(1), sampleDoc(2)], runId);
    expect([...s.iterDocs()].map((d) => d.id)).toEqual(['doc-0001', 'doc-0002', 'doc-0003']);
  });

  it('iterates documents without their sentences when asked, otherwise as getDoc has them', () => {
    const s = store();
    s.putDocs([sampleDoc(2), sampleDoc(1)], run(s));
    const full = [...s.iterDocs()];
    expect(full).toEqual([s.getDoc('doc-0001'), s.getDoc('doc-0002')]);
    expect(full[0]!.sentences).toHaveLength(2);
    const light = [...s.iterDocs({ sentences: false })];
    expect(light.map((d) => 'sentences' in d)).toEqual([false, false]);
    expect(light).toEqual(full.map(({ sentences: _sentences, ...rest }) => rest));
  });

  it('iterates the page data of documents that have it, in id order', () => {
    const s = store();
    const runId = run(s);
    const plain = sampleDoc(2);
    delete plain.page;
    s.putDocs(
      [sampleDoc(3, { page: { ...sampleDoc(3).page!, links: ['https://x/three'] } }), plain, sampleDoc(1)],
      runId,
    );
    const pages = [...s.iterPages()];
    expect(pages.map((p) => p.id)).toEqual(['doc-0001', 'doc-0003']);
    expect(pages[1]!.page.links).toEqual(['https://x/three']);
    expect(pages[0]!.page).toEqual(s.getDoc('doc-0001')!.page);
  });

  it('iterates text, sentence spans, language and declared translations, as iterDocs has them', () => {
    const s = store();
    const runId = run(s);
    const bare = sampleDoc(2);
    delete bare.page;
    delete bare.url;
    const canonical = sampleDoc(3, { page: { ...sampleDoc(3).page!, canonical: 'https://x/three' } });
    s.putDocs([canonical, bare, sampleDoc(1)], runId);
    const texts = [...s.iterTexts()];
    const docs = [...s.iterDocs()];
    expect(texts.map((t) => t.id)).toEqual(docs.map((d) => d.id));
    texts.forEach((t, k) => {
      const d = docs[k]!;
      expect(t).toEqual({
        id: d.id,
        ...(d.url !== undefined && { url: d.url }),
        lang: { code: d.lang?.code },
        text: d.text,
        sentences: (d.sentences ?? []).map(({ start, end }) => ({ start, end })),
        ...(d.page?.canonical !== undefined && { canonical: d.page.canonical }),
        alternates: (d.page?.alternates ?? []).map((a) => a.href),
      });
    });
    expect(texts[0]!.alternates.length).toBeGreaterThan(0);
    expect(texts[1]).not.toHaveProperty('url');
    expect(texts[2]!.canonical).toBe('https://x/three');
  });

  it('groups documents by text hash and by LSH bucket, and gives signatures back', () => {
    const s = store();
    const runId = run(s);
    // Bands [n % 2, 100 + n]: odd ids share bucket 1, even ids bucket 0. Docs 2 and 4 share a text hash.
    s.putDocs(
      [1, 2, 3, 4, 5].map((n) => sampleDoc(n, n === 4 ? { textHash: 'hash-2' } : {})),
      runId,
    );
    expect([...s.duplicateGroups('text')]).toEqual([['doc-0002', 'doc-0004']]);
    expect([...s.duplicateGroups('lsh')]).toEqual([
      ['doc-0002', 'doc-0004'],
      ['doc-0001', 'doc-0003', 'doc-0005'],
    ]);
    const sigs = s.getMinhashes(['doc-0003', 'nope']);
    expect([...sigs.keys()]).toEqual(['doc-0003']);
    expect([...sigs.get('doc-0003')!]).toEqual([3, 4, 5]);
  });

  it('records runs with configuration, status, stats and problem counts', () => {
    const s = store();
    const runId = run(s);
    s.addProblems(runId, [{ code: 'bad_json', message: 'm', path: '/f', line: 3 }]);
    const stats = [{ name: 'read', total: 2, kept: 1, dropped: 1, timeMs: 5, reasons: { x: 1 } }];
    s.finishRun(runId, { status: 'completed', stats });
    expect(s.getRun(runId)).toMatchObject({
      command: 'test',
      config: { a: 1 },
      codeVersion: 'v',
      status: 'completed',
      stats,
      problemCount: 1,
    });
    expect(s.listProblems(runId)).toEqual([{ runId, code: 'bad_json', message: 'm', path: '/f', line: 3 }]);
  });

  it('keeps per-file bookkeeping', () => {
    const s = store();
    const runId = run(s);
    const source = {
      path: '/f.warc',
      size: 10,
      mtimeMs: 1.5,
      format: 'warc',
      status: 'partial' as const,
      docs: 0,
      problems: 0,
      runId,
    };
    s.putDocs([sampleDoc(1)], runId, source);
    expect(s.getSource('/f.warc')).toEqual(source);
    s.putSource({ ...source, status: 'complete', docs: 1 });
    expect(s.getSource('/f.warc')?.status).toBe('complete');
  });

  it('keeps a crawl frontier: pending, done, render marks, reset', () => {
    const s = store();
    s.frontierAdd([
      { url: 'http://a.test/', depth: 0, chain: [], render: false },
      { url: 'http://a.test/x', depth: 1, chain: ['http://a.test/old'], render: false },
      { url: 'http://a.test/y', depth: 1, chain: [], render: false },
    ]);
    s.frontierDone(['http://a.test/']);
    // Adding again keeps the entry, except that a render mark sticks.
    s.frontierAdd([{ url: 'http://a.test/y', depth: 5, chain: [], render: true }]);
    const { pending, done } = s.frontierLoad();
    expect(done).toEqual(['http://a.test/']);
    expect(pending.sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: 'http://a.test/x', depth: 1, chain: ['http://a.test/old'], render: false },
      { url: 'http://a.test/y', depth: 1, chain: [], render: true },
    ]);
    s.frontierReset();
    expect(s.frontierLoad()).toEqual({ pending: [], done: [] });
    const runId = run(s);
    s.putDocs(
      [
        {
          ...sampleDoc(1),
          url: 'http://a.test/z',
          provenance: { ...sampleDoc(1).provenance, sourceKind: 'crawl' },
        },
      ],
      runId,
    );
    s.putDocs([sampleDoc(2)], runId);
    expect(s.crawledUrls()).toEqual(['http://a.test/z']);
  });

  it('knows where the records of its documents end in an archive', () => {
    const s = store();
    const runId = s.beginRun({ command: 'ingest', config: {}, codeVersion: 'test' });
    expect(s.recordsEnd('/data/crawl.warc.gz')).toBeUndefined();
    s.putDocs([sampleDoc(3), sampleDoc(7), sampleDoc(5)], runId);
    expect(s.recordsEnd('/data/crawl.warc.gz')).toBe(7 * 1000 + 999);
    expect(s.recordsEnd('/data/other.warc.gz')).toBeUndefined();
  });

  it('answers per-language, per-domain and duplicate tables', () => {
    const s = store();
    const runId = run(s);
    s.putDocs(
      [1, 2, 3, 4].map((n) => sampleDoc(n)),
      runId,
    );
    s.replaceDupClusters('exact', [
      { docId: 'doc-0001', clusterId: 'doc-0001' },
      { docId: 'doc-0004', clusterId: 'doc-0001' },
    ]);
    expect(s.dupSummary()).toEqual([
      { kind: 'exact', clusters: 1, docsInClusters: 2, redundantDocs: 1 },
      { kind: 'near', clusters: 0, docsInClusters: 0, redundantDocs: 0 },
    ]);
    const bytes = (n: number): number => Buffer.byteLength(sampleDoc(n).text);
    expect(s.languageStats()).toEqual([
      // Ties on documents are broken by tagged sentences, then by code.
      { lang: 'eng', docs: 2, sentences: 4, bytes: bytes(1) + bytes(3), sentencesTagged: 4 },
      { lang: 'deu', docs: 2, sentences: 4, bytes: bytes(2) + bytes(4), sentencesTagged: 0 },
      // The `und` sentences have no row: no document is `und`.
    ]);
    expect(s.domainStats()).toEqual([
      {
        host: 'site1.example',
        docs: 2,
        sentences: 4,
        bytes: bytes(1) + bytes(4),
        languages: [
          { lang: 'deu', docs: 1 },
          { lang: 'eng', docs: 1 },
        ],
        exactDuplicates: 1,
        nearDuplicates: 0,
      },
      {
        host: 'site0.example',
        docs: 1,
        sentences: 2,
        bytes: bytes(3),
        languages: [{ lang: 'eng', docs: 1 }],
        exactDuplicates: 0,
        nearDuplicates: 0,
      },
      {
        host: 'site2.example',
        docs: 1,
        sentences: 2,
        bytes: bytes(2),
        languages: [{ lang: 'deu', docs: 1 }],
        exactDuplicates: 0,
        nearDuplicates: 0,
      },
    ]);
    expect(s.totals()).toMatchObject({ docs: 4, sentences: 8, runs: 1 });
  });

  it('orders the per-domain table by documents, then host (no host first), with five languages at most', () => {
    const s = store();
    const langs = ['aaa', 'aaa', 'fff', 'eee', 'ddd', 'ccc', 'bbb'];
    s.putDocs(
      [
        ...langs.map((code, k) =>
          sampleDoc(k + 1, { url: `https://many.example/${k}`, lang: { code, score: 0.5 } }),
        ),
        sampleDoc(20, { url: 'https://solo.example/' }),
        { ...sampleDoc(21), url: undefined },
      ],
      run(s),
    );
    const table = s.domainStats();
    expect(table.map((d) => [d.host, d.docs])).toEqual([
      ['many.example', 7],
      ['(no host)', 1],
      ['solo.example', 1],
    ]);
    expect(table[0]!.languages).toEqual([
      { lang: 'aaa', docs: 2 },
      { lang: 'bbb', docs: 1 },
      { lang: 'ccc', docs: 1 },
      { lang: 'ddd', docs: 1 },
      { lang: 'eee', docs: 1 },
    ]);
    expect(table[0]!.sentences).toBe(14);
  });

  it('replaces translation links, tuples and sentence memberships as a whole', () => {
    const s = store();
    s.putDocs(
      [1, 2, 3].map((n) => sampleDoc(n)),
      run(s),
    );
    const write = (quality: number): void => {
      s.detections.replaceTranslations({
        links: [
          { docA: 'doc-0001', docB: 'doc-0002', via: ['hreflang', 'url'], quality, links: 2 },
          { docA: 'doc-0002', docB: 'doc-0003', via: ['fingerprint'], quality: 0.7, links: 1 },
        ],
        tuples: [
          { id: 1, size: 2, languages: ['deu', 'eng'] },
          { id: 2, size: 3, languages: ['deu', 'eng', 'fra'] },
        ],
        sentences: [
          { docId: 'doc-0001', idx: 0, tupleId: 2, size: 3 },
          { docId: 'doc-0002', idx: 0, tupleId: 2, size: 3 },
          { docId: 'doc-0002', idx: 1, tupleId: 1, size: 2 },
          { docId: 'doc-0003', idx: 0, tupleId: 2, size: 3 },
        ],
      });
    };
    write(0.9);
    write(0.95); // a second run replaces, never adds
    expect(s.detections.docLinks('doc-0002')).toEqual([
      { docA: 'doc-0001', docB: 'doc-0002', via: ['hreflang', 'url'], quality: 0.95, links: 2 },
      { docA: 'doc-0002', docB: 'doc-0003', via: ['fingerprint'], quality: 0.7, links: 1 },
    ]);
    expect(s.detections.docLinks('doc-0009')).toEqual([]);
    expect(s.detections.sentenceTuples('doc-0002')).toEqual([
      { docId: 'doc-0002', idx: 0, tupleId: 2, size: 3 },
      { docId: 'doc-0002', idx: 1, tupleId: 1, size: 2 },
    ]);
    expect(s.detections.getTuple(2)).toEqual({ id: 2, size: 3, languages: ['deu', 'eng', 'fra'] });
    expect(s.detections.getTuple(7)).toBeUndefined();
    expect(s.detections.tupleMembers(2)).toEqual([
      { docId: 'doc-0001', idx: 0 },
      { docId: 'doc-0002', idx: 0 },
      { docId: 'doc-0003', idx: 0 },
    ]);
    // Sentences count under their document's language; those in no tuple have size 1.
    const len = (n: number, idx: number): number => {
      const sent = sampleDoc(n).sentences![idx]!;
      return sent.end - sent.start;
    };
    expect(s.detections.tupleSizeCounts()).toEqual([
      { lang: 'deu', size: 2, sentences: 1, chars: len(2, 1) },
      { lang: 'deu', size: 3, sentences: 1, chars: len(2, 0) },
      { lang: 'eng', size: 1, sentences: 2, chars: len(1, 1) + len(3, 1) },
      { lang: 'eng', size: 3, sentences: 2, chars: len(1, 0) + len(3, 0) },
    ]);
  });

  it("lists a document's evidence by detector, each detector's in written order, whichever was written last", () => {
    const evidence = (detector: string, codes: string[]) =>
      codes.map((code) => ({ docId: 'doc-0001', detector, code, detail: code }));
    const orders = [
      ['mwp', 'mt_markers'],
      ['mt_markers', 'mwp'],
    ].map((order) => {
      const s = store();
      s.putDocs([sampleDoc(1)], run(s));
      for (const detector of order) {
        const codes =
          detector === 'mwp'
            ? ['mwp_tuple_8plus', 'mwp_tuple_3plus']
            : ['mt_marker_weglot', 'mt_marker_gtranslate'];
        s.detections.replaceScores(detector, [], evidence(detector, codes));
      }
      return s.detections.docEvidence('doc-0001').map((e) => `${e.detector} ${e.code}`);
    });
    expect(orders[0]).toEqual([
      'mt_markers mt_marker_weglot',
      'mt_markers mt_marker_gtranslate',
      'mwp mwp_tuple_8plus',
      'mwp mwp_tuple_3plus',
    ]);
    expect(orders[1]).toEqual(orders[0]);
  });

  it("replaces one detector's scores and evidence without touching another's", () => {
    const s = store();
    s.putDocs([sampleDoc(1), sampleDoc(2)], run(s));
    s.detections.replaceScores(
      'mwp',
      [
        { docId: 'doc-0001', detector: 'mwp', name: 'share_3plus', value: 0.5 },
        { docId: 'doc-0002', detector: 'mwp', name: 'share_3plus', value: 0 },
      ],
      [{ docId: 'doc-0001', detector: 'mwp', code: 'mwp_tuple_3plus', detail: '{"in3plus":1}' }],
    );
    s.detections.replaceScores(
      'mt_markers',
      [{ docId: 'doc-0001', detector: 'mt_markers', name: 'plugins', value: 1 }],
      [
        {
          docId: 'doc-0001',
          detector: 'mt_markers',
          code: 'mt_marker_gtranslate',
          detail: 'script src="g.js"',
        },
      ],
    );
    s.detections.replaceScores('mwp', [
      { docId: 'doc-0002', detector: 'mwp', name: 'share_3plus', value: 1 },
    ]);
    expect(s.detections.docScores('doc-0001')).toEqual([
      { docId: 'doc-0001', detector: 'mt_markers', name: 'plugins', value: 1 },
    ]);
    expect(s.detections.docScores('doc-0002')).toEqual([
      { docId: 'doc-0002', detector: 'mwp', name: 'share_3plus', value: 1 },
    ]);
    expect(s.detections.docEvidence('doc-0001')).toEqual([
      {
        docId: 'doc-0001',
        detector: 'mt_markers',
        code: 'mt_marker_gtranslate',
        detail: 'script src="g.js"',
      },
    ]);
    expect(s.detections.evidenceCounts()).toEqual([
      { detector: 'mt_markers', code: 'mt_marker_gtranslate', docs: 1 },
    ]);
    expect(() => {
      s.detections.replaceScores('mwp', [{ docId: 'doc-0001', detector: 'other', name: 'x', value: 1 }]);
    }).toThrow(/detector other/);
    // The failed write changed nothing.
    expect(s.detections.docScores('doc-0002')).toHaveLength(1);
  });

  it('stores score batches with the model version that scored them, replacing that detector only', () => {
    const s = store();
    s.putDocs([sampleDoc(1), sampleDoc(2)], run(s));
    const score = (docId: string, value: number) => ({ docId, detector: 'zero_shot', name: 'll', value });
    s.detections.replaceScores('mwp', [
      { docId: 'doc-0001', detector: 'mwp', name: 'share_3plus', value: 1 },
    ]);
    s.detections.putScoreBatch('zero_shot', 'v1', ['doc-0001', 'doc-0002'], [score('doc-0001', -3)]);
    expect([...s.detections.scoredDocs('zero_shot')].sort()).toEqual([
      ['doc-0001', 'v1'],
      ['doc-0002', 'v1'],
    ]);
    s.detections.putScoreBatch('zero_shot', 'v2', ['doc-0001'], [score('doc-0001', -2)]);
    expect(s.detections.scoredDocs('zero_shot').get('doc-0001')).toBe('v2');
    expect(s.detections.docScores('doc-0001')).toEqual([
      { docId: 'doc-0001', detector: 'mwp', name: 'share_3plus', value: 1 },
      score('doc-0001', -2),
    ]);
    expect(s.detections.scoredDocs('mgt_classifier').size).toBe(0);
    expect(() => {
      s.detections.putScoreBatch('x', 'v', ['doc-0001'], [score('doc-0001', 1)]);
    }).toThrow(/written as x/);
  });

  it('replaces verdicts as a whole and counts them by label and level', () => {
    const s = store();
    s.putDocs([sampleDoc(1), sampleDoc(2)], run(s));
    const reason = { code: 'mgt_classifier', detector: 'mgt_classifier', value: 2.5, detail: 'p 0.9' };
    s.detections.replaceVerdicts([
      {
        docId: 'doc-0001',
        label: 'machine-translation',
        probs: { human: 0.1, 'machine-translation': 0.9 },
        fprLevel: 0.01,
        reasons: [reason],
        calibration: 'c1',
        thresholds: { 'machine-translation': { '0.01': 0.5 } },
      },
      {
        docId: 'doc-0002',
        label: 'insufficient',
        probs: {},
        fprLevel: null,
        reasons: [],
        calibration: 'c1',
        thresholds: {},
      },
    ]);
    expect(s.detections.getVerdict('doc-0001')).toEqual({
      docId: 'doc-0001',
      label: 'machine-translation',
      probs: { human: 0.1, 'machine-translation': 0.9 },
      fprLevel: 0.01,
      reasons: [reason],
      calibration: 'c1',
      thresholds: { 'machine-translation': { '0.01': 0.5 } },
    });
    expect(s.detections.verdictCounts()).toEqual([
      { label: 'insufficient', fprLevel: null, docs: 1 },
      { label: 'machine-translation', fprLevel: 0.01, docs: 1 },
    ]);
    s.detections.replaceVerdicts([]);
    expect(s.detections.getVerdict('doc-0001')).toBeUndefined();
  });
});

describe('SqliteStore schema', () => {
  it('migrates a new database and reopens an existing one with its data', async () => {
    const { MIGRATIONS } = await import('../../db/migrations.js');
    const path = join(tempDir(), 'audit.sqlite');
    const a = new SqliteStore(path);
    expect(a.schemaVersion).toBe(MIGRATIONS.length);
    a.putDocs([sampleDoc(1)], a.beginRun({ command: 't', config: {}, codeVersion: 'v' }));
    a.close();
    const b = new SqliteStore(path);
    expect(b.countDocs()).toBe(1);
    b.close();
  });

  it('groups LSH buckets across batches and merges, and a read-only Store sees unmerged keys', () => {
    const path = join(tempDir(), 'audit.sqlite');
    const a = new SqliteStore(path);
    const runId = a.beginRun({ command: 't', config: {}, codeVersion: 'v' });
    a.putDocs(
      [1, 2].map((n) => sampleDoc(n)),
      runId,
    );
    expect([...a.duplicateGroups('lsh')]).toEqual([]);
    // Keys written after the first merge join the buckets already merged.
    a.putDocs(
      [3, 4, 5].map((n) => sampleDoc(n)),
      runId,
    );
    a.close();
    const reader = new SqliteStore(path, { readonly: true });
    const expected = [
      ['doc-0002', 'doc-0004'],
      ['doc-0001', 'doc-0003', 'doc-0005'],
    ];
    expect([...reader.duplicateGroups('lsh')]).toEqual(expected);
    reader.close();
    const b = new SqliteStore(path);
    expect([...b.duplicateGroups('lsh')]).toEqual(expected);
    expect([...b.duplicateGroups('lsh')]).toEqual(expected);
    b.close();
  });

  it('opens a database from before lsh_pending read-only, and upgrades it when writable', async () => {
    const Database = (await import('better-sqlite3')).default;
    const path = join(tempDir(), 'old.sqlite');
    const a = new SqliteStore(path);
    a.putDocs(
      [1, 3].map((n) => sampleDoc(n)),
      a.beginRun({ command: 't', config: {}, codeVersion: 'v' }),
    );
    expect([...a.duplicateGroups('lsh')]).toEqual([['doc-0001', 'doc-0003']]);
    a.close();
    const raw = new Database(path);
    raw.exec(
      'DROP TABLE lsh_pending; ALTER TABLE docs DROP COLUMN mwp_features; ALTER TABLE docs DROP COLUMN lang_detail; ' +
        'ALTER TABLE verdicts DROP COLUMN detectors; ALTER TABLE verdicts DROP COLUMN reference',
    );
    raw.pragma('user_version = 6');
    raw.close();
    const reader = new SqliteStore(path, { readonly: true });
    expect([...reader.duplicateGroups('lsh')]).toEqual([['doc-0001', 'doc-0003']]);
    // No features column yet: every page comes as text, whatever format is asked for.
    const texts = [...reader.iterTexts({ featuresFormat: new Uint8Array([1, 2, 3, 4]) })];
    expect(texts.map((t) => [t.id, typeof t.text, t.features])).toEqual([
      ['doc-0001', 'string', undefined],
      ['doc-0003', 'string', undefined],
    ]);
    reader.close();
    const writer = new SqliteStore(path);
    writer.putDocs([sampleDoc(5)], writer.beginRun({ command: 't', config: {}, codeVersion: 'v' }));
    expect([...writer.duplicateGroups('lsh')]).toEqual([['doc-0001', 'doc-0003', 'doc-0005']]);
    writer.close();
  });

  it('refuses a database written by a newer corpus-audit', async () => {
    const Database = (await import('better-sqlite3')).default;
    const path = join(tempDir(), 'future.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => new SqliteStore(path)).toThrow(/schema version 999, newer than this corpus-audit knows/);
  });

  it('refuses what is not its database, with a reason, and leaves it as it was', async () => {
    const Database = (await import('better-sqlite3')).default;
    const dir = tempDir();
    expect(() => new SqliteStore(join(dir, 'no', 'such', 'folder', 'a.sqlite'))).toThrow(
      new StoreOpenError(
        `cannot create the audit database ${join(dir, 'no', 'such', 'folder', 'a.sqlite')}: the folder ${join(dir, 'no', 'such', 'folder')} does not exist`,
      ),
    );
    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, 'these are notes, not a database\n'.repeat(200));
    expect(() => new SqliteStore(text)).toThrow(StoreOpenError);
    expect(() => new SqliteStore(text)).toThrow(/is not an SQLite database/);
    expect(readFileSync(text, 'utf8')).toBe('these are notes, not a database\n'.repeat(200));

    // Another program's SQLite database: a mistyped --db must not get the audit's tables.
    const other = join(dir, 'app.sqlite');
    const app = new Database(other);
    app.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ada')");
    app.close();
    expect(() => new SqliteStore(other)).toThrow(/is an SQLite database of something else \(tables users\)/);
    expect(() => new SqliteStore(other, { readonly: true })).toThrow(StoreOpenError);
    const after = new Database(other, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([
      { name: 'users' },
    ]);
    after.close();

    // Opened read-only, an empty database holds no audit; opened to write, it becomes one.
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    expect(() => new SqliteStore(empty, { readonly: true })).toThrow(/holds no audit/);
    const created = new SqliteStore(empty);
    expect(created.countDocs()).toBe(0);
    created.close();
  });
});
