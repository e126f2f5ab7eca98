import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../crawlers/extract-html.js';
import { MemoryStore } from '../../db/memory-store.js';
import { markerEvidence, scoreMtMarkers } from '../../detectors/mt-markers.js';
import { pageDoc } from '../helpers/pages.js';

const FARM_PAGE = `<!doctype html><html lang="es"><head>
<meta name="translation-stats" content='{"total_phrases":32,"translated_phrases":32,"human_translated_phrases":0}'>
<link rel="alternate machine-translated-from" hreflang="en" href="https://farm.example/en/a.html">
</head><body><main><p>El comité se reunió el lunes para discutir el presupuesto de la ciudad.</p></main>
<div class="gtranslate_wrapper"></div>
<script src="https://cdn.gtranslate.net/widgets/latest/float.js" defer></script>
</body></html>`;

describe('markerEvidence', () => {
  it('names each plugin with the exact markup found', () => {
    const { page } = extractHtml(FARM_PAGE, 'https://farm.example/es/a.html');
    const evidence = markerEvidence({ id: 'p', page });
    expect(evidence.map((e) => [e.code, e.detail])).toEqual(
      expect.arrayContaining([
        ['mt_marker_gtranslate', 'script src="https://cdn.gtranslate.net/widgets/latest/float.js"'],
        ['mt_marker_gtranslate', 'class or id "gtranslate"'],
        [
          'mt_marker_transposh',
          'meta name="translation-stats" content="{"total_phrases":32,"translated_phrases":32,"human_translated_phrases":0}"',
        ],
        ['mt_marker_machine_translated_from', 'link rel="alternate machine-translated-from"'],
      ]),
    );
    expect(evidence.every((e) => e.detector === 'mt_markers' && e.docId === 'p')).toBe(true);
  });

  it('finds nothing on a page without plugins', () => {
    const { page } = extractHtml('<html><body><p>Plain page about translation studies.</p></body></html>');
    expect(markerEvidence({ id: 'q', page })).toEqual([]);
  });
});

describe('scoreMtMarkers', () => {
  it('scores every page by the plugins found and stores the evidence', () => {
    const store = new MemoryStore();
    const { page } = extractHtml(FARM_PAGE, 'https://farm.example/es/a.html');
    const farm = {
      ...pageDoc('farm', 'https://farm.example/es/a.html', ['El comité se reunió el lunes.']),
      page,
    };
    const plain = pageDoc('plain', 'https://blog.example/a.html', ['The committee met on Monday.']);
    store.putDocs([farm, plain], store.beginRun({ command: 't', config: {}, codeVersion: 'v' }));
    const summary = scoreMtMarkers(store);
    expect(summary).toEqual({
      pages: 1,
      codes: { mt_marker_gtranslate: 1, mt_marker_transposh: 1, mt_marker_machine_translated_from: 1 },
    });
    expect(store.detections.docScores('farm')).toEqual([
      { docId: 'farm', detector: 'mt_markers', name: 'plugins', value: 3 },
    ]);
    expect(store.detections.docScores('plain')[0]!.value).toBe(0);
    expect(
      store.detections
        .evidenceCounts()
        .map((c) => c.code)
        .sort(),
    ).toEqual(['mt_marker_gtranslate', 'mt_marker_machine_translated_from', 'mt_marker_transposh']);
  });
});
