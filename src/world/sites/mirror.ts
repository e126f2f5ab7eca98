import { htmlResponse, renderPage, type Link } from '../html.js';
import { hashSeed, rng, shuffled } from '../../../db/random.js';
import { indexInfo, type PageInfo, type WorldResponse } from '../types.js';
import { BaseSite, pageCount } from './base.js';
import { articleInfo, articleText, type MtArticle } from './mt-article.js';

const PER_INDEX = 30;

/** Path words per mirror language, so URLs do not line up across mirrors. */
const SECTIONS: Record<string, string> = {
  eng: 'stories',
  spa: 'noticias',
  cat: 'noticies',
  por: 'artigos',
  glg: 'novas',
  ita: 'notizie',
  fra: 'actualites',
  epo: 'artikoloj',
};

/**
 * An MT mirror: one language's versions of articles that other mirrors carry in other languages,
 * on its own origin, in its own order and URL scheme, with no hreflang and no links to the other
 * language versions. Only the text says these pages are translations of each other.
 */
export class MirrorSite extends BaseSite {
  /** Page i holds article order[i]. */
  private readonly order: number[];

  constructor(
    id: string,
    origin: string,
    name: string,
    private readonly language: { code: string; tag: string },
    private readonly articles: readonly MtArticle[],
    seed: number,
  ) {
    super(id, 'mt-mirror', origin, name);
    this.order = shuffled(
      articles.map((_, i) => i),
      rng(hashSeed(seed, id)),
    );
  }

  private section(): string {
    return SECTIONS[this.language.code] ?? 'posts';
  }

  private articlePath(i: number): string {
    return `/${this.section()}/${i + 1}.html`;
  }

  private indexPath(n: number): string {
    return n === 1 ? '/' : `/page/${n}.html`;
  }

  *pages(): Iterable<PageInfo> {
    const machine = this.language.code !== 'eng';
    for (let n = 1; n <= pageCount(this.order.length, PER_INDEX); n++) {
      yield indexInfo(this.indexPath(n), this.language.code, machine ? 'machine-translation' : 'human');
    }
    for (let i = 0; i < this.order.length; i++) {
      yield articleInfo(this.articles[this.order[i]!]!, this.language.code, this.articlePath(i), []);
    }
  }

  protected route(path: string): WorldResponse | undefined {
    const index = /^\/(?:page\/(\d+)\.html)?$/.exec(path);
    if (index) {
      const n = index[1] ? Number(index[1]) : 1;
      if (n < 1 || n > pageCount(this.order.length, PER_INDEX) || index[1] === '1') return undefined;
      const list: Link[] = [];
      for (let i = (n - 1) * PER_INDEX; i < Math.min(n * PER_INDEX, this.order.length); i++) {
        list.push({ href: this.articlePath(i), text: this.title(i) });
      }
      if (n < pageCount(this.order.length, PER_INDEX)) list.push({ href: this.indexPath(n + 1), text: '>>' });
      return htmlResponse(
        renderPage({ lang: this.language.tag, title: this.name, siteName: this.name, nav: this.nav(), list }),
      );
    }
    const m = new RegExp(`^/${this.section()}/(\\d+)\\.html$`).exec(path);
    const i = m ? Number(m[1]) - 1 : -1;
    if (!(i >= 0 && i < this.order.length) || String(i + 1) !== m?.[1]) return undefined;
    const { title, paragraphs } = articleText(this.articles[this.order[i]!]!, this.language.code);
    const related: Link[] = [];
    for (let j = 1; j <= 3 && j < this.order.length; j++) {
      const r = (i + j) % this.order.length;
      related.push({ href: this.articlePath(r), text: this.title(r) });
    }
    return htmlResponse(
      renderPage({
        lang: this.language.tag,
        title,
        siteName: this.name,
        head: [`<link rel="canonical" href="${this.origin}${this.articlePath(i)}">`],
        nav: this.nav(),
        paragraphs,
        related,
      }),
    );
  }

  private title(i: number): string {
    return articleText(this.articles[this.order[i]!]!, this.language.code).title;
  }

  private nav(): Link[] {
    return [{ href: '/', text: this.name }];
  }
}
