import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HostGate, retryAfterMs } from '../../../crawlers/crawl/host-gate.js';
import { CrawlScope } from '../../../crawlers/crawl/scope.js';
import { crawlStatic, type Fetched } from '../../../crawlers/crawl/static-crawl.js';

interface Hit {
  path: string;
  at: number;
}

/** A loopback site of `pages` linked pages answered by `answer`; it logs each request's path and time. */
async function site(
  pages: number,
  answer: (req: IncomingMessage, res: ServerResponse, hits: Hit[]) => boolean,
): Promise<{ origin: string; hits: Hit[]; close: () => Promise<void>; inFlightMax: () => number }> {
  const hits: Hit[] = [];
  let inFlight = 0;
  let inFlightMax = 0;
  const server = createServer((req, res) => {
    hits.push({ path: req.url ?? '/', at: Date.now() });
    inFlight++;
    inFlightMax = Math.max(inFlightMax, inFlight);
    res.on('close', () => inFlight--);
    if (answer(req, res, hits)) return;
    const links = Array.from({ length: pages }, (_, i) => `<a href="/p${i}">page ${i}</a>`).join(' ');
    // Each page takes a moment, so requests to the site overlap when nothing holds them back.
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body><p>${req.url} ${links}</p></body></html>`);
    }, 150);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    inFlightMax: () => inFlightMax,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

async function crawl(origin: string, extra: Partial<Parameters<typeof crawlStatic>[0]> = {}) {
  const fetched: Fetched[] = [];
  const summary = await crawlStatic({
    seeds: [`${origin}/`],
    scope: new CrawlScope({ seeds: [`${origin}/`], maxDepth: 1 }),
    allowPrivate: true,
    sitemaps: false,
    backoffMs: 1,
    onFetch: (f) => {
      fetched.push(f);
    },
    ...extra,
  });
  return { summary, fetched };
}

const pageStarts = (hits: Hit[]): number[] => hits.filter((h) => h.path.startsWith('/p')).map((h) => h.at);

describe('the crawler is polite to each host', () => {
  it("honours robots.txt's Crawl-delay between the requests to a host, and reports it", async () => {
    const s = await site(4, (req, res) => {
      if (req.url !== '/robots.txt') return false;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('User-agent: *\nCrawl-delay: 1\n');
      return true;
    });
    const { summary } = await crawl(s.origin);
    await s.close();
    const starts = pageStarts(s.hits);
    expect(starts).toHaveLength(4);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(950);
    expect(summary.politeness.crawlDelays).toEqual({ [new URL(s.origin).host]: 1000 });
  });

  it('pauses a host that answers 429 for as long as Retry-After asks, then fetches the page', async () => {
    let refused = false;
    const s = await site(2, (req, res) => {
      if (req.url !== '/p0' || refused) return false;
      refused = true;
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
      res.end('slow down');
      return true;
    });
    // One request at a time, so that every later request was sent after the 429 arrived.
    const { summary, fetched } = await crawl(s.origin, { maxRetries: 2, maxConcurrency: 1 });
    await s.close();
    const p0 = s.hits.filter((h) => h.path === '/p0');
    expect(p0).toHaveLength(2);
    expect(p0[1]!.at - p0[0]!.at).toBeGreaterThanOrEqual(950);
    // No other request went to the host during the pause either.
    const during = s.hits.filter((h) => h.at > p0[0]!.at && h.at < p0[0]!.at + 950);
    expect(during).toEqual([]);
    expect(fetched.some((f) => f.url === `${s.origin}/p0` && f.status === 200)).toBe(true);
    expect(summary.politeness.pauses).toEqual({ [new URL(s.origin).host]: 1 });
  });

  it('keeps at most the limit of requests in flight to one host', async () => {
    const s = await site(8, () => false);
    await crawl(s.origin, { maxConcurrency: 8, hostLimits: { maxInFlight: 2, delayMs: 0 } });
    await s.close();
    expect(s.hits.length).toBeGreaterThanOrEqual(9);
    expect(s.inFlightMax()).toBe(2);
  });

  it('loopback sites (the demo world, tests) keep full speed by default', async () => {
    const s = await site(8, () => false);
    await crawl(s.origin, { maxConcurrency: 8 });
    await s.close();
    expect(s.inFlightMax()).toBeGreaterThan(2);
  });
});

describe('HostGate', () => {
  it('lets a third request wait until one of two in flight is done, and spaces starts by the delay', async () => {
    const gate = new HostGate();
    const limits = { maxInFlight: 2, delayMs: 0 };
    await gate.acquire('a', 'h', limits);
    await gate.acquire('b', 'h', limits);
    let third = false;
    const waiting = gate.acquire('c', 'h', limits).then(() => (third = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(third).toBe(false);
    gate.release('a');
    gate.release('a'); // twice: no effect
    await waiting;
    expect(third).toBe(true);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
