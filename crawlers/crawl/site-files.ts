import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, gunzipSync } from 'node:zlib';
import { parseSitemap, RobotsTxtFile } from 'crawlee';
import { checkTarget, pinnedLookup, type Resolver } from './address-guard.js';
import { sentRequestHead } from '../http-headers.js';
import { CRAWL_DEFAULTS } from './crawl-defaults.js';

/**
 * robots.txt and sitemaps, fetched by us rather than by crawlee: crawlee fetches them with a
 * made-up browser's headers (a Safari or Chrome user agent, Accept-Language en-US) and without the
 * address guard, so a seed on a private address had its robots.txt fetched even without
 * --allow-private, and a sitemap named by robots.txt could point anywhere. Here every hop of every
 * fetch passes the guard and says who we are, and robots.txt is read as RFC 9309 says.
 */

export interface SiteFetchOptions {
  allowPrivate?: boolean;
  /** How the address guard resolves host names (the system's resolver by default). */
  resolve?: Resolver;
  userAgent: string;
  timeoutMs?: number;
  /** Each response received (redirects included, with an empty body), for the crawl's WARC. */
  onExchange?: (exchange: SiteExchange) => void;
}

/** One response to a robots.txt or sitemap request, as received (body decoded, possibly cut). */
export interface SiteExchange {
  url: string;
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** ISO 8601. */
  fetchTime: string;
  /** The request line and headers as sent. */
  requestHead?: string;
}

/** robots.txt past this is cut (RFC 9309 asks crawlers to parse at least 500 KiB). */
const ROBOTS_MAX_BYTES = 512 * 1024;
/** A sitemap may hold 50,000 URLs in 50 MB uncompressed (sitemaps.org). */
const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
/** Redirects followed for robots.txt (RFC 9309: at least five) and sitemaps. */
const MAX_REDIRECTS = 5;
/** Sitemap files read per site, index files included, and how deep indexes may nest. */
const MAX_SITEMAP_FILES = 50;
const MAX_SITEMAP_DEPTH = 2;

export type SiteFetch =
  { ok: true; status: number; body: Buffer; url: string } | { ok: false; refused: boolean; detail: string };

/**
 * GET `url` following at most MAX_REDIRECTS redirects, each target checked by the address guard;
 * the body is read up to `maxBytes` (the rest is left unread: a cut robots.txt is still read).
 */
export async function fetchSiteFile(
  url: string,
  options: SiteFetchOptions,
  maxBytes: number,
): Promise<SiteFetch> {
  let target = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const verdict = await checkTarget(target, {
      allowPrivate: options.allowPrivate,
      resolve: options.resolve,
    });
    if (!verdict.ok) return { ok: false, refused: true, detail: `${verdict.reason}: ${verdict.detail}` };
    const fetchTime = new Date().toISOString();
    let response: RawResponse;
    try {
      const lookup = pinnedLookup(new URL(target).hostname, verdict.addresses);
      response = await get(
        target,
        options.userAgent,
        options.timeoutMs ?? CRAWL_DEFAULTS.timeoutMs,
        maxBytes,
        lookup,
      );
    } catch (err) {
      return { ok: false, refused: false, detail: `${target}: ${describe(err)}` };
    }
    const { status, headers, body, requestHead } = response;
    options.onExchange?.({
      url: target,
      status,
      headers,
      body,
      fetchTime,
      ...(requestHead !== undefined && { requestHead }),
    });
    if (response.location !== undefined) {
      try {
        target = new URL(response.location, target).href;
      } catch {
        return {
          ok: false,
          refused: false,
          detail: `${target}: redirect to an invalid URL (${response.location})`,
        };
      }
      continue;
    }
    return { ok: true, status, body, url: target };
  }
  return { ok: false, refused: false, detail: `${url}: more than ${MAX_REDIRECTS} redirects` };
}

