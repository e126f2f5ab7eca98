import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchSiteFile,
  RobotsRules,
  sitemapUrls,
  type RobotsOutcome,
} from '../../../crawlers/crawl/site-files.js';
import { crawlStatic, type CrawlFailure } from '../../../crawlers/crawl/static-crawl.js';
import { CrawlScope } from '../../../crawlers/crawl/scope.js';

/** One loopback server whose answer per path the tests set; it logs what it was asked. */
let server: Server;
let origin: string;
const routes = new Map<
  string,
  (req: IncomingMessage) => {
    status: number;
    type?: string;
    body?: string | Buffer;
    location?: string;
    encoding?: string;
  }
>();
const requests: { path: string; ua: string | undefined; headers: IncomingMessage['headers'] }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ path: req.url ?? '/', ua: req.headers['user-agent'], headers: req.headers });
    const route = routes.get(req.url ?? '/');
    const answer = route ? route(req) : { status: 404, body: 'not found' };
    res.writeHead(answer.status, {
      'content-type': answer.type ?? 'text/plain',
      ...(answer.location && { location: answer.location }),
      ...(answer.encoding && { 'content-encoding': answer.encoding }),
    });
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

const UA = 'corpus-audit-test';
const html = (body: string) => () => ({
  status: 200,
  type: 'text/html',
  body: `<html><body>${body}</body></html>`,
});

function rules(outcomes: RobotsOutcome[]): RobotsRules {
  return new RobotsRules({ userAgent: UA, allowPrivate: true, onOutcome: (o) => outcomes.push(o) });
}

describe('robots.txt, as RFC 9309 reads it', () => {
  it('follows the rules of a 2xx file, fetched once per site with our user agent', async () => {
    routes.clear();
    requests.length = 0;
    routes.set('/robots.txt', () => ({ status: 200, body: 'User-agent: *\nDisallow: /private/\n' }));
    const outcomes: RobotsOutcome[] = [];
    const robots = rules(outcomes);
    expect((await robots.forUrl(`${origin}/a`)).isAllowed(`${origin}/a`, UA)).toBe(true);
    expect((await robots.forUrl(`${origin}/private/b`)).isAllowed(`${origin}/private/b`, UA)).toBe(false);
    expect(requests.map(({ path, ua }) => ({ path, ua }))).toEqual([{ path: '/robots.txt', ua: UA }]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['rules']);
  });

  it('allows everything when robots.txt is missing (4xx)', async () => {
    routes.clear();
    const outcomes: RobotsOutcome[] = [];
    const file = await rules(outcomes).forUrl(`${origin}/x`);
    expect(file.isAllowed(`${origin}/anything`, UA)).toBe(true);
    expect(outcomes.map((o) => o.outcome)).toEqual(['none']);
  });

  it('disallows the whole site when robots.txt fails with a 5xx, and a crawl reports it', async () => {
    routes.clear();
    requests.length = 0;
    routes.set('/robots.txt', () => ({ status: 503, body: 'busy' }));
    routes.set('/', html('<p>home</p>'));
    const failures: CrawlFailure[] = [];
    const skipped: string[] = [];
    const seeds = [`${origin}/`];
    const summary = await crawlStatic({
      seeds,
      scope: new CrawlScope({ seeds, maxDepth: 1 }),
      allowPrivate: true,
      sitemaps: false,
      maxRetries: 0,
      userAgent: UA,
      onFetch: () => undefined,
      onFailure: (f) => failures.push(f),
      onSkip: (_url, reason) => skipped.push(reason),
    });
    expect(summary.requested).toBe(0);
    expect(requests.map((r) => r.path)).toEqual(['/robots.txt']);
    expect(skipped).toEqual(['robots_txt']);
    expect(failures).toEqual([
      expect.objectContaining({ reason: 'robots_unreachable', url: `${origin}/robots.txt` }),
    ]);
  });

  it('follows a redirect to the file', async () => {
    routes.clear();
    routes.set('/robots.txt', () => ({ status: 301, location: '/real-robots.txt' }));
    routes.set('/real-robots.txt', () => ({ status: 200, body: 'User-agent: *\nDisallow: /\n' }));
    const file = await rules([]).forUrl(`${origin}/x`);
    expect(file.isAllowed(`${origin}/x`, UA)).toBe(false);
  });

  it('treats a redirect to an invalid URL as an unreachable robots.txt, without failing', async () => {
    routes.clear();
    routes.set('/robots.txt', () => ({ status: 302, location: 'http://[' }));
    const outcomes: RobotsOutcome[] = [];
    const file = await rules(outcomes).forUrl(`${origin}/x`);
    expect(file.isAllowed(`${origin}/x`, UA)).toBe(false);
    expect(outcomes).toEqual([expect.objectContaining({ outcome: 'unreachable' })]);
  });

  it('does not fetch robots.txt from a loopback address unless private addresses are allowed', async () => {
    routes.clear();
    requests.length = 0;
    const outcomes: RobotsOutcome[] = [];
    const robots = new RobotsRules({ userAgent: UA, onOutcome: (o) => outcomes.push(o) });
    await robots.forUrl(`${origin}/x`);
    expect(requests).toEqual([]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['refused']);
    const got = await fetchSiteFile(`${origin}/robots.txt`, { userAgent: UA }, 1000);
    expect(got).toMatchObject({ ok: false, refused: true });
  });
});

