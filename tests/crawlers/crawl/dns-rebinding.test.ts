import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedLookup, type Resolver } from '../../../crawlers/crawl/address-guard.js';
import { fetchSiteFile, RobotsRules } from '../../../crawlers/crawl/site-files.js';
import { crawlStatic, type CrawlFailure } from '../../../crawlers/crawl/static-crawl.js';
import { CrawlScope } from '../../../crawlers/crawl/scope.js';
import { crawlRendered, pinHosts } from '../../../crawlers/crawl/rendered-crawl.js';

/**
 * DNS rebinding: a resolver that answers a public address to the guard and the loopback address
 * to whoever asks next. `localhost` stands for the attacker's name: the system resolver (which the
 * HTTP client would use without pinning) answers 127.0.0.1 for it.
 */
let server: Server;
let port: number;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    paths.push(req.url ?? '/');
    res.writeHead(req.url === '/robots.txt' ? 404 : 200, { 'content-type': 'text/html' });
    res.end('<html><body><p>secret</p></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

function rebinding(): Resolver {
  let calls = 0;
  // TEST-NET-3 would be refused; a public address that nothing on this machine answers.
  return (host) =>
    Promise.resolve(host === 'localhost' && calls++ % 2 === 0 ? ['93.184.216.34'] : ['127.0.0.1']);
}

describe('the address guard against DNS rebinding', () => {
  it('answers the HTTP client with the checked addresses only', async () => {
    const lookup = pinnedLookup('example.test', ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'])!;
    const ask = (options: object): Promise<unknown> =>
      new Promise((resolve, reject) => {
        lookup('example.test', options, (err: Error | null, address: unknown) => {
          if (err) reject(err);
          else resolve(address);
        });
      });
    expect(await ask({})).toBe('93.184.216.34');
    expect(await ask({ family: 6 })).toBe('2606:2800:220:1:248:1893:25c8:1946');
    expect(await ask({ all: true })).toHaveLength(2);
    await expect(
      new Promise((resolve, reject) => {
        lookup('other.test', {}, (err: Error | null) => {
          if (err) reject(err);
          else resolve(0);
        });
      }),
    ).rejects.toThrow(/not checked/);
    expect(pinnedLookup('127.0.0.1', ['127.0.0.1'])).toBeUndefined();
    expect(pinnedLookup('example.test', [])).toBeUndefined();
  });

  it('fetches robots.txt from the address it checked, not from a second answer', async () => {
    paths.length = 0;
    const got = await fetchSiteFile(
      `http://localhost:${port}/robots.txt`,
      { userAgent: 'test', resolve: rebinding(), timeoutMs: 1500 },
      1000,
    );
    expect(got.ok).toBe(false);
    expect(paths).toEqual([]);
  });

  it('sends no page request to the loopback server in a crawl', async () => {
    paths.length = 0;
    const failures: CrawlFailure[] = [];
    const seeds = [`http://localhost:${port}/`];
    await crawlStatic({
      seeds,
      scope: new CrawlScope({ seeds, maxDepth: 0 }),
      resolve: rebinding(),
      // robots.txt read from the real server, so that crawlee goes on to request the page.
      robots: new RobotsRules({ userAgent: 'test', allowPrivate: true }),
      sitemaps: false,
      maxRetries: 0,
      timeoutMs: 2000,
      userAgent: 'test',
      onFetch: () => undefined,
      onFailure: (f) => failures.push(f),
    });
    expect(paths.filter((p) => p !== '/robots.txt')).toEqual([]);
    expect(failures.map((f) => f.url)).toEqual([`http://localhost:${port}/`]);
  });

  it('pins the browser of a rendered crawl to the checked address: no request reaches the loopback server', async () => {
    paths.length = 0;
    const failures: CrawlFailure[] = [];
    const start = [{ url: `http://localhost:${port}/`, depth: 0 }];
    // The guard is told a public address for the name; chromium's own lookup would say 127.0.0.1.
    const publicOnly: Resolver = (host) => Promise.resolve(host === 'localhost' ? ['93.184.216.34'] : []);
    await crawlRendered({
      start,
      scope: new CrawlScope({ seeds: [start[0]!.url], maxDepth: 0 }),
      resolve: publicOnly,
      robots: new RobotsRules({ userAgent: 'test', allowPrivate: true }),
      timeoutMs: 3000,
      userAgent: 'test',
      onFetch: () => undefined,
      onFailure: (f) => failures.push(f),
    });
    expect(paths.filter((p) => p !== '/robots.txt')).toEqual([]);
    expect(failures.map((f) => f.url)).toEqual([start[0]!.url]);
    expect(await pinHosts(['localhost'], { resolve: publicOnly })).toEqual({
      allowed: ['localhost'],
      rules: ['MAP localhost 93.184.216.34'],
    });
    expect(await pinHosts(['localhost'], {})).toEqual({ allowed: [], rules: [] });
  }, 60_000);
});
