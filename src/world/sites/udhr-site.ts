import { htmlResponse, renderPage, type Link } from '../html.js';
import { readUdhr, type UdhrText } from '../udhr.js';
import { udhrSplitOf } from '../sources.js';
import { indexInfo, type PageInfo, type WorldResponse } from '../types.js';
import { BaseSite } from './base.js';

/** Sections of the declaration: the preamble (0) and articles 1-30. */
/** The preamble and the 30 articles. */
export const UDHR_SECTIONS = 31;
const SECTIONS = UDHR_SECTIONS;

/**
 * A human-translated institution site: the UDHR in many languages, split into the same pages in
 * each, declared to each other with hreflang. Multi-way parallel, but human: the trap for
 * detectors that take every translation tuple for machine translation.
 */
export class UdhrSite extends BaseSite {
  private readonly texts: UdhrText[];
  private readonly chunk: number;

  constructor(id: string, origin: string, name: string, codes: readonly string[], pagesPerLanguage: number) {
    super(id, 'institution', origin, name);
    this.texts = codes.map((c) => readUdhr(c));
    this.chunk = Math.ceil(SECTIONS / Math.min(Math.max(pagesPerLanguage, 1), SECTIONS));
  }

  private get pagesPerLanguage(): number {
    return Math.ceil(SECTIONS / this.chunk);
  }

  private range(j: number): [number, number] {
    return [j * this.chunk, Math.min(SECTIONS, (j + 1) * this.chunk) - 1];
  }

  private path(text: UdhrText, j: number): string {
    const [a, b] = this.range(j);
    return `/${text.bcp47.toLowerCase()}/declaration-${a}-${b}.html`;
  }

  *pages(): Iterable<PageInfo> {
    yield indexInfo('/', 'eng', 'human');
    const languages = new Set(this.texts.map((t) => t.iso6393)).size;
    for (const text of this.texts) {
      for (let j = 0; j < this.pagesPerLanguage; j++) {
        const [a, b] = this.range(j);
        yield {
          path: this.path(text, j),
          pageType: 'article',
          origin: 'human-translation',
          language: text.iso6393,
          source: `udhr#${a}-${b}`,
          sourceDoc: 'udhr',
          group: `udhr#${a}-${b}`,
          groupSize: this.texts.length,
          groupLanguages: languages,
          split: udhrSplitOf(a, b, SECTIONS),
          hazards: [],
          traces: [],
        };
      }
    }
  }

  protected route(path: string): WorldResponse | undefined {
    if (path === '/') {
      const list: Link[] = [];
      for (const text of this.texts) {
        for (let j = 0; j < this.pagesPerLanguage; j++) {
          list.push({ href: this.path(text, j), text: `${text.title} (${j + 1})` });
        }
      }
      return htmlResponse(renderPage({ lang: 'en', title: this.name, siteName: this.name, nav: [], list }));
    }
    for (const text of this.texts) {
      for (let j = 0; j < this.pagesPerLanguage; j++) {
        if (this.path(text, j) === path) return htmlResponse(this.render(text, j));
      }
    }
    return undefined;
  }

  private render(text: UdhrText, j: number): string {
    const [a, b] = this.range(j);
    const paragraphs: string[] = [];
    for (const section of text.sections.filter((s) => s.number >= a && s.number <= b)) {
      paragraphs.push(section.heading, ...section.paragraphs);
    }
    const head = this.texts.map(
      (t) => `<link rel="alternate" hreflang="${t.bcp47}" href="${this.origin}${this.path(t, j)}">`,
    );
    const nav = this.texts.map((t) => ({ href: this.path(t, j), text: t.bcp47 }));
    return renderPage({ lang: text.bcp47, title: text.title, siteName: this.name, head, nav, paragraphs });
  }
}