function describe(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err instanceof Error ? err.message : String(err)}${cause}`;
}

/** A response as received: its status, its header lines in order, its body decoded and cut. */
interface RawResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** Where a redirect points (its body is not read). */
  location?: string;
  /** The request line and headers as sent. */
  requestHead?: string;
}

/**
 * One GET with node:http(s), sending exactly our user agent, what we accept and the encodings we
 * decode (Node's fetch adds `Accept-Language: *` and `Sec-Fetch-Mode: cors` of its own). The body is
 * decoded by its Content-Encoding and read up to `maxBytes`.
 */
function get(
  url: string,
  userAgent: string,
  timeoutMs: number,
  maxBytes: number,
  lookup: LookupFunction | undefined,
): Promise<RawResponse> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        headers: {
          'user-agent': userAgent,
          accept: 'text/plain,application/xml,text/xml,*/*;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
        },
        signal: AbortSignal.timeout(timeoutMs),
        ...(lookup && { lookup }),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const headers: [string, string][] = [];
        for (let i = 0; i + 1 < response.rawHeaders.length; i += 2)
          headers.push([response.rawHeaders[i]!, response.rawHeaders[i + 1]!]);
        const location = response.headers.location;
        const head = sentRequestHead(request);
        const sent = head !== undefined ? { requestHead: head } : {};
        if (status >= 300 && status < 400 && location) {
          response.destroy();
          resolve({ status, headers, body: Buffer.alloc(0), location, ...sent });
          return;
        }
        readBody(response, maxBytes).then((body) => {
          resolve({ status, headers, body, ...sent });
        }, reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** A response's body, decoded by its Content-Encoding (gzip, deflate, br), cut at `maxBytes`. */
async function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  const stream: Readable = decoder ? response.pipe(decoder) : response;
  if (decoder) response.on('error', (err) => decoder.destroy(err));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) break;
    }
  } finally {
    response.destroy();
    decoder?.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

/** What became of a site's robots.txt, for the crawl's report. */
export interface RobotsOutcome {
  url: string;
  /** `unreachable`: a 5xx or a network error, so the whole site is treated as disallowed. */
  outcome: 'rules' | 'none' | 'unreachable' | 'refused';
  detail?: string;
}

/** How many sites' robots.txt `RobotsRules.prefetch` asks for at once. */
export const ROBOTS_PREFETCH_PARALLEL = 16;

/**
 * The robots.txt rules of each origin, fetched once. As RFC 9309 says: a 2xx body is parsed; a 4xx
 * means no rules (everything allowed); a 5xx or a network failure means the site is unreachable and
 * everything is disallowed. An origin the address guard refuses is not fetched (its pages are
 * refused by the guard too).
 */
export class RobotsRules {
  private readonly files = new Map<string, Promise<RobotsTxtFile>>();

  constructor(readonly options: SiteFetchOptions & { onOutcome?: (outcome: RobotsOutcome) => void }) {}

  /** The site's `Crawl-delay` for `userAgent` (or `*`), in ms; undefined when it sets none. */
  async crawlDelayMs(url: string, userAgent: string): Promise<number | undefined> {
    const file = await this.forUrl(url);
    // crawlee keeps the parsed file (robots-parser's) to itself; its crawl delay is not exposed.
    const parsed = (file as unknown as { robots?: { getCrawlDelay(ua?: string): number | undefined } })
      .robots;
    const seconds = parsed?.getCrawlDelay(userAgent);
    return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
  }

  forUrl(url: string): Promise<RobotsTxtFile> {
    const origin = new URL(url).origin;
    let file = this.files.get(origin);
    if (!file) {
      file = this.load(`${origin}/robots.txt`);
      this.files.set(origin, file);
    }
    return file;
  }

  /**
   * Starts fetching the robots.txt of every origin of `urls` not asked for yet, `parallel` at a
   * time (one request per origin, so each site still sees one), and resolves when all are in.
   * crawlee reads a site's rules as it queues that site's first page, one page after another: a
   * crawl of many sites would otherwise fetch their robots.txt one at a time before the first
   * page goes out. Once `signal` aborts, no more are started (those under way are awaited).
   */
  async prefetch(
    urls: Iterable<string>,
    options: { parallel?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const parallel = options.parallel ?? ROBOTS_PREFETCH_PARALLEL;
    const origins = new Set<string>();
    for (const url of urls) {
      try {
        const origin = new URL(url).origin;
        if (!this.files.has(origin)) origins.add(origin);
      } catch {
        // Not a URL: crawlee rejects it as it is queued.
      }
    }
    const queue = [...origins];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < queue.length && !options.signal?.aborted) await this.forUrl(`${queue[next++]!}/`);
    };
    await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, lane));
  }

  private async load(url: string): Promise<RobotsTxtFile> {
    const got = await fetchSiteFile(url, this.options, ROBOTS_MAX_BYTES);
    const report = (outcome: RobotsOutcome['outcome'], detail?: string): void =>
      this.options.onOutcome?.({ url, outcome, ...(detail !== undefined && { detail }) });
    if (!got.ok) {
      report(got.refused ? 'refused' : 'unreachable', got.detail);
      return RobotsTxtFile.from(url, got.refused ? '' : 'User-agent: *\nDisallow: /\n');
    }
    if (got.status >= 500) {
      report('unreachable', `HTTP ${got.status}`);
      return RobotsTxtFile.from(url, 'User-agent: *\nDisallow: /\n');
    }
    if (got.status >= 400 || got.status < 200) {
      report('none', `HTTP ${got.status}`);
      return RobotsTxtFile.from(url, '');
    }
    report('rules');
    return RobotsTxtFile.from(url, got.body.toString('utf8'));
  }
}

/**
 * Runs `crawl` while the robots.txt of the sites of `urls` (its start pages) are fetched several at
 * once: crawlee reads a site's rules as it queues that site's pages, one page after another. Once
 * `crawl` ends (its page budget spent, say) no more are started, and those under way are awaited.
 * A failed fetch is an outcome (`onOutcome`), not a rejection; should one reject all the same,
 * crawlee awaits the same promise for that site's pages and reports it there.
 */
export async function withRobotsPrefetched<T>(
  robots: RobotsRules,
  urls: Iterable<string>,
  crawl: () => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  const prefetched = robots.prefetch(urls, { signal: stop.signal }).catch(() => undefined);
  try {
    return await crawl();
  } finally {
    stop.abort();
    await prefetched;
  }
}

/**
 * Robots rules for a crawl: a site whose robots.txt cannot be read is reported through `onFailure`
 * (`robots_unreachable`, with the robots.txt URL), as the crawl reports a page it could not fetch.
 */
export function crawlRobots(
  options: SiteFetchOptions,
  onFailure?: (failure: { url: string; reason: string; message: string }) => void,
): RobotsRules {
  return new RobotsRules({
    ...options,
    onOutcome: (o) => {
      if (o.outcome !== 'unreachable') return;
      onFailure?.({
        url: o.url,
        reason: 'robots_unreachable',
        message: `${o.detail ?? 'no answer'}: robots.txt could not be read, so the site is treated as disallowed (RFC 9309)`,
      });
    },
  });
}

/**
 * The page URLs of a site's sitemaps: those its robots.txt names, else /sitemap.xml when robots.txt
 * allows it. Sitemap indexes are followed on the site's own origin, MAX_SITEMAP_DEPTH deep and
 * MAX_SITEMAP_FILES files at most; gzipped and plain-text sitemaps are read too. Whatever fails is left out. Fetched
 * as `robots` fetches (user agent, guard, exchanges reported) unless `options` say otherwise.
 */
export async function sitemapUrls(
  origin: string,
  robots: RobotsRules,
  options: SiteFetchOptions = robots.options,
): Promise<string[]> {
  const file = await robots.forUrl(origin);
  const named = file.getSitemaps();
  // The conventional location is a guess, and a guess is a request robots.txt may forbid.
  const fallback = `${origin}/sitemap.xml`;
  const guesses = file.isAllowed(fallback, robots.options.userAgent) ? [fallback] : [];
  const queue = (named.length ? named : guesses).map((url) => ({ url, depth: 0 }));
  const seen = new Set<string>();
  const urls: string[] = [];
  while (queue.length > 0 && seen.size < MAX_SITEMAP_FILES) {
    const { url, depth } = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const got = await fetchSiteFile(url, options, SITEMAP_MAX_BYTES);
    if (!got.ok || got.status < 200 || got.status >= 300) continue;
    let body = got.body;
    try {
      if (body[0] === 0x1f && body[1] === 0x8b)
        body = gunzipSync(body, { maxOutputLength: SITEMAP_MAX_BYTES });
    } catch {
      continue;
    }
    const text = body.toString('utf8');
    if (!text.trimStart().startsWith('<')) {
      // A text sitemap: one URL per line.
      for (const line of text.split(/\r?\n/)) if (/^https?:\/\//.test(line.trim())) urls.push(line.trim());
      continue;
    }
    try {
      for await (const item of parseSitemap([{ type: 'raw', content: text }], undefined, {
        emitNestedSitemaps: true,
        maxDepth: 0,
      })) {
        if (item.originSitemapUrl !== null) urls.push(item.loc);
        else if (depth < MAX_SITEMAP_DEPTH && sameOrigin(item.loc, origin))
          queue.push({ url: item.loc, depth: depth + 1 });
      }
    } catch {
      // Malformed XML: the URLs read before the error are kept.
    }
  }
  return urls;
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
