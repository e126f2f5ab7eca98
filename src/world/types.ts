/** The ground truth of one page of the demo world. */
export type OriginClass = 'human' | 'human-translation' | 'machine-translation' | 'lm-generated';

export interface PageLabel {
  url: string;
  /** Site id, e.g. `farm-a`. */
  site: string;
  /** What kind of site: human-news, human-blog, institution, mt-farm, mt-mirror, lm-spam, js-app, hazards. */
  archetype: string;
  /** Articles carry text; index pages list articles. */
  pageType: 'article' | 'index';
  origin: OriginClass;
  /** ISO 639-3 of the page's text. */
  language: string;
  /** The exact source text, e.g. `brown:ca01#8-16`, `udhr:fra#1-5`, `lm:spam-a/12`. */
  source: string | null;
  /** The source document, which decides the split, e.g. `brown:ca01`. */
  sourceDoc: string | null;
  /** Pages sharing a group hold the same text in different languages (or copies of it). */
  group: string | null;
  /** Pages in the group (1 when the page has no counterparts). */
  groupSize: number;
  /** Distinct languages in the group. */
  groupLanguages: number;
  /**
   * `train` pages are cut into fit and calibrate by group; `calibrate` pages come from sources held
   * out of model fitting as a whole (the training world's); `test` pages are for evaluation only.
   */
  split: 'train' | 'calibrate' | 'test' | null;
  /** Hazards this page embodies: robots-disallowed, crawler-trap, slow, oversized, js-only, charset-*. */
  hazards: string[];
  /** MT plugin traces in its HTML: gtranslate, transposh, machine-translated-from. */
  traces: string[];
  /**
   * What made the text, finer than `origin` (cross-source world only): an MT direction (`ron>spa`),
   * a generator and its decoding (`lstm-word t=0.7`), `spun-thesaurus`, `spintax`, `human-translation`.
   */
  kind?: string;
  /** The package or generator the text comes from (cross-source world only), e.g. `gnome-help`. */
  sourceKind?: string;
}

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
