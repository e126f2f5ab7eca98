import { Readable } from 'node:stream';
import {
  CheerioCrawler,
  Configuration,
  log as crawleeLog,
  type CheerioCrawlerOptions,
  type CheerioCrawlingContext,
  type RobotsTxtFile,
} from 'crawlee';
import { extractHtml, type Extracted } from '../extract-html.js';
import { decodeBytes, type DecodeResult } from '../charset.js';
import { sentRequestHead } from '../http-headers.js';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { checkTarget, pinnedLookup, publicHostCheck, type Resolver } from './address-guard.js';
import {
  HostGate,
  PUBLIC_HOST_LIMITS,
  retryAfterMs,
  type HostLimits,
  type PolitenessReport,
} from './host-gate.js';
import type { CrawlScope } from './scope.js';
import { crawlRobots, type RobotsRules, sitemapUrls, withRobotsPrefetched } from './site-files.js';
import { withoutStorageChecks } from './storage-checks.js';
import { CRAWL_DEFAULTS } from './crawl-defaults.js';

/**
 * A polite static crawl with crawlee's CheerioCrawler. crawlee schedules, retries, honours
 * robots.txt (disallowed URLs are never requested) and spaces requests per domain; this module
 * keeps what an audit needs that crawlee does not: the exact bytes of every response (captured
 * before crawlee decodes them), redirects taken hop by hop so each one is recorded, the address
 * guard before every request, our own link extraction (hreflang alternates included) checked
 * against the crawl scope, and a response-size cap. Its storage lives in memory only.
 */

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

/** crawlee's CheerioCrawler, reading robots.txt through `RobotsRules` rather than fetching it itself. */
class PoliteCheerioCrawler extends CheerioCrawler {
  constructor(
    options: CheerioCrawlerOptions,
    config: Configuration,
    private readonly robots: RobotsRules,
  ) {
    super(options, config);
  }

  protected override async getRobotsTxtFileForUrl(url: string): Promise<RobotsTxtFile | undefined> {
    return this.robots.forUrl(url);
  }
}

export interface StaticCrawlSummary {
  requested: number;
  failed: number;
  politeness: PolitenessReport;
}

const REDIRECT_LIMIT = 10;

/** A response as captured before crawlee sees it. */
interface Captured {
  body: Buffer;
  headers: [string, string][];
  status: number;
  at: string;
  requestHead: string | undefined;
}

/**
 * For crawlee's `run` and `addRequests`: it adds requests in batches of 1,000 and, with
 * maxRequestsPerCrawl set, waits for every batch before it goes on, sleeping a second between
 * batches (a pause meant for a remote request queue). 5,000 seeds, sitemap URLs or resumed ones
 * cost 5 s of idling before the first request. Our queue is in memory: no pause.
 */
export const ADD_AT_ONCE = { waitBetweenBatchesMillis: 0 } as const;

/**
 * How often crawlee samples memory and CPU for its autoscaling. Every sample spawns `ps` (to add up
 * child processes' memory, which a static crawl has none of): at crawlee's default, once a second,
 * that was 2% of the crawler's thread. A static crawl's concurrency is capped low anyway.
 */
export const SYSTEM_INFO_INTERVAL_MS = 5000;

/** Below this much static main text, a page with scripts is rendered in `auto` mode. */
export const RENDER_MIN_CHARS = 200;

/** A URL to fetch, with its link depth and the redirects that led to it. */
export interface Entry {
  url: string;
  depth: number;
  chain: string[];
}

interface UserData {
  depth: number;
  chain: string[];
}

/**
 * The headers of every static request: our user agent and what we accept. No Accept-Language, so a
 * site serves its default language; the others are reached through its hreflang alternates.
 */
