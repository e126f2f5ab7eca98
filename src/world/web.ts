import type { PageLabel, Site, WorldResponse } from './types.js';

/**
 * A labelled web of sites on consecutive loopback ports: the demo world and the cross-source world
 * are both served, written as WARC and labelled through it.
 */
export abstract class LabeledWeb {
  /** `demo` or `cross`: which world, named in WARC metadata and run records. */
  abstract readonly profile: string;
  abstract readonly seed: number;
  /** About this many article pages. */
  abstract readonly pages: number;
  abstract readonly basePort: number;
  readonly sites: Site[] = [];

  /** The site serving an origin, e.g. `http://127.0.0.1:8103`. */
  siteAt(origin: string): Site | undefined {
    return this.sites.find((s) => s.origin === origin);
  }

  /** The response for an absolute URL, or undefined (404). */
  respond(url: string): WorldResponse | undefined {
    const u = new URL(url);
    return this.siteAt(u.origin)?.respond(u.pathname + u.search);
  }

  /** Every page's ground truth, site by site, lazily. */
  *labels(): Iterable<PageLabel> {
    for (const site of this.sites) {
      for (const page of site.pages()) {
        const { path, ...rest } = page;
        yield { url: site.origin + path, site: site.id, archetype: site.archetype, ...rest };
      }
    }
  }

  /** Every URL a complete crawl fetches: each site's resources, then its pages. */
  *urls(): Iterable<string> {
    for (const site of this.sites) {
      for (const path of site.resources()) yield site.origin + path;
      for (const page of site.pages()) yield site.origin + page.path;
    }
  }
}
