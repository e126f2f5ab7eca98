import { escapeHtml, htmlResponse, renderPage, type Link } from '../html.js';
import { BaseSite, pageCount } from '../sites/base.js';
import { indexInfo, type PageInfo, type WorldResponse } from '../types.js';
import type { PreparedDoc } from './prepared-data.js';

const PER_INDEX = 30;

export interface DocSiteOptions {
  /** Link each page to its group's other versions on this site with hreflang alternates. */
  hreflang: boolean;
  /** BCP 47 of the index pages. */
  tag: string;
  /** The path of doc i (unique on the site, starting with '/', ending in `.html`). */
  pathOf: (doc: PreparedDoc, i: number) => string;
  /** The split of a document without its own: `test` (evaluation) or `train`. */
  split: 'train' | 'test';
}

/** How many pages of the whole world hold each group's text, and in how many languages. */
export type GroupSizes = Map<string, { pages: number; languages: number }>;

/**
 * A site that publishes prepared documents of the cross-source world: index pages listing them
 * and one article page each, labelled with the document's origin, kind and group.
 */
export class DocSite extends BaseSite {
  private readonly paths: string[];
  private readonly byPath: Map<string, number>;
  private readonly byGroup = new Map<string, number[]>();

  constructor(
    id: string,
    archetype: string,
    origin: string,
    name: string,
    private readonly docs: readonly PreparedDoc[],
    private readonly groups: GroupSizes,
    private readonly options: DocSiteOptions,
  ) {
    super(id, archetype, origin, name);
    this.paths = docs.map((d, i) => options.pathOf(d, i));
    this.byPath = new Map(this.paths.map((p, i) => [p, i]));
    if (this.byPath.size !== docs.length) throw new Error(`site ${id}: two documents share a path`);
    docs.forEach((d, i) => {
      if (d.group === null) return;
      const list = this.byGroup.get(d.group) ?? [];
      list.push(i);
      this.byGroup.set(d.group, list);
    });
  }

  private indexPath(n: number): string {
    return n === 1 ? '/' : `/index/${n}.html`;
  }

  *pages(): Iterable<PageInfo> {
    const machine = this.docs.every((d) => d.origin === 'machine-translation' || d.origin === 'lm-generated');
    const indexes = pageCount(this.docs.length, PER_INDEX);
    const language = this.docs[0]?.language ?? 'eng';
    for (let n = 1; n <= indexes; n++) {
      yield indexInfo(this.indexPath(n), language, machine ? (this.docs[0]?.origin ?? 'human') : 'human');
    }
    for (let i = 0; i < this.docs.length; i++) {
      const d = this.docs[i]!;
      const size = d.group === null ? undefined : this.groups.get(d.group);
      yield {
        path: this.paths[i]!,
        pageType: 'article',
        origin: d.origin,
        language: d.language,
        source: d.source,
        sourceDoc: d.source.split('#')[0]!,
        group: d.group,
        groupSize: size?.pages ?? 1,
        groupLanguages: size?.languages ?? 1,
        split: d.split ?? this.options.split,
        hazards: [],
        traces: [],
        kind: d.kind,
        sourceKind: d.sourceKind,
      };
    }
  }

  protected route(path: string): WorldResponse | undefined {
    const index = /^\/(?:index\/(\d+)\.html)?$/.exec(path);
    if (index) {
      const n = index[1] ? Number(index[1]) : 1;
      const indexes = pageCount(this.docs.length, PER_INDEX);
      if (n < 1 || n > indexes || index[1] === '1') return undefined;
      const list: Link[] = [];
      for (let i = (n - 1) * PER_INDEX; i < Math.min(n * PER_INDEX, this.docs.length); i++) {
        list.push({ href: this.paths[i]!, text: this.docs[i]!.title });
      }
      if (n < indexes) list.push({ href: this.indexPath(n + 1), text: '>>' });
      return htmlResponse(
        renderPage({ lang: this.options.tag, title: this.name, siteName: this.name, nav: this.nav(), list }),
      );
    }
    const i = this.byPath.get(path);
    if (i === undefined) return undefined;
    const d = this.docs[i]!;
    const head: string[] = [`<link rel="canonical" href="${this.origin}${path}">`];
    if (this.options.hreflang && d.group !== null) {
      for (const j of this.byGroup.get(d.group) ?? []) {
        const other = this.docs[j]!;
        head.push(
          `<link rel="alternate" hreflang="${escapeHtml(other.tag)}" href="${this.origin}${this.paths[j]!}">`,
        );
      }
    }
    const related: Link[] = [];
    for (let k = 1; k <= 3 && k < this.docs.length; k++) {
      const r = (i + k) % this.docs.length;
      related.push({ href: this.paths[r]!, text: this.docs[r]!.title });
    }
    return htmlResponse(
      renderPage({
        lang: d.tag,
        title: d.title,
        siteName: this.name,
        head,
        nav: this.nav(),
        paragraphs: d.paragraphs,
        related,
      }),
    );
  }

  private nav(): Link[] {
    return [{ href: '/', text: this.name }];
  }
}