/**
 * Sites whose robots.txt answers only once released: how many of their requests are open at once
 * is what `prefetch` bounds.
 */
async function heldSites(count: number) {
  const held: (() => void)[] = [];
  let released = false;
  const asked = new Map<string, number>();
  const state = { open: 0, mostOpen: 0 };
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const s = createServer((req, res) => {
        const key = `${req.headers.host}${req.url}`;
        asked.set(key, (asked.get(key) ?? 0) + 1);
        state.open++;
        state.mostOpen = Math.max(state.mostOpen, state.open);
        const answer = (): void => {
          state.open--;
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('User-agent: *\nDisallow: /private/\n');
        };
        if (released) answer();
        else held.push(answer);
      });
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      return s;
    }),
  );
  return {
    origins: servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`),
    asked,
    state,
    /** Waits (up to 5 s) until `n` requests are open. */
    async opened(n: number): Promise<void> {
      for (let waited = 0; state.open < n && waited < 5000; waited += 10) {
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    release(): void {
      released = true;
      for (const answer of held.splice(0)) answer();
    },
    async close(): Promise<void> {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

describe('robots.txt of many sites', () => {
  it('is fetched several sites at a time, once each, and then read from memory', async () => {
    const sites = await heldSites(5);
    try {
      const robots = rules([]);
      const urls = sites.origins.flatMap((o) => [`${o}/a`, `${o}/private/b`]);
      const done = robots.prefetch(urls, { parallel: 3 });
      await sites.opened(3);
      // Room for a fourth request to arrive, were the bound not kept.
      await new Promise((r) => setTimeout(r, 100));
      expect(sites.state.open).toBe(3);
      sites.release();
      await done;
      expect(sites.state.mostOpen).toBe(3);
      expect([...sites.asked.values()]).toEqual([1, 1, 1, 1, 1]);
      for (const o of sites.origins) {
        expect((await robots.forUrl(`${o}/private/b`)).isAllowed(`${o}/private/b`, UA)).toBe(false);
      }
      expect([...sites.asked.values()]).toEqual([1, 1, 1, 1, 1]);
    } finally {
      sites.release();
      await sites.close();
    }
  });

  it('starts no more once told to stop, and skips what is not a URL', async () => {
    const sites = await heldSites(4);
    try {
      const stop = new AbortController();
      const done = rules([]).prefetch(['not a url', ...sites.origins.map((o) => `${o}/`)], {
        parallel: 2,
        signal: stop.signal,
      });
      await sites.opened(2);
      stop.abort();
      sites.release();
      await done;
      expect(sites.asked.size).toBe(2);
    } finally {
      sites.release();
      await sites.close();
    }
  });
});

describe('sitemaps', () => {
  it('reads an index, its nested sitemaps (gzipped too) and text sitemaps, on the site only', async () => {
    routes.clear();
    const urlset = (...locs: string[]): string =>
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<url><loc>${l}</loc></url>`).join('')}</urlset>`;
    routes.set('/robots.txt', () => ({
      status: 200,
      body: `User-agent: *\nAllow: /\nSitemap: ${origin}/index.xml\nSitemap: ${origin}/list.txt\n`,
    }));
    routes.set('/index.xml', () => ({
      status: 200,
      type: 'application/xml',
      body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${origin}/a.xml</loc></sitemap><sitemap><loc>${origin}/b.xml.gz</loc></sitemap><sitemap><loc>http://elsewhere.invalid/c.xml</loc></sitemap></sitemapindex>`,
    }));
    routes.set('/a.xml', () => ({
      status: 200,
      type: 'application/xml',
      body: urlset(`${origin}/1`, `${origin}/2`),
    }));
    routes.set('/b.xml.gz', () => ({
      status: 200,
      type: 'application/gzip',
      body: gzipSync(urlset(`${origin}/3`)),
    }));
    routes.set('/list.txt', () => ({ status: 200, body: `${origin}/4\n\nnot a url\n${origin}/5\n` }));
    const urls = await sitemapUrls(origin, rules([]), { userAgent: UA, allowPrivate: true });
    expect(urls.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `${origin}/${n}`));
  });

  it('keeps going past a malformed sitemap', async () => {
    routes.clear();
    routes.set('/robots.txt', () => ({
      status: 200,
      body: `Sitemap: ${origin}/broken.xml\nSitemap: ${origin}/good.xml\n`,
    }));
    routes.set('/broken.xml', () => ({ status: 200, type: 'application/xml', body: '<urlset><url><loc>' }));
    routes.set('/good.xml', () => ({
      status: 200,
      type: 'application/xml',
      body: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${origin}/fine</loc></url></urlset>`,
    }));
    const urls = await sitemapUrls(origin, rules([]), { userAgent: UA, allowPrivate: true });
    expect(urls).toContain(`${origin}/fine`);
  });

  it('falls back to /sitemap.xml, and gives nothing when there is none', async () => {
    routes.clear();
    expect(await sitemapUrls(origin, rules([]), { userAgent: UA, allowPrivate: true })).toEqual([]);
    routes.set('/sitemap.xml', () => ({
      status: 200,
      type: 'application/xml',
      body: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${origin}/only</loc></url></urlset>`,
    }));
    expect(await sitemapUrls(origin, rules([]), { userAgent: UA, allowPrivate: true })).toEqual([
      `${origin}/only`,
    ]);
  });

  it('does not guess /sitemap.xml on a site whose robots.txt disallows everything', async () => {
    routes.clear();
    requests.length = 0;
    routes.set('/robots.txt', () => ({ status: 200, body: 'User-agent: *\nDisallow: /\n' }));
    routes.set('/sitemap.xml', () => ({
      status: 200,
      type: 'application/xml',
      body: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${origin}/only</loc></url></urlset>`,
    }));
    expect(await sitemapUrls(origin, rules([]))).toEqual([]);
    expect(requests.map((r) => r.path)).toEqual(['/robots.txt']);
  });
});

describe('a site file request', () => {
  it('says who we are and nothing else, and decodes the body by its Content-Encoding', async () => {
    routes.clear();
    requests.length = 0;
    const text = 'User-agent: *\nDisallow: /private/\n';
    routes.set('/gzip.txt', () => ({ status: 200, body: gzipSync(text), encoding: 'gzip' }));
    routes.set('/br.txt', () => ({ status: 200, body: brotliCompressSync(text), encoding: 'br' }));
    routes.set('/plain.txt', () => ({ status: 200, body: text }));
    for (const path of ['/gzip.txt', '/br.txt', '/plain.txt']) {
      const exchanges: { headers: [string, string][]; body: Buffer }[] = [];
      const got = await fetchSiteFile(
        `${origin}${path}`,
        { userAgent: UA, allowPrivate: true, onExchange: (e) => exchanges.push(e) },
        1024,
      );
      expect(got).toMatchObject({ ok: true, status: 200 });
      expect(got.ok && got.body.toString()).toBe(text);
      // Recorded as received: the header lines in order, the body decoded.
      expect(exchanges).toHaveLength(1);
      expect(exchanges[0]!.body.toString()).toBe(text);
      expect(exchanges[0]!.headers[0]).toEqual(['content-type', 'text/plain']);
    }
    for (const r of requests) {
      expect(r.ua).toBe(UA);
      expect(r.headers['accept-encoding']).toBe('gzip, deflate, br');
      // Node's fetch would send these two of its own.
      expect(r.headers['accept-language']).toBeUndefined();
      expect(r.headers['sec-fetch-mode']).toBeUndefined();
    }
  });

  it('cuts a body at the limit', async () => {
    routes.clear();
    routes.set('/big.txt', () => ({ status: 200, body: gzipSync('x'.repeat(100_000)), encoding: 'gzip' }));
    const got = await fetchSiteFile(`${origin}/big.txt`, { userAgent: UA, allowPrivate: true }, 1000);
    expect(got.ok && got.body.length).toBe(1000);
  });
});
