import { htmlResponse, renderPage } from '../html.js';
import {
  paragraphsOf,
  slugOf,
  sourceDocOf,
  sourceOf,
  splitOf,
  titleOf,
  WINDOW,
  type TextUnit,
} from '../sources.js';
import type { PageInfo, WorldResponse } from '../types.js';
import { ListingSite } from './listing.js';

/**
 * Article k of a site drawing on a pool of Brown windows: the pool in order, then again with the
 * windows shifted by a paragraph or more per round, so large worlds reuse text without copying it.
 */
export function unitAt(pool: readonly TextUnit[], k: number): TextUnit {
  const base = pool[k % pool.length]!;
  const round = Math.floor(k / pool.length);
  if (round === 0) return base;
  const count = paragraphsOf(base.file, base.genre).length;
  const start = (base.start + round) % Math.max(count - 2, 1);
  return { ...base, start, end: Math.min(start + WINDOW, count) };
}

/** A human English site (news or blog) of Brown texts. */
export class HumanSite extends ListingSite {
  protected readonly lang = { code: 'eng', tag: 'en' };

  constructor(
    id: string,
    archetype: string,
    origin: string,
    name: string,
    protected readonly section: string,
    private readonly pool: readonly TextUnit[],
    private readonly articles: number,
    private readonly hazards: string[] = [],
  ) {
    super(id, archetype, origin, name);
  }

  protected count(): number {
    return this.articles;
  }

  protected text(k: number): string[] {
    const unit = unitAt(this.pool, k);
    return paragraphsOf(unit.file, unit.genre).slice(unit.start, unit.end);
  }

  protected title(k: number): string {
    return titleOf(this.text(k));
  }

  protected override slug(k: number): string {
    return slugOf(this.title(k));
  }

  protected info(k: number, path: string): PageInfo {
    const unit = unitAt(this.pool, k);
    return {
      path,
      pageType: 'article',
      origin: 'human',
      language: 'eng',
      source: sourceOf(unit),
      sourceDoc: sourceDocOf(unit),
      group: null,
      groupSize: 1,
      groupLanguages: 1,
      split: splitOf(sourceDocOf(unit)),
      hazards: this.hazards,
      traces: [],
    };
  }

  protected article(k: number): WorldResponse {
    return htmlResponse(
      renderPage({
        lang: 'en',
        title: this.title(k),
        siteName: this.name,
        head: [`<link rel="canonical" href="${this.origin}${this.articlePath(k)}">`],
        nav: this.nav(),
        paragraphs: this.text(k),
        related: this.related(k),
        cookieBanner: this.archetype === 'human-news',
      }),
    );
  }
}
