import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { WARCParser } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { MemoryStore } from '../../../db/memory-store.js';
import type { StoredDoc } from '../../../db/store.js';
import { crawl, CRAWL_USER_AGENT, type CrawlSummary } from '../../../src/crawl/crawl.js';
import { ingest } from '../../../src/ingest/ingest.js';
import type { AccessLogEntry, RunningWorld } from '../../../src/world/server.js';
import type { PageLabel } from '../../../src/world/types.js';
import type { World } from '../../../src/world/world.js';
import { startWorld } from '../../helpers/world.js';
import { tempDir } from '../../helpers/temp-dirs.js';

let world: World;
let running: RunningWorld;
const log: AccessLogEntry[] = [];
const dir = tempDir();
const store = new SqliteStore(join(dir, 'crawl.sqlite'));
let summary: CrawlSummary;
let docs: StoredDoc[];

beforeAll(async () => {
  ({ world, running } = await startWorld({ seed: 2, pages: 80, slowMs: 200 }, (e) => log.push(e)));
  summary = await crawl({
    seeds: world.sites.map((s) => `${s.origin}/`),
    store,
    warcPath: join(dir, 'crawl.warc.gz'),
    allowPrivate: true,
    maxPages: 5000,
    maxDepth: 6,
    retries: 1,
    backoffMs: 20,
    render: 'never',
  });
  docs = [...store.iterDocs()];
}, 120_000);

afterAll(async () => {
  store.close();
  await running.close();
});

const labels = (): PageLabel[] => [...world.labels()];

