import { escapeHtml, htmlResponse, notFound, redirect, renderPage, type Link } from '../html.js';
import { slugOf } from '../sources.js';
import { indexInfo, type PageInfo, type WorldResponse } from '../types.js';
import { BaseSite, pageCount } from './base.js';
import { ARTICLE_LANGUAGES, articleInfo, articleText, type MtArticle } from './mt-article.js';

/** Which MT plugin a farm shows: gtranslate on half its articles, Transposh marks on half, or none. */
export type FarmTraces = 'gtranslate' | 'transposh' | 'none';

const PER_INDEX = 40;

/**
 * An MT content farm: English articles machine-translated into every MT language, in language
 * folders (/en/, /es/, ...) that declare each other with hreflang, as WordPress translation
 * plugins publish them.
 */
export class FarmSite extends BaseSite {
  private readonly slugs = new Map<number, string>();

  constructor(
    id: string,
    origin: string,
    name: string,
    private readonly articles: readonly MtArticle[],
    private readonly traceStyle: FarmTraces,
  ) {
    super(id, 'mt-farm', origin, name);
  }

  private slug(k: number): string {
    let slug = this.slugs.get(k);
    if (slug === undefined) {
      slug = slugOf(articleText(this.articles[k]!, 'eng').title);
      this.slugs.set(k, slug);
    }
    return slug;
  }

  private articlePath(k: number, tag: string): string {
    return `/${tag}/${this.slug(k)}-${k + 1}.html`;
  }

  private indexPath(tag: string, n: number): string {
    return n === 1 ? `/${tag}/` : `/${tag}/page/${n}.html`;
  }

  /** The plugin traces of article k in a language. */
  traces(k: number, code: string): string[] {
    if (this.traceStyle === 'gtranslate') return k % 2 === 0 ? ['gtranslate'] : [];
    if (this.traceStyle === 'transposh' && code !== 'eng') {
      if (k % 4 === 1) return ['transposh'];
      if (k % 4 === 2) return ['machine-translated-from'];
    }
    return [];
  }

  *pages(): Iterable<PageInfo> {
    const indexes = pageCount(this.articles.length, PER_INDEX);
    for (const { code, tag } of ARTICLE_LANGUAGES) {
      for (let n = 1; n <= indexes; n++)
        yield indexInfo(this.indexPath(tag, n), code, code === 'eng' ? 'human' : 'machine-translation');
      for (let k = 0; k < this.articles.length; k++) {
        yield articleInfo(this.articles[k]!, code, this.articlePath(k, tag), this.traces(k, code));
      }
    }
  }

  protected override *extraResources(): Iterable<string> {
    yield '/';
  }

  protected route(path: string): WorldResponse | undefined {
    if (path === '/') return redirect('/en/', 302);
    const index = /^\/([a-z]{2})\/(?:page\/(\d+)\.html)?$/.exec(path);
    const lang = ARTICLE_LANGUAGES.find((l) => l.tag === (index ?? /^\/([a-z]{2})\//.exec(path))?.[1]);
    if (!lang) return undefined;
    if (index) {
      const n = index[2] ? Number(index[2]) : 1;
      if (n < 1 || n > pageCount(this.articles.length, PER_INDEX) || index[2] === '1') return undefined;
      return htmlResponse(this.renderIndex(lang, n));
    }
    const m = /^\/[a-z]{2}\/([a-z0-9-]+)-(\d+)\.html$/.exec(path);
    if (!m) return undefined;
    const k = Number(m[2]) - 1;
    if (!(k >= 0 && k < this.articles.length) || this.slug(k) !== m[1]) return notFound();
    return htmlResponse(this.renderArticle(k, lang));
  }

  private nav(): Link[] {
    return ARTICLE_LANGUAGES.map((l) => ({ href: `/${l.tag}/`, text: l.tag.toUpperCase() }));
  }

  private renderIndex(lang: { code: string; tag: string }, n: number): string {
    const list: Link[] = [];
    for (let k = (n - 1) * PER_INDEX; k < Math.min(n * PER_INDEX, this.articles.length); k++) {
      list.push({
        href: this.articlePath(k, lang.tag),
        text: articleText(this.articles[k]!, lang.code).title,
      });
    }
    if (n < pageCount(this.articles.length, PER_INDEX)) {
      list.push({ href: this.indexPath(lang.tag, n + 1), text: '»' });
    }
    return renderPage({ lang: lang.tag, title: this.name, siteName: this.name, nav: this.nav(), list });
  }

  private renderArticle(k: number, lang: { code: string; tag: string }): string {
    const article = this.articles[k]!;
    const { title, paragraphs } = articleText(article, lang.code);
    const head = ARTICLE_LANGUAGES.map(
      (l) => `<link rel="alternate" hreflang="${l.tag}" href="${this.origin}${this.articlePath(k, l.tag)}">`,
    );
    head.push(
      `<link rel="alternate" hreflang="x-default" href="${this.origin}${this.articlePath(k, 'en')}">`,
    );
    head.push(`<link rel="canonical" href="${this.origin}${this.articlePath(k, lang.tag)}">`);
    const after: string[] = [];
    for (const trace of this.traces(k, lang.code)) {
      if (trace === 'gtranslate') {
        after.push(
          '<div class="gtranslate_wrapper"></div>',
          `<script>window.gtranslateSettings = ${JSON.stringify({
            default_language: 'en',
            languages: ARTICLE_LANGUAGES.map((l) => l.tag),
            wrapper_selector: '.gtranslate_wrapper',
          })}</script>`,
          '<script src="https://cdn.gtranslate.net/widgets/latest/float.js" defer></script>',
        );
      } else if (trace === 'transposh') {
        head.push(
          `<meta name="translation-stats" content='${escapeHtml(
            JSON.stringify({
              total_phrases: paragraphs.length * 4,
              translated_phrases: paragraphs.length * 4,
              human_translated_phrases: 0,
              meta_translated_phrases: 0,
            }),
          )}'>`,
        );
      } else if (trace === 'machine-translated-from') {
        head.push(
          `<link rel="alternate machine-translated-from" hreflang="en" href="${this.origin}${this.articlePath(k, 'en')}">`,
        );
      }
    }
    const related: Link[] = [];
    for (let j = 1; j <= 3 && j < this.articles.length; j++) {
      const r = (k + j) % this.articles.length;
      related.push({
        href: this.articlePath(r, lang.tag),
        text: articleText(this.articles[r]!, lang.code).title,
      });
    }
    return renderPage({
      lang: lang.tag,
      title,
      siteName: this.name,
      head,
      nav: this.nav(),
      paragraphs,
      related,
      after,
      cookieBanner: true,
    });
  }
}
