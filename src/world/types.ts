// The label format belongs to the ground truth (`reports/ground-truth.ts`), which reads it; the
// worlds write it.
import type { OriginClass, PageLabel } from '../../reports/ground-truth.js';
export type { OriginClass, PageLabel } from '../../reports/ground-truth.js';

/** A page's label without its URL, as a site describes it (the world adds the origin). */
export type PageInfo = Omit<PageLabel, 'url' | 'site' | 'archetype'> & { path: string };

export interface WorldResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** Wait this long before answering (slow-response hazard). */
  delayMs?: number;
}

export interface Site {
  readonly id: string;
  readonly archetype: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Every HTML page it serves with status 200, lazily, in a stable order. */
  pages(): Iterable<PageInfo>;
  /** Other paths a full crawl meets: robots.txt, sitemaps, scripts, redirects, errors, binaries. */
  resources(): Iterable<string>;
  /** The response for a path (with query), or undefined for a 404. */
  respond(path: string): WorldResponse | undefined;
}

/** The label of a page without a source text of its own (indexes, calendars). */
export function indexInfo(
  path: string,
  language: string,
  origin: OriginClass,
  hazards: string[] = [],
): PageInfo {
  return {
    path,
    pageType: 'index',
    origin,
    language,
    source: null,
    sourceDoc: null,
    group: null,
    groupSize: 1,
    groupLanguages: 1,
    split: null,
    hazards,
    traces: [],
  };
}