export function requestHeaders(userAgent = 'corpus-audit'): Record<string, string> {
  return { 'user-agent': userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
}

/**
 * The node:http ClientRequest behind the response crawlee hands its hooks: got's request stream,
 * whose native response (an IncomingMessage) points back at the request that got it.
 */
function clientRequestOf(response: unknown): unknown {
  const r = response as { req?: unknown; _nativeResponse?: { req?: unknown }; response?: { req?: unknown } };
  return r.req ?? r._nativeResponse?.req ?? r.response?.req;
}

/** Reads a response stream into one buffer, giving up past `maxBytes`. */
async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function headerPairs(raw: string[] | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; raw && i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

export async function crawlStatic(options: StaticCrawlOptions): Promise<StaticCrawlSummary> {
  const maxBytes = options.maxBytes ?? CRAWL_DEFAULTS.maxBytes;
  const bodies = new Map<string, Captured>();
  const gate = new HostGate();
  /** Whether a host is on public addresses (the guard does not resolve under allowPrivate). */
  const isPublic = publicHostCheck(options.resolve);
  let requested = 0;
  let failed = 0;
  /** Every URL queued in this run (crawlee dedups too; this saves the scope checks and writes). */
  const queued = new Set<string>();
  const skip = (url: string, reason: string): void => options.onSkip?.(url, reason);
  /** Keep-alive agents per host and checked addresses, so pinned connections are reused. */
  const pinnedAgents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();
  crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

  const userAgent = options.userAgent ?? 'corpus-audit';
  const robots =
    options.robots ??
    crawlRobots(
      {
        userAgent,
        allowPrivate: options.allowPrivate,
        resolve: options.resolve,
        timeoutMs: options.timeoutMs,
      },
      options.onFailure,
    );
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: true,
    systemInfoIntervalMillis: SYSTEM_INFO_INTERVAL_MS,
  });
  const crawler = new PoliteCheerioCrawler(
    {
      maxRequestsPerCrawl: options.maxPages ?? CRAWL_DEFAULTS.maxPages,
      maxConcurrency: options.maxConcurrency ?? CRAWL_DEFAULTS.concurrency,
      maxRequestRetries: options.maxRetries ?? CRAWL_DEFAULTS.retries,
      navigationTimeoutSecs: (options.timeoutMs ?? CRAWL_DEFAULTS.timeoutMs) / 1000,
      requestHandlerTimeoutSecs: 60,
      respectRobotsTxtFile: { userAgent },
      useSessionPool: false,
      additionalMimeTypes: ['*/*'],
      onSkippedRequest: ({ url, reason }) => {
        skip(url, reason === 'robotsTxt' ? 'robots_txt' : reason);
      },
      preNavigationHooks: [
        async ({ request }, gotOptions) => {
          const verdict = await checkTarget(request.url, {
            allowPrivate: options.allowPrivate,
            resolve: options.resolve,
          });
          if (!verdict.ok) {
            request.noRetry = true;
            throw new Error(`${verdict.reason}: ${verdict.detail}`);
          }
          // Politeness: public hosts get the crawl's limits; every host its Crawl-delay and pauses.
          const publicHost = await isPublic(new URL(request.url).hostname, verdict.addresses);
          await gate.acquire(
            request.id!,
            new URL(request.url).host,
            publicHost ? (options.hostLimits ?? PUBLIC_HOST_LIMITS) : options.hostLimits,
            await robots.crawlDelayMs(request.url, userAgent),
          );
          // Connect to the addresses just checked, not to whatever a second lookup answers:
          // through agents that take the pinned lookup (got-scraping ignores got's dnsLookup).
          const host = new URL(request.url).hostname;
          const lookup = pinnedLookup(host, verdict.addresses);
          if (lookup) {
            const key = `${host} ${verdict.addresses.join(' ')}`;
            let agents = pinnedAgents.get(key);
            if (!agents) {
              agents = {
                http: new HttpAgent({ lookup, keepAlive: true }),
                https: new HttpsAgent({ lookup, keepAlive: true }),
              };
              pinnedAgents.set(key, agents);
            }
            gotOptions.agent = agents;
            (gotOptions as { http2?: boolean }).http2 = false;
          }
          gotOptions.followRedirect = false;
          gotOptions.decompress = true;
          // The request says who we are and nothing else: got-scraping's header generator would add
          // a made-up Chrome's sec-ch-ua and a random Accept-Language (en-US, steering sites that
          // negotiate language towards English) to our own user agent; it also costs CPU per request.
          (gotOptions as { useHeaderGenerator?: boolean }).useHeaderGenerator = false;
          gotOptions.headers = { ...gotOptions.headers, ...requestHeaders(userAgent) };
        },
      ],
      postNavigationHooks: [
        async (ctx) => {
          // Keep the exact bytes; the request handler works from them.
          const response = ctx.response as unknown as Readable & {
            statusCode: number;
            headers: Record<string, string>;
            rawHeaders: string[];
            url: string;
          };
          const length = Number(response.headers['content-length'] ?? 0);
          const body = length > maxBytes ? undefined : await readCapped(response, maxBytes);
          if (!body) {
            ctx.request.noRetry = true;
            throw new Error(`too_large: response over ${maxBytes} bytes`);
          }
          gate.release(ctx.request.id!);
          if (response.statusCode === 429 || response.statusCode === 503) {
            // The host asks us to slow down: pause it, and let crawlee retry this page later.
            gate.pause(new URL(ctx.request.url).host, retryAfterMs(response.headers['retry-after']));
            throw new Error(
              `http_${response.statusCode}: the host asked to slow down (HTTP ${response.statusCode})`,
            );
          }
          const at = new Date().toISOString();
          bodies.set(ctx.request.id!, {
            body,
            headers: headerPairs(response.rawHeaders),
            status: response.statusCode,
            at,
            requestHead: sentRequestHead(clientRequestOf(response)),
          });
          // crawlee gets an empty body: we parse the bytes ourselves (once, with our extractor), so
          // its Cheerio pass would be a second parse of every page for nothing.
          const replay = Readable.from([]) as Readable & Record<string, unknown>;
          for (const key of [
            'statusCode',
            'statusMessage',
            'headers',
            'rawHeaders',
            'url',
            'redirectUrls',
            'request',
          ]) {
            replay[key] = (response as unknown as Record<string, unknown>)[key];
          }
          (ctx as { response: unknown }).response = replay;
        },
      ],
      errorHandler: async ({ request }) => {
        gate.release(request.id);
        const captured = bodies.get(request.id);
        if (captured) await record(request.url, request.userData as UserData, captured);
        bodies.delete(request.id);
        // Exponential backoff before crawlee retries a 5xx or a timeout.
        await new Promise((r) =>
          setTimeout(r, (options.backoffMs ?? CRAWL_DEFAULTS.backoffMs) * 2 ** request.retryCount),
        );
      },
      failedRequestHandler: async ({ request }, error) => {
        gate.release(request.id);
        failed++;
        const captured = bodies.get(request.id);
        if (captured) await record(request.url, request.userData as UserData, captured);
        bodies.delete(request.id);
        const message = error instanceof Error ? error.message : String(error);
        const tagged = /^([a-z_]+): (.*)$/s.exec(message);
        const reason = tagged?.[1] ?? (captured ? `http_${captured.status}` : 'fetch_failed');
        options.onFailure?.({ url: request.url, reason, message: (tagged?.[2] ?? message).trim() });
      },
      requestHandler: async (ctx: CheerioCrawlingContext) => {
        const { request } = ctx;
        const captured = bodies.get(request.id!);
        bodies.delete(request.id!);
        if (!captured) return;
        const data = request.userData as UserData;
        const type = captured.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
        // Extracted once: for the links here and for the document (the pipeline reuses it).
        const decoded =
          captured.status >= 200 && captured.status < 300 && /html/i.test(type)
            ? decodeBytes(captured.body, { contentType: type })
            : undefined;
        const extracted = decoded && extractHtml(decoded.text, request.url);
        const renderNext =
          options.onRender !== undefined &&
          extracted !== undefined &&
          extracted.text.trim().length < RENDER_MIN_CHARS &&
          captured.body.includes('<script');
        // Where to go next, decided (and handed to `onQueued`) before the page is recorded, so a
        // page that is stored never has links that were not persisted.
        const next: Entry[] = [];
        const location = captured.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
        if (captured.status >= 300 && captured.status < 400 && location) {
          const target = new URL(location, request.url).href;
          const chain = [...data.chain, request.url];
          if (chain.includes(target)) {
            options.onFailure?.({
              url: request.url,
              reason: 'redirect_loop',
              message: `redirect loop back to ${target}`,
            });
          } else if (chain.length >= REDIRECT_LIMIT) {
            options.onFailure?.({
              url: request.url,
              reason: 'too_many_redirects',
              message: `over ${REDIRECT_LIMIT} redirects`,
            });
          } else {
            admit(next, target, data.depth, chain, false);
          }
        } else if (extracted) {
          const { page } = extracted;
          for (const alt of page.alternates) admit(next, alt.href, data.depth + 1, [], true);
          for (const link of page.links) admit(next, link, data.depth + 1, [], false);
        }
        if (next.length) options.onQueued?.(next);
        await record(request.url, data, captured, decoded && extracted && { decoded, extracted }, renderNext);
        if (renderNext) options.onRender!(request.url, data.depth);
        if (next.length) {
          await crawler.addRequests(
            next.map((e) => ({ url: e.url, uniqueKey: e.url, userData: { depth: e.depth, chain: e.chain } })),
            ADD_AT_ONCE,
          );
        }
      },
    },
    config,
    robots,
  );

  async function record(
    url: string,
    data: UserData,
    captured: Captured,
    html?: { decoded: DecodeResult; extracted: Extracted },
    renderNext = false,
  ) {
    requested++;
    await options.onFetch({
      url,
      redirectChain: data.chain,
      status: captured.status,
      headers: captured.headers,
      body: captured.body,
      fetchTime: captured.at,
      ...(captured.requestHead !== undefined && { requestHead: captured.requestHead }),
      depth: data.depth,
      crawler: 'static',
      ...html,
      ...(renderNext && { renderNext }),
    });
  }

  /** Adds a discovered URL to `into` if it is in scope, new to this crawl and not to be skipped. */
  function admit(into: Entry[], url: string, depth: number, chain: string[], viaAlternate: boolean): void {
    const clean = url.split('#', 1)[0]!;
    if (queued.has(clean) || options.skipUrls?.has(clean)) return;
    const verdict = options.scope.check(clean, depth, viaAlternate);
    if (!verdict.ok) {
      skip(clean, verdict.reason);
      return;
    }
    queued.add(clean);
    into.push({ url: clean, depth, chain });
  }

  const start: { url: string; uniqueKey: string; userData: UserData }[] = [];
  const fresh: Entry[] = [];
  const begin = (url: string, depth: number, chain: string[], persisted: boolean): void => {
    if (queued.has(url) || options.skipUrls?.has(url)) return;
    queued.add(url);
    if (!persisted) fresh.push({ url, depth, chain });
    start.push({ url, uniqueKey: url, userData: { depth, chain } });
  };
  for (const seed of options.seeds) begin(seed, 0, [], false);
  for (const entry of options.start ?? []) begin(entry.url, entry.depth, entry.chain, true);
  if (options.sitemaps ?? true) {
    for (const origin of new Set(options.seeds.map((s) => new URL(s).origin))) {
      if (!(await checkTarget(origin, { allowPrivate: options.allowPrivate, resolve: options.resolve })).ok)
        continue;
      for (const url of await sitemapUrls(origin, robots)) {
        if (options.scope.check(url, 1).ok) begin(url, 1, [], false);
      }
    }
  }
  if (fresh.length) options.onQueued?.(fresh);
  try {
    await withoutStorageChecks(async () => {
      await withRobotsPrefetched(
        robots,
        start.map((s) => s.url),
        () => crawler.run(start, ADD_AT_ONCE),
      );
      await crawler.teardown();
    });
  } finally {
    for (const agents of pinnedAgents.values()) {
      agents.http.destroy();
      agents.https.destroy();
    }
  }
  return { requested, failed, politeness: gate.summary() };
}
