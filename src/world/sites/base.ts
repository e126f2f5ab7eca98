import { notFound, textResponse } from '../html.js';
import type { PageInfo, Site, WorldResponse } from '../types.js';

/** URLs per sitemap file; /sitemap.xml is always an index of them. */
export const SITEMAP_CHUNK = 1000;

/** What every site has: robots.txt, a sitemap index and its sitemaps, and 404s. */
export abstract class BaseSite implements Site {
  constructor(
    readonly id: string,
    readonly archetype: string,
    readonly origin: string,
    readonly name: string,
  ) {}

  abstract pages(): Iterable<PageInfo>;
  /** A page or resource of this site, or undefined. */
  protected abstract route(path: string): WorldResponse | undefined;
  /** Path prefixes robots.txt disallows. */
  protected disallowed(): string[] {
    return [];
  }
  protected *extraResources(): Iterable<string> {}

  *resources(): Iterable<string> {
    yield '/robots.txt';
    yield '/sitemap.xml';
    for (let i = 0; i < this.sitemapCount(); i++) yield `/sitemaps/${i + 1}.xml`;
    yield* this.extraResources();
  }

  respond(path: string): WorldResponse | undefined {
    if (path === '/robots.txt') return textResponse(this.robots(), 'text/plain; charset=utf-8');
    if (path === '/sitemap.xml') return this.sitemapIndex();
    const m = /^\/sitemaps\/(\d+)\.xml$/.exec(path);
    if (m) return this.sitemap(Number(m[1]));
    return this.route(path);
  }

  protected isDisallowed(path: string): boolean {
    return this.disallowed().some((prefix) => path.startsWith(prefix));
  }

  private robots(): string {
    const lines = ['User-agent: *'];
    for (const prefix of this.disallowed()) lines.push(`Disallow: ${prefix}`);
    if (lines.length === 1) lines.push('Disallow:');
    lines.push('', `Sitemap: ${this.origin}/sitemap.xml`, '');
    return lines.join('\n');
  }

  private *listed(): Iterable<string> {
    for (const page of this.pages()) if (!this.isDisallowed(page.path)) yield page.path;
  }

  private sitemapCount(): number {
    let n = 0;
    for (const _ of this.listed()) n++;
    return Math.ceil(n / SITEMAP_CHUNK);
  }

  private sitemapIndex(): WorldResponse {
    const items: string[] = [];
    for (let i = 0; i < this.sitemapCount(); i++) {
      items.push(`<sitemap><loc>${this.origin}/sitemaps/${i + 1}.xml</loc></sitemap>`);
    }
    return xml(
      `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>`,
    );
  }

  private sitemap(n: number): WorldResponse {
    const from = (n - 1) * SITEMAP_CHUNK;
    const urls: string[] = [];
    let i = 0;
    for (const path of this.listed()) {
      if (i >= from && i < from + SITEMAP_CHUNK) urls.push(`<url><loc>${this.origin}${path}</loc></url>`);
      i++;
    }
    if (n < 1 || urls.length === 0) return notFound();
    return xml(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>`);
  }
}

function xml(body: string): WorldResponse {
  return textResponse(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`, 'application/xml; charset=utf-8');
}

/** Pages of an index: `per` links each. */
export function pageCount(items: number, per: number): number {
  return Math.max(1, Math.ceil(items / per));
}
