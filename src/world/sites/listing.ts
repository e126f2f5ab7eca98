import { htmlResponse, renderPage, type Link } from '../html.js';
import { indexInfo, type PageInfo, type WorldResponse } from '../types.js';
import { BaseSite, pageCount } from './base.js';

const PER_INDEX = 30;

/**
 * A site of articles in one language under `/<section>/<slug>-<n>.html`, with paginated indexes
 * at `/` and `/page/<n>.html`. Subclasses say what article n is and how it renders.
 */
export abstract class ListingSite extends BaseSite {
  protected abstract readonly section: string;
  protected abstract readonly lang: { code: string; tag: string };
  protected abstract count(): number;
  protected abstract title(k: number): string;
  protected abstract info(k: number, path: string): PageInfo;
  protected abstract article(k: number): WorldResponse;
  /** Index pages' origin class. */
  protected indexOrigin: PageInfo['origin'] = 'human';

  protected slug(k: number): string {
    return String(k + 1);
  }

  articlePath(k: number): string {
    return `/${this.section}/${this.slug(k)}-${k + 1}.html`;
  }

  private indexPath(n: number): string {
    return n === 1 ? '/' : `/page/${n}.html`;
  }

  *pages(): Iterable<PageInfo> {
    for (let n = 1; n <= pageCount(this.count(), PER_INDEX); n++) {
      yield indexInfo(this.indexPath(n), this.lang.code, this.indexOrigin);
    }
    for (let k = 0; k < this.count(); k++) yield this.info(k, this.articlePath(k));
  }

  protected route(path: string): WorldResponse | undefined {
    const index = /^\/(?:page\/(\d+)\.html)?$/.exec(path);
    if (index) {
      const pages = pageCount(this.count(), PER_INDEX);
      const n = index[1] ? Number(index[1]) : 1;
      if (n < 1 || n > pages || index[1] === '1') return undefined;
      const list: Link[] = [];
      for (let k = (n - 1) * PER_INDEX; k < Math.min(n * PER_INDEX, this.count()); k++) {
        list.push({ href: this.articlePath(k), text: this.title(k) });
      }
      if (n < pages) list.push({ href: this.indexPath(n + 1), text: 'Older posts' });
      return htmlResponse(
        renderPage({ lang: this.lang.tag, title: this.name, siteName: this.name, nav: this.nav(), list }),
      );
    }
    const m = new RegExp(`^/${this.section}/([a-z0-9-]+)-(\\d+)\\.html$`).exec(path);
    if (!m) return undefined;
    const k = Number(m[2]) - 1;
    if (!(k >= 0 && k < this.count()) || this.slug(k) !== m[1]) return undefined;
    return this.article(k);
  }

  protected nav(): Link[] {
    return [{ href: '/', text: 'Home' }];
  }

  protected related(k: number): Link[] {
    const out: Link[] = [];
    for (let j = 1; j <= 3 && j < this.count(); j++) {
      const r = (k + j) % this.count();
      out.push({ href: this.articlePath(r), text: this.title(r) });
    }
    return out;
  }
}
