import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../../crawlers/browser.js';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { Verdict } from '../../db/types.js';
import { collapseResult } from '../../reports/audit-html.js';
import { writeReport } from '../../reports/write-report.js';
import { defaultPolicy } from '../../policy/load-policy.js';
import { sampleDoc } from '../helpers/docs.js';
import { tempDir } from '../helpers/temp-dirs.js';

const LANGS =
  'eng deu fra spa ita por nld pol ces slk hun ron bul hrv srp slv est lav lit fin swe dan nob'.split(' ');
const LABELS = ['human', 'machine-translation', 'lm-generated', 'insufficient'] as const;

/** A wide corpus: 23 languages, long host names, sentences in tuples of every size, all verdicts. */
function wideDatabase(dir: string): string {
  const path = join(dir, 'audit.sqlite');
  const store = new SqliteStore(path);
  const runId = store.beginRun({ command: 'test', config: {}, codeVersion: 'test' });
  const docs = Array.from({ length: 230 }, (_, i) =>
    sampleDoc(i, {
      url: `https://www.a-rather-long-subdomain-${i % 9}.content-farm-with-a-long-name.example/${LANGS[i % 23]}/p/${i}`,
      lang: { code: LANGS[i % 23]!, score: 0.9 },
    }),
  );
  store.putDocs(docs, runId);
  store.finishRun(runId, { status: 'completed', stats: [] });
  // Tuples of 2 to 23 languages: every bin of the saturation table holds sentences.
  const tuples = Array.from({ length: 10 }, (_, t) => ({ id: t + 1, size: 2 + 2 * t + (t > 8 ? 3 : 0) }));
  store.detections.replaceTranslations({
    links: [],
    tuples: tuples.map((t) => ({ ...t, languages: LANGS.slice(0, t.size) })),
    sentences: tuples.flatMap((t) =>
      Array.from({ length: t.size }, (_, k) => ({
        docId: docs[t.id * 23 - 23 + k]!.id,
        idx: 0,
        tupleId: t.id,
        size: t.size,
      })),
    ),
  });
  store.detections.replaceVerdicts(
    docs.map((d, i): Verdict => ({
      docId: d.id,
      label: LABELS[i % 4]!,
      probs: { human: 0.5, 'machine-translation': 0.3, 'lm-generated': 0.2 },
      fprLevel: i % 4 === 1 || i % 4 === 2 ? 0.01 : null,
      reasons: [],
      calibration: 'cal',
      thresholds: {},
    })),
  );
  store.close();
  return path;
}

describe('the report in a browser', () => {
  it('at 1280 px no table overflows, every language is named on the charts, verdict shares lead', async () => {
    const dir = tempDir();
    const db = wideDatabase(dir);
    const store = new SqliteStore(db);
    const out = join(dir, 'report');
    try {
      writeReport({ store, database: db, policy: defaultPolicy(), out });
    } finally {
      store.close();
    }
    const browser = await launchChromium([]);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      const overflowing = await page.$$eval('.table-wrap', (wraps) =>
        wraps
          .filter((w) => w.scrollWidth > w.clientWidth + 1)
          .map((w) => `${w.querySelector('table')?.id ?? '?'}: ${w.scrollWidth} > ${w.clientWidth}`),
      );
      expect(overflowing).toEqual([]);
      // The first chart of the report: pages per verdict in each language, every language a row.
      const first = await page.$eval('figure.chart', (f) => f.getAttribute('data-chart'));
      expect(first).toBe('language-verdicts');
      const labels = async (chart: string): Promise<string[]> =>
        page.$$eval(`figure[data-chart="${chart}"] svg text`, (ts) => ts.map((t) => t.textContent));
      const rows = await labels('language-verdicts');
      expect(rows.filter((r) => / \(10\)$/.test(r)).sort()).toEqual(LANGS.map((l) => `${l} (10)`).sort());
      const saturation = await labels('saturation-shares');
      // The chart draws the table's first 20 languages: each one named under its bars.
      const tableLangs = await page.$$eval('#saturation-table tbody tr td:first-child', (tds) =>
        tds.map((td) => td.textContent).filter((l) => l !== 'und'),
      );
      for (const lang of tableLangs.slice(0, 20)) expect(saturation).toContain(lang);
      const header = await page.$eval('header p', (p) => p.textContent);
      expect(header).not.toMatch(/corpus-audit corpus-audit/);
    } finally {
      await browser.close();
    }
  });

  it('the collapse section states its result in one sentence', () => {
    const row = (regime: string, generation: number, mean: number) => ({
      regime,
      generation,
      testPerplexity: { mean },
    });
    expect(
      collapseResult([
        row('replace', 0, 100),
        row('replace', 2, 180),
        row('scrape-raw', 0, 100),
        row('scrape-raw', 2, 150),
        row('scrape-filtered', 0, 100),
        row('scrape-filtered', 2, 110),
      ]),
    ).toBe(
      "Result: over 2 generation(s), test perplexity on real text went from replace 100 to 180 (x1.80); scrape-raw 100 to 150 (x1.50); scrape-filtered 100 to 110 (x1.10). With corpus-audit's filter the scrape-trained model ended at 110, against 150 without it (lower is better: the filter slowed the collapse).",
    );
  });
});