describe('crawling the demo world (static)', () => {
  it('collects every reachable article of each archetype, in its language', () => {
    const byUrl = new Map(docs.map((d) => [d.url, d]));
    const expected = labels().filter(
      (l) =>
        l.pageType === 'article' &&
        !l.hazards.some((h) => ['js-only', 'oversized', 'robots-disallowed'].includes(h)),
    );
    const missing = expected.filter((l) => !byUrl.has(l.url)).map((l) => l.url);
    expect(missing).toEqual([]);
    const wrong = expected.filter((l) => byUrl.get(l.url)!.lang?.code !== l.language);
    expect(wrong.length / expected.length).toBeLessThan(0.02);
    const archetypes = new Set(expected.map((l) => l.archetype));
    expect(archetypes.size).toBeGreaterThanOrEqual(7);
    for (const d of docs) {
      expect(d.provenance.sourceKind).toBe('crawl');
      expect(d.provenance.crawler).toBe('static');
      expect(d.provenance.httpStatus).toBe(200);
      expect(d.provenance.contentDigest).toMatch(/^sha256:/);
      expect(d.provenance.fetchTime).toBeDefined();
    }
  });

  it('never requests robots-disallowed pages, and keeps the calendar trap bounded', () => {
    expect(log.filter((e) => e.path.startsWith('/private/'))).toEqual([]);
    expect(summary.skipped.robots_txt).toBeGreaterThan(0);
    const calendar = log.filter((e) => e.path.startsWith('/calendar/')).length;
    expect(calendar).toBeGreaterThan(0);
    expect(calendar).toBeLessThan(200);
    expect(summary.skipped.too_deep).toBeGreaterThan(0);
  });

  it('identifies itself on every request (robots.txt and sitemaps too), without browser headers or a preferred language', () => {
    expect(log.filter((e) => e.path === '/robots.txt').length).toBe(world.sites.length);
    expect(log.filter((e) => e.path.startsWith('/sitemap')).length).toBeGreaterThan(0);
    expect(log.length).toBeGreaterThan(50);
    for (const e of log) {
      expect(e.headers['user-agent']).toBe(CRAWL_USER_AGENT);
      expect(e.headers['accept-language']).toBeUndefined();
      expect(e.headers['sec-ch-ua']).toBeUndefined();
      // Node's fetch would add this one to robots.txt and sitemap requests: they go out as our own.
      expect(e.headers['sec-fetch-mode']).toBeUndefined();
    }
  });

  it('misses the JavaScript-only articles without a browser', () => {
    const js = labels().filter((l) => l.hazards.includes('js-only'));
    expect(js.length).toBeGreaterThan(0);
    const urls = new Set(docs.map((d) => d.url));
    for (const l of js) expect(urls.has(l.url)).toBe(false);
  });

  it('records redirects and failures', () => {
    const problems = store.listProblems(summary.runId).map((p) => p.code);
    expect(problems).toContain('crawl_redirect_loop');
    expect(problems).toContain('crawl_http_500');
    expect(problems).toContain('crawl_too_large');
    const hazards = world.sites.find((s) => s.id === 'hazards')!.origin;
    const target = docs.find((d) => d.url === `${hazards}/redirect/target.html`);
    expect(target).toBeDefined();
    // The 500 page was retried once: two requests.
    expect(log.filter((e) => e.path === '/error.html')).toHaveLength(2);
  });

  it('writes a WARC that re-ingests to the same documents', async () => {
    const again = new MemoryStore();
    await ingest({ inputs: [join(dir, 'crawl.warc.gz')], store: again });
    const key = (d: StoredDoc) => `${d.url} ${d.provenance.contentDigest} ${d.textHash} ${d.charset?.name}`;
    const reingested = [...again.iterDocs()].map(key).sort();
    expect(reingested).toEqual(docs.map(key).sort());
    // robots.txt and the sitemaps are archived too: every request of the crawl is in the WARC.
    const responses: string[] = [];
    for await (const record of new WARCParser(createReadStream(join(dir, 'crawl.warc.gz')))) {
      if (record.warcType === 'response') responses.push(new URL(record.warcTargetURI!).pathname);
    }
    expect(responses.filter((p) => p === '/robots.txt').length).toBe(world.sites.length);
    expect(responses.filter((p) => p.startsWith('/sitemap')).length).toBe(
      log.filter((e) => e.path.startsWith('/sitemap')).length,
    );
    // Crawled documents point at their response records in the WARC.
    expect(
      docs.every(
        (d) => d.provenance.path?.endsWith('crawl.warc.gz') && d.provenance.recordOffset !== undefined,
      ),
    ).toBe(true);
  });

  it('archives each request as it went out', async () => {
    const sent = new Set(log.map((e) => `${e.path} ${JSON.stringify(Object.entries(e.headers).sort())}`));
    let requests = 0;
    for await (const record of new WARCParser(createReadStream(join(dir, 'crawl.warc.gz')))) {
      if (record.warcType !== 'request') continue;
      requests++;
      const http = record.httpHeaders!;
      expect(http.method).toBe('GET');
      const path = http.requestPath;
      const headers: Record<string, string> = {};
      for (const [name, value] of http.headers) headers[name.toLowerCase()] = value;
      expect(headers.host).toBe(new URL(record.warcTargetURI!).host);
      // The server received exactly these headers for this path (Host, Accept, Connection...).
      expect(sent.has(`${path} ${JSON.stringify(Object.entries(headers).sort())}`)).toBe(true);
    }
    // All but the responses abandoned as too large, whose requests went out with nothing to keep.
    const abandoned = store.listProblems(summary.runId).filter((p) => p.code === 'crawl_too_large').length;
    expect(abandoned).toBeGreaterThan(0);
    expect(requests).toBe(log.length - abandoned);
  });

  it('renders the JavaScript-only articles in chromium with --render auto, and only those', async () => {
    const app = world.sites.find((s) => s.id === 'app')!;
    const rendered = new MemoryStore();
    const warcPath = join(dir, 'rendered.warc.gz');
    const result = await crawl({
      seeds: [`${app.origin}/`],
      store: rendered,
      allowPrivate: true,
      render: 'auto',
      warcPath,
    });
    const got = [...rendered.iterDocs()];
    const js = labels().filter((l) => l.hazards.includes('js-only'));
    for (const l of js) {
      const doc = got.find((d) => d.url === l.url);
      expect(doc?.provenance.crawler, l.url).toBe('rendered');
      expect(doc?.lang?.code).toBe('eng');
      expect(doc!.text.length).toBeGreaterThan(500);
    }
    // The index has static text: it is not sent to the browser.
    expect(got.find((d) => d.url === `${app.origin}/`)?.provenance.crawler).toBe('static');
    expect(result.stats.find((s) => s.name === 'fetch')?.reasons.sent_to_browser).toBe(js.length);
    // The rendered DOM is archived as a resource record, which re-ingests to the same text.
    const again = new MemoryStore();
    await ingest({ inputs: [warcPath], store: again });
    const texts = new Set([...again.iterDocs()].map((d) => d.textHash));
    for (const d of got) expect(texts.has(d.textHash), d.url).toBe(true);
  }, 120_000);

  it('refuses loopback addresses unless allowed', async () => {
    const other = new MemoryStore();
    const refused = await crawl({
      seeds: [`${world.sites[0]!.origin}/`],
      store: other,
      sitemaps: true,
      retries: 0,
    });
    expect(refused.docsStored).toBe(0);
    expect(other.listProblems(refused.runId).map((p) => p.code)).toContain('crawl_private_address');
  });
});
