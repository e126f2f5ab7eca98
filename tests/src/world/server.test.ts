import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { WARCParser } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../crawlers/charset.js';
import { extractHtml } from '../../../crawlers/extract-html.js';
import type { AccessLogEntry, RunningWorld } from '../../../src/world/server.js';
import { readUdhr } from '../../../src/world/udhr.js';
import type { World } from '../../../src/world/world.js';
import { startWorld } from '../../helpers/world.js';
import { writeWorldWarc } from '../../../src/world/world-warc.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const SLOW_MS = 400;
let world: World;
let running: RunningWorld;
const log: AccessLogEntry[] = [];

async function start(): Promise<void> {
  ({ world, running } = await startWorld({ seed: 3, pages: 80, slowMs: SLOW_MS }, (e) => log.push(e)));
}

beforeAll(start);
afterAll(() => running.close());

async function get(url: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('the served world', () => {
  it('serves exactly what the WARC world records', async () => {
    const path = join(tempDir(), 'world.warc.gz');
    writeWorldWarc(world, path);
    const recorded = new Map<string, { status: number; type: string | null; body: Buffer }>();
    for await (const record of new WARCParser(createReadStream(path))) {
      if (record.warcType !== 'response') continue;
      const body = Buffer.from(await record.readFully(false));
      recorded.set(record.warcTargetURI!, {
        status: Number(record.httpHeaders!.statusCode),
        type: record.httpHeaders!.headers.get('content-type') ?? null,
        body,
      });
    }
    const urls = [...world.urls()];
    expect(recorded.size).toBe(urls.length);
    for (const label of world.labels()) expect(recorded.has(label.url), label.url).toBe(true);
    for (const url of urls) {
      const served = await get(url);
      const warc = recorded.get(url)!;
      expect(served.status, url).toBe(warc.status);
      expect(served.headers.get('content-type'), url).toBe(warc.type);
      expect(served.body.equals(warc.body), url).toBe(true);
    }
  }, 120_000);

  const hazards = (): string => world.sites.find((s) => s.id === 'hazards')!.origin;

  it('disallows the private section in robots.txt and lists sitemaps', async () => {
    const robots = (await get(`${hazards()}/robots.txt`)).body.toString();
    expect(robots).toMatch(/^Disallow: \/private\/$/m);
    expect(robots).toContain(`Sitemap: ${hazards()}/sitemap.xml`);
    const index = (await get(`${hazards()}/sitemap.xml`)).body.toString();
    const first = /<loc>([^<]+)<\/loc>/.exec(index)![1]!;
    const sitemap = (await get(first)).body.toString();
    expect(sitemap).toContain(`${hazards()}/slow.html`);
    expect(sitemap).not.toContain('/private/');
  });

  it('has redirect chains, a redirect loop, 404 and 500', async () => {
    let url = `${hazards()}/redirect/1`;
    const hops: number[] = [];
    for (let r = await get(url); r.status >= 300 && r.status < 400; r = await get(url)) {
      hops.push(r.status);
      url = new URL(r.headers.get('location')!, url).href;
    }
    expect(hops).toEqual([301, 302, 301]);
    expect(url).toBe(`${hazards()}/redirect/target.html`);
    const a = await get(`${hazards()}/loop/a`);
    expect(a.status).toBe(302);
    expect((await get(new URL(a.headers.get('location')!, hazards()).href)).headers.get('location')).toBe(
      '/loop/a',
    );
    expect((await get(`${hazards()}/missing.html`)).status).toBe(404);
    expect((await get(`${hazards()}/nothing-here`)).status).toBe(404);
    expect((await get(`${hazards()}/error.html`)).status).toBe(500);
    // The access log saw every one of these requests, with its status.
    expect(log.filter((e) => e.site === 'hazards' && e.path === '/error.html').at(-1)?.status).toBe(500);
    expect(log.some((e) => e.path === '/loop/b' && e.status === 302)).toBe(true);
  });

  it('has an endless calendar and a slow page', async () => {
    const far = await get(`${hazards()}/calendar/2999/12/`);
    expect(far.status).toBe(200);
    expect(far.body.toString()).toContain('/calendar/2999/11/');
    const started = performance.now();
    expect((await get(`${hazards()}/slow.html`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 50);
  });

  it('serves legacy charsets declared only by header or only by <meta>, which decode right', async () => {
    const cases = [
      ['cp1252-header', 'deu_1996', 'windows-1252', true],
      ['cp1252-meta', 'fra', 'windows-1252', false],
      ['sjis-header', 'jpn', 'shift_jis', true],
      ['sjis-meta', 'jpn', 'shift_jis', false],
      ['koi8r-header', 'rus', 'koi8-r', true],
      ['koi8r-meta', 'rus', 'koi8-r', false],
    ] as const;
    for (const [name, code, charset, header] of cases) {
      const res = await get(`${hazards()}/legacy/${name}.html`);
      const type = res.headers.get('content-type')!;
      expect(type.includes(charset), name).toBe(header);
      expect(res.body.toString('latin1').includes(`<meta charset="${charset}">`), name).toBe(!header);
      const decoded = decodeBytes(res.body, { contentType: type });
      const article1 = readUdhr(code).sections.find((s) => s.number === 1)!.paragraphs[0]!;
      expect(extractHtml(decoded.text).text, name).toContain(article1);
    }
  });

  it('has an oversized page, binary downloads and a page whose text needs JavaScript', async () => {
    const big = await get(`${hazards()}/big.html`);
    expect(big.body.length).toBeGreaterThan(10 * 2 ** 20);
    const pdf = await get(`${hazards()}/files/report.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const app = world.sites.find((s) => s.id === 'app')!;
    const page = [...app.pages()].find((p) => p.pageType === 'article')!;
    const shell = await get(app.origin + page.path);
    expect(extractHtml(shell.body.toString()).text.length).toBeLessThan(80);
    const id = /data-article="(\d+)"/.exec(shell.body.toString())![1];
    const api = JSON.parse((await get(`${app.origin}/api/articles/${id}.json`)).body.toString()) as {
      paragraphs: string[];
    };
    expect(api.paragraphs.join(' ').length).toBeGreaterThan(500);
  });
});
