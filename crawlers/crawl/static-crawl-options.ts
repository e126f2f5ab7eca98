import type { DecodeResult } from '../charset.js';
import type { Extracted } from '../extract-html.js';
import type { Resolver } from './address-guard.js';
import type { HostLimits, PolitenessReport } from './host-gate.js';
import type { CrawlScope } from './scope.js';
import type { RobotsRules } from './site-files.js';

// What a static crawl takes and gives (static-crawl.ts).

/** A URL to fetch, with its link depth and the redirects that led to it. */
export interface Entry {
  url: string;
  depth: number;
  chain: string[];
}

export interface Fetched {
  /** The URL this request asked for. */
  url: string;
  /** URLs that redirected here, first one first (empty when none did). */
  redirectChain: string[];
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** ISO 8601. */
  fetchTime: string;
  /** The request line and headers as sent, when the HTTP client exposes them (WARC request records). */
  requestHead?: string;
  depth: number;
  crawler: 'static' | 'rendered';
  /** The static crawler handed this page to the browser: its own copy is not the document. */
  renderNext?: boolean;
  /** Main text and page data of a 2xx HTML response, as extracted for link discovery. */
  extracted?: Extracted;
  /** That response's body as decoded for extraction (so that it is not decoded twice). */
  decoded?: DecodeResult;
}

export interface CrawlFailure {
  url: string;
  reason: string;
  message: string;
}

export interface StaticCrawlOptions {
  seeds: readonly string[];
  scope: CrawlScope;
  allowPrivate?: boolean;
  /** How the address guard resolves host names (the system's resolver by default). */
  resolve?: Resolver;
  maxPages?: number;
  maxConcurrency?: number;
  /**
   * Requests in flight to one host and ms between their starts. Default: PUBLIC_HOST_LIMITS for
   * hosts on public addresses, none for loopback and private ones (reached with allowPrivate).
   */
  hostLimits?: HostLimits;
  /** Retries after a 5xx or a timeout, with exponential backoff from `backoffMs`. Default 2. */
  maxRetries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  /** Larger responses are abandoned and reported. Default 10 MB. */
  maxBytes?: number;
  /** Read sitemaps named by robots.txt (and /sitemap.xml) for each seed's site. Default true. */
  sitemaps?: boolean;
  userAgent?: string;
  /** Every response, redirects and errors included, in the order they arrive. */
  onFetch: (fetched: Fetched) => void | Promise<void>;
  onFailure?: (failure: CrawlFailure) => void;
  /**
   * Pages whose static text is under `RENDER_MIN_CHARS` while they carry scripts are handed here
   * (render auto); without it nothing is.
   */
  onRender?: (url: string, depth: number) => void;
  /** More pages to start from (a resumed crawl's frontier), already queued. */
  start?: readonly { url: string; depth: number; chain: string[] }[];
  /** URLs never to request (a resumed crawl's done ones). */
  skipUrls?: ReadonlySet<string>;
  /** URLs as they join the queue (a page's worth at a time), for a frontier that outlives the process. */
  onQueued?: (entries: readonly Entry[]) => void;
  /** URLs not requested, with why (robots_txt, out of scope reasons, page budget). */
  onSkip?: (url: string, reason: string) => void;
  /**
   * The robots.txt rules in force (shared with the rendered crawl, so each site's file is fetched
   * once). Default: fetched by this crawl, an unreachable robots.txt reported through `onFailure`.
   */
  robots?: RobotsRules;
}

export interface StaticCrawlSummary {
  requested: number;
  failed: number;
  politeness: PolitenessReport;
}
