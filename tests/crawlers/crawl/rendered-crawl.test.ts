import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlRendered } from '../../../crawlers/crawl/rendered-crawl.js';
import { CrawlScope } from '../../../crawlers/crawl/scope.js';

/** A page whose only link is written by its script, and the page it links to. */
const PAGES: Record<string, string> = {
  '/a.html': `<!doctype html><html><head><title>A</title></head><body><script>
    document.body.innerHTML = '<p>This page is written by its script, link and all, once it runs.</p>' +
      '<a href="/b.html">the next page</a>';
  </script></body></html>`,
  '/b.html': '<!doctype html><html><body><p>The page only the browser could find.</p></body></html>',
};

let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const page = PAGES[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    }),
);

describe('the rendered crawl', () => {
  it('hands on the links only the browser finds before the page that holds them, then follows them', async () => {
    const events: string[] = [];
    await crawlRendered({
      start: [{ url: `${origin}/a.html`, depth: 0 }],
      scope: new CrawlScope({ seeds: [`${origin}/`], maxDepth: 3 }),
      allowPrivate: true,
      onQueued: (entries) =>
        events.push(...entries.map((e) => `queued ${new URL(e.url).pathname} ${e.depth}`)),
      onFetch: (f) => {
        events.push(`fetched ${new URL(f.url).pathname}`);
      },
    });
    expect(events).toEqual(['queued /b.html 1', 'fetched /a.html', 'fetched /b.html']);
  }, 60_000);
});
