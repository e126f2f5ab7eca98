import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { PageScorer } from '../../../src/score/page-scorer.js';
import { scoreStore } from '../../../src/score/score-run.js';
import { pageDoc, parallelCorpus } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

describe('PageScorer', () => {
  let scorer: PageScorer;
  beforeAll(async () => {
    scorer = await PageScorer.load({});
  });
  afterAll(async () => {
    await scorer.dispose();
  });

  it('gives a page held in memory the verdict score gives it stored', async () => {
    const docs = [
      ...parallelCorpus(),
      pageDoc('short', 'https://blog.example/s.html', ['Too short to judge.']),
    ];
    const store = new SqliteStore(join(tempDir(), 'audit.sqlite'));
    store.putDocs(docs, store.beginRun({ command: 'test', config: {}, codeVersion: 'v' }));
    // No cross-document stages: the stored scores are the models' alone, as in memory.
    await scoreStore({ store });
    const results = await scorer.score(docs.map((d) => ({ id: d.id, text: d.text, url: d.url })));
    for (const r of results) {
      const stored = store.detections.getVerdict(r.id)!;
      expect(r.verdict!.label, r.id).toBe(stored.label);
      for (const [cls, p] of Object.entries(stored.probs)) {
        expect(r.verdict!.probs[cls as keyof typeof stored.probs], `${r.id} ${cls}`).toBeCloseTo(p, 4);
      }
    }
    expect(results.find((r) => r.id === 'short')!.verdict!.label).toBe('insufficient');
    expect(results.find((r) => r.id === 'blog')!.lang).toBe(docs.find((d) => d.id === 'blog')!.lang!.code);
    store.close();
  });

  it('reads HTML: main text, plugin traces as evidence, and pages sharing an id stay apart', async () => {
    const body = parallelCorpus()
      .find((d) => d.id === 'farm-en')!
      .text.split('\n')
      .map((p) => `<p>${p}</p>`)
      .join('');
    const html = `<html><head><script src="https://cdn.gtranslate.net/widgets/latest/float.js"></script></head><body><nav>Home</nav><article>${body}</article></body></html>`;
    const [withHtml, plain] = await scorer.score([
      { id: 'x', html, url: 'https://farm.example/en/a.html' },
      { id: 'x', text: 'Too short to judge.' },
    ]);
    expect(withHtml!.evidence.map((e) => e.code)).toEqual(['mt_marker_gtranslate']);
    expect(withHtml!.scores.find((s) => s.name === 'plugins')!.value).toBe(1);
    expect(withHtml!.chars).toBeGreaterThan(200);
    expect(withHtml!.scores.some((s) => s.detector === 'mgt_classifier')).toBe(true);
    expect(plain!.verdict!.label).toBe('insufficient');
    expect(plain!.scores).toEqual([]);
    // Text and HTML together: the text is what is scored, the HTML gives the plugin traces.
    const [both] = await scorer.score([{ id: 'y', text: 'Too short to judge.', html }]);
    expect(both!.chars).toBe('Too short to judge.'.length);
    expect(both!.verdict!.label).toBe('insufficient');
    expect(both!.evidence.map((e) => e.code)).toEqual(['mt_marker_gtranslate']);
  });
});
