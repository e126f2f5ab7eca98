import iconv from 'iconv-lite';
import { hashSeed, rng } from '../../../db/random.js';
import { escapeHtml, htmlResponse, notFound, redirect, renderPage, type Link } from '../html.js';
import {
  paragraphsOf,
  sourceDocOf,
  sourceOf,
  splitOf,
  titleOf,
  udhrSplitOf,
  type TextUnit,
} from '../sources.js';
import { readUdhr } from '../udhr.js';
import { indexInfo, type PageInfo, type WorldResponse } from '../types.js';
import { BaseSite } from './base.js';
import { unitAt } from './human.js';
import { UDHR_SECTIONS } from './udhr-site.js';

/** Legacy-encoded pages: one charset, declared only by the HTTP header or only by <meta>. */
const LEGACY = [
  { name: 'cp1252-header', udhr: 'deu_1996', charset: 'windows-1252', declared: 'header' },
  { name: 'cp1252-meta', udhr: 'fra', charset: 'windows-1252', declared: 'meta' },
  { name: 'sjis-header', udhr: 'jpn', charset: 'shift_jis', declared: 'header' },
  { name: 'sjis-meta', udhr: 'jpn', charset: 'shift_jis', declared: 'meta' },
  { name: 'koi8r-header', udhr: 'rus', charset: 'koi8-r', declared: 'header' },
  { name: 'koi8r-meta', udhr: 'rus', charset: 'koi8-r', declared: 'meta' },
] as const;

const BINARIES: Record<string, { type: string; magic: number[] }> = {
  '/files/report.pdf': { type: 'application/pdf', magic: [...Buffer.from('%PDF-1.4\n')] },
  '/files/archive.zip': { type: 'application/zip', magic: [0x50, 0x4b, 0x03, 0x04] },
  '/files/photo.jpg': { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff, 0xe0] },
};

/** Calendar months a crawl records before its trap defence stops it; the server has no end. */
const CALENDAR_FROM = { year: 2026, month: 9 };
const CALENDAR_MONTHS = 6;

/** Article pages of the hazard site: 4 human pages, 6 legacy-charset pages, the oversized one. */
export const HAZARD_ARTICLES = 11;

/** The oversized page: over the 10 MB record cap of ingest and the usual crawler size caps. */
export const OVERSIZED_BYTES = 11 * 1024 * 1024;

/**
 * Everything that goes wrong on the web, on one origin: a robots.txt-disallowed section, an
 * endless calendar, redirect chains and a loop, 404 and 500 responses, a slow page, legacy
 * charsets declared only by header or only by <meta>, an oversized page and binary downloads.
 */
export class HazardSite extends BaseSite {
  private big: Buffer | undefined;

  constructor(
    id: string,
    origin: string,
    name: string,
    private readonly pool: readonly TextUnit[],
    private readonly seed: number,
    private readonly slowMs: number,
  ) {
    super(id, 'hazards', origin, name);
  }

  protected override disallowed(): string[] {
    return ['/private/'];
  }

  /** Human pages of the site: [path, pool index, hazards]. */
  private articles(): [string, number, string[]][] {
    return [
      ['/private/1.html', 0, ['robots-disallowed']],
      ['/private/2.html', 1, ['robots-disallowed']],
      ['/slow.html', 2, ['slow']],
      ['/redirect/target.html', 3, ['redirect-target']],
    ];
  }

  private calendarPath(i: number): string {
    const m = CALENDAR_FROM.month - 1 + i;
    const year = CALENDAR_FROM.year + Math.floor(m / 12);
    return `/calendar/${year}/${String((m % 12) + 1).padStart(2, '0')}/`;
  }

  *pages(): Iterable<PageInfo> {
    // Fields every page here shares; article pages override what they have.
    const base = indexInfo('', 'eng', 'human');
    yield indexInfo('/', 'eng', 'human');
    for (const [path, k, hazards] of this.articles()) {
      const unit = unitAt(this.pool, k);
      const sourceDoc = sourceDocOf(unit);
      yield {
        ...base,
        path,
        pageType: 'article',
        origin: 'human',
        language: 'eng',
        source: sourceOf(unit),
        sourceDoc,
        split: splitOf(sourceDoc),
        hazards,
      };
    }
    for (let i = 0; i < CALENDAR_MONTHS; i++) {
      yield indexInfo(this.calendarPath(i), 'eng', 'human', ['crawler-trap']);
    }
    for (const legacy of LEGACY) {
      yield {
        ...base,
        path: `/legacy/${legacy.name}.html`,
        pageType: 'article',
        origin: 'human-translation',
        language: readUdhr(legacy.udhr).iso6393,
        source: 'udhr#1-5',
        sourceDoc: 'udhr',
        group: 'udhr-legacy#1-5',
        groupSize: LEGACY.length,
        groupLanguages: new Set(LEGACY.map((l) => l.udhr)).size,
        split: udhrSplitOf(1, 5, UDHR_SECTIONS),
        hazards: [`charset-${legacy.declared}-only`],
      };
    }
    // Many Brown windows repeated: no single source document, so no split.
    yield {
      ...base,
      path: '/big.html',
      pageType: 'article',
      origin: 'human',
      language: 'eng',
      hazards: ['oversized'],
    };
  }

