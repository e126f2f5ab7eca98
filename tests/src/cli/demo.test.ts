import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../crawlers/browser.js';
import { DOCUMENT_COLUMNS } from '../../../reports/audit-csv.js';
import type { AuditReport } from '../../../reports/report-schema.js';
import { main } from '../../../src/cli/main.js';
import { packageRoot } from '../../../db/version.js';
import { parseCsv } from '../../helpers/csv.js';
import { captureIo } from '../../helpers/io.js';
import { tempDir } from '../../helpers/temp-dirs.js';

/** Two full demos of a small world on the same ports (URLs, hence page ids, depend on them). */
const root = tempDir();
const dirs = [join(root, 'a'), join(root, 'b')];
let outputs: string[] = [];
let codes: number[] = [];

beforeAll(async () => {
  // Other test files serve worlds on random ports too: on a clash, both runs move to new ports.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    outputs = [];
    codes = [];
    for (const dir of dirs) {
      const io = captureIo(root);
      const args = ['demo', '--out', dir, '--pages', '50', '--port', String(port)];
      codes.push(await main([...args, '--collapse-generations', '1', '--evidence', '12'], io));
      outputs.push(io.out() + io.err());
      if (io.err().includes('is in use')) break;
    }
    if (!outputs.some((o) => o.includes('is in use'))) return;
  }
}, 540_000);

const report = (dir: string): AuditReport =>
  JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8')) as AuditReport;

describe('corpus-audit demo', () => {
  it('serves, crawls, scores, exports, runs the collapse comparison and writes the report', () => {
    expect(codes, outputs.join('\n----\n')).toEqual([0, 0]);
    const out = outputs[0]!;
    for (let step = 1; step <= 7; step++) expect(out).toContain(`[${step}/7]`);
    expect(out).toMatch(/Demo done in/);
    for (const f of [
      'audit.sqlite',
      'crawl.warc.gz',
      'clean.jsonl.gz',
      'clean.rejected.jsonl.gz',
      'labels.jsonl',
      'collapse/collapse-results.json',
      'collapse/collapse.html',
      'report/index.html',
      'report/report.json',
      'report/documents.csv',
    ])
      expect(existsSync(join(dirs[0]!, f)), f).toBe(true);

    const r = report(dirs[0]!);
    const ajv = new Ajv2020.default({ strict: false });
    const schema = JSON.parse(readFileSync(join(dirs[0]!, 'report', 'report.schema.json'), 'utf8')) as object;
    expect(ajv.validate(schema, r), JSON.stringify(ajv.errors)).toBe(true);
    // Crawled pages and the bundled real sample.
    expect(r.overview.sourceKinds.map((s) => s.kind).sort()).toEqual(['crawl', 'warc']);
    expect(r.overview.verdicts.some((v) => v.label === 'unscored')).toBe(false);
    // Pages the verdict abstained on, counted per language by reason (short index pages at least).
    for (const l of r.languages) {
      expect(Object.values(l.abstained).reduce((a, b) => a + b, 0)).toBe(l.verdicts.insufficient ?? 0);
    }
    expect(r.languages.some((l) => (l.abstained.too_short ?? 0) > 0)).toBe(true);
    expect(r.overview.decisions.reject).toBeGreaterThan(0);
    expect(r.models.models.length).toBeGreaterThan(0);
    expect(r.saturation.length).toBeGreaterThan(5);
    expect(r.domains.filter((d) => d.site !== null)).toHaveLength(18);
    expect(r.evaluation!.matched).toBeGreaterThan(20);
    expect(r.evaluation!.trainSplit).toBeGreaterThan(0);
    // The shipped detectors separate the world's machine translations from its human pages.
    expect(r.evaluation!.detectors.find((d) => d.id === 'verdict-mt')!.auroc).toBeGreaterThan(0.9);
    expect(r.evidence.sampled).toBe(12);
    expect(r.collapse?.summary.length).toBe(6); // 3 regimes, generations 0-1, 3 seeds each
    expect(r.collapse?.summary.every((row) => row.seeds === 3)).toBe(true);
    expect(r.charts.some((c) => c.section === 'collapse')).toBe(true);
    const rows = parseCsv(readFileSync(join(dirs[0]!, 'report', 'documents.csv'), 'utf8'));
    expect(rows[0]).toEqual([...DOCUMENT_COLUMNS]);
    expect(rows.length - 1).toBe(r.overview.documents);
  });

  // The crawl's WARC records carry their fetch times (WARC-Date, the HTTP Date header), which move
  // the records' ids, lengths and offsets in the file between runs: those count as timestamps here.
  const VOLATILE = [
    'generatedAt',
    'startedAt',
    'finishedAt',
    'fetchTime',
    'pid',
    'recordId',
    'recordOffset',
    'recordLength',
  ];

  it('gives the same report for the same seed, apart from timestamps and where it ran', () => {
    const [a, b] = dirs.map((dir) => {
      const text = readFileSync(join(dir, 'report', 'report.json'), 'utf8')
        .split(dir)
        .join('<out>');
      return JSON.parse(text, (key, value: unknown) =>
        VOLATILE.includes(key) ? null : value,
      ) as AuditReport;
    });
    expect(a!.evidence.pages.length).toBe(12);
    expect(a).toEqual(b);
  });

  describe('the report in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium([]);
    });
    afterAll(async () => {
      await browser.close();
    });

    it('renders offline without console errors, with every chart, sortable and paged tables', async () => {
      const r = report(dirs[0]!);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(`file://${join(dirs[0]!, 'report', 'index.html')}`);
      for (const c of r.charts) {
        const svg = page.locator(`figure[data-chart="${c.id}"] svg`);
        expect(await svg.count(), c.id).toBe(1);
        expect((await svg.boundingBox())?.width ?? 0, c.id).toBeGreaterThan(100);
      }
      expect(await page.locator('#evidence details.evidence').count()).toBe(12);

      // Sorting: a click on "pages" sorts the domain table ascending, a second descending.
      const header = page.locator('#domain-table th', { hasText: /^pages$/ });
      const pagesCol = async (): Promise<number[]> =>
        page
          .locator('#domain-table tbody tr')
          .evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLTableRowElement).cells[2]!.dataset.sort)));
      await header.click();
      const asc = await pagesCol();
      expect(asc).toEqual([...asc].sort((x, y) => x - y));
      await header.click();
      const desc = await pagesCol();
      expect(desc).toEqual([...asc].sort((x, y) => y - x));
      // Paging: more domains than a page holds; the rest are hidden until "next".
      expect(r.domains.length).toBeGreaterThan(25);
      expect(await page.locator('#domain-table tbody tr:visible').count()).toBe(25);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);

      const artifacts = join(packageRoot(), 'test-results');
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'demo-report.png'), fullPage: true });
      expect(existsSync(join(artifacts, 'demo-report.png'))).toBe(true);
      await page.close();
    });
  });
});