  protected override *extraResources(): Iterable<string> {
    yield* [
      '/redirect/1',
      '/redirect/2',
      '/redirect/3',
      '/loop/a',
      '/loop/b',
      '/missing.html',
      '/error.html',
    ];
    yield* Object.keys(BINARIES);
  }

  protected route(path: string): WorldResponse | undefined {
    if (path === '/') return htmlResponse(this.index());
    const article = this.articles().find(([p]) => p === path);
    if (article) {
      const response = htmlResponse(this.article(article[1]));
      return article[2].includes('slow') ? { ...response, delayMs: this.slowMs } : response;
    }
    const redirects: Record<string, [string, number]> = {
      '/redirect/1': ['/redirect/2', 301],
      '/redirect/2': ['/redirect/3', 302],
      '/redirect/3': ['/redirect/target.html', 301],
      '/loop/a': ['/loop/b', 302],
      '/loop/b': ['/loop/a', 302],
    };
    const hop = redirects[path];
    if (hop) return redirect(hop[0], hop[1]);
    if (path === '/error.html') {
      return {
        ...htmlResponse('<!doctype html><title>Error</title><h1>500 Internal Server Error</h1>\n'),
        status: 500,
      };
    }
    const calendar = /^\/calendar\/(\d{4})\/(\d{2})\/$/.exec(path);
    if (calendar) return this.calendar(Number(calendar[1]), Number(calendar[2]));
    const legacy = LEGACY.find((l) => path === `/legacy/${l.name}.html`);
    if (legacy) return this.legacy(legacy);
    if (path === '/big.html') {
      this.big ??= this.oversized();
      return { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8']], body: this.big };
    }
    const binary = BINARIES[path];
    if (binary) {
      const random = rng(hashSeed(this.seed, path));
      const body = Buffer.alloc(24 * 1024);
      body.set(binary.magic);
      for (let i = binary.magic.length; i < body.length; i++) body[i] = Math.floor(random() * 256);
      return { status: 200, headers: [['Content-Type', binary.type]], body };
    }
    return path === '/missing.html' ? notFound() : undefined;
  }

  private text(k: number): string[] {
    const unit = unitAt(this.pool, k);
    return paragraphsOf(unit.file, unit.genre).slice(unit.start, unit.end);
  }

  private article(k: number): string {
    const paragraphs = this.text(k);
    return renderPage({
      lang: 'en',
      title: titleOf(paragraphs),
      siteName: this.name,
      nav: [{ href: '/', text: 'Home' }],
      paragraphs,
    });
  }

  private index(): string {
    const list: Link[] = [
      ...this.articles().map(([path]) => ({ href: path, text: path })),
      { href: this.calendarPath(2), text: 'Events calendar' },
      { href: '/redirect/1', text: 'Moved article' },
      { href: '/loop/a', text: 'Loop' },
      { href: '/missing.html', text: 'Missing page' },
      { href: '/error.html', text: 'Broken page' },
      ...LEGACY.map((l) => ({ href: `/legacy/${l.name}.html`, text: `Legacy ${l.name}` })),
      { href: '/big.html', text: 'Complete archive' },
      ...Object.keys(BINARIES).map((href) => ({ href, text: href })),
    ];
    return renderPage({ lang: 'en', title: this.name, siteName: this.name, nav: [], list });
  }

  /** A month page linking to the months around it, for ever. */
  private calendar(year: number, month: number): WorldResponse | undefined {
    if (month < 1 || month > 12 || year < 1900 || year > 2999) return undefined;
    const link = (y: number, m: number): Link => {
      const d = new Date(Date.UTC(y, m - 1, 1));
      const label = d.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
      return {
        href: `/calendar/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/`,
        text: label,
      };
    };
    const title = `Events: ${link(year, month).text}`;
    return htmlResponse(
      renderPage({
        lang: 'en',
        title,
        siteName: this.name,
        nav: [{ href: '/', text: 'Home' }],
        list: [link(year, month - 1), link(year, month + 1), link(year + 1, month)],
      }),
    );
  }

  private legacy(legacy: (typeof LEGACY)[number]): WorldResponse {
    const udhr = readUdhr(legacy.udhr);
    const paragraphs: string[] = [];
    for (const section of udhr.sections.filter((s) => s.number >= 1 && s.number <= 5)) {
      paragraphs.push(section.heading, ...section.paragraphs);
    }
    const html = renderPage({
      lang: udhr.bcp47,
      title: udhr.title,
      siteName: this.name,
      nav: [{ href: '/', text: 'Home' }],
      paragraphs,
      noMetaCharset: legacy.declared === 'header',
      metaCharset: legacy.charset,
    });
    const type = legacy.declared === 'header' ? `text/html; charset=${legacy.charset}` : 'text/html';
    return { status: 200, headers: [['Content-Type', type]], body: iconv.encode(html, legacy.charset) };
  }

  private oversized(): Buffer {
    const parts: string[] = [];
    let size = 0;
    for (let k = 0; size < OVERSIZED_BYTES; k++) {
      const p = `<p>${escapeHtml(this.text(5 + (k % 40)).join(' '))}</p>\n`;
      parts.push(p);
      size += Buffer.byteLength(p);
    }
    return Buffer.from(
      renderPage({
        lang: 'en',
        title: 'Complete archive',
        siteName: this.name,
        nav: [],
        paragraphs: [],
      }).replace('</article>', `${parts.join('')}</article>`),
    );
  }
}
