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
import { checkTarget, publicHostCheck } from './address-guard.js';
import { PinnedAgents } from './pinned-agents.js';
import { captureResponse, type Captured } from './static-capture.js';
import { HostGate, PUBLIC_HOST_LIMITS } from './host-gate.js';
import { crawlRobots, type RobotsRules, sitemapUrls, withRobotsPrefetched } from './site-files.js';
import { withoutStorageChecks } from './storage-checks.js';
import { CRAWL_DEFAULTS } from './crawl-defaults.js';
import type { Entry, StaticCrawlOptions, StaticCrawlSummary } from './static-crawl-options.js';

/**
 * A polite static crawl with crawlee's CheerioCrawler. crawlee schedules, retries, honours
 * robots.txt (disallowed URLs are never requested) and spaces requests per domain; this module
 * keeps what an audit needs that crawlee does not: the exact bytes of every response (captured
 * before crawlee decodes them), redirects taken hop by hop so each one is recorded, the address
 * guard before every request, our own link extraction (hreflang alternates included) checked
 * against the crawl scope, and a response-size cap. Its storage lives in memory only.
 */

export type {
  CrawlFailure,
  Entry,
  Fetched,
  StaticCrawlOptions,
  StaticCrawlSummary,
} from './static-crawl-options.js';

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

const REDIRECT_LIMIT = 10;

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
 * What a fetched page leads to: a redirect's target (its chain checked for loops and length, a
 * bad one reported through `onFailure`), or an HTML page's hreflang alternates and links, one
 * level deeper; each handed to `admit`, which checks the scope.
 */
function followFrom(
  url: string,
  data: UserData,
  captured: Captured,
  extracted: Extracted | undefined,
  admit: (url: string, depth: number, chain: string[], viaAlternate: boolean) => void,
  onFailure: StaticCrawlOptions['onFailure'],
): void {
  const location = captured.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
  if (captured.status >= 300 && captured.status < 400 && location) {
    const target = new URL(location, url).href;
    const chain = [...data.chain, url];
    if (chain.includes(target)) {
      onFailure?.({ url, reason: 'redirect_loop', message: `redirect loop back to ${target}` });
    } else if (chain.length >= REDIRECT_LIMIT) {
      onFailure?.({ url, reason: 'too_many_redirects', message: `over ${REDIRECT_LIMIT} redirects` });
    } else {
      admit(target, data.depth, chain, false);
    }
  } else if (extracted) {
    const { page } = extracted;
    for (const alt of page.alternates) admit(alt.href, data.depth + 1, [], true);
    for (const link of page.links) admit(link, data.depth + 1, [], false);
  }
}

/**
 * The requests a crawl starts from: its seeds, the entries a resumed crawl had queued
 * (`options.start`, already persisted) and, unless `sitemaps` is false, the in-scope URLs of the
 * seeds' sitemaps; `fresh` are those not persisted yet. Each URL once (`queued`).
 */
async function startRequests(
  options: StaticCrawlOptions,
  robots: RobotsRules,
  queued: Set<string>,
): Promise<{ start: { url: string; uniqueKey: string; userData: UserData }[]; fresh: Entry[] }> {
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
  return { start, fresh };
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
  const pinnedAgents = new PinnedAgents();
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
          // Connect to the addresses just checked, not to whatever a second lookup answers.
          const agents = pinnedAgents.agentsFor(new URL(request.url).hostname, verdict.addresses);
          if (agents) {
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
          const captured = await captureResponse(ctx, maxBytes, gate);
          bodies.set(ctx.request.id!, captured);
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
        const admitTo = (url: string, depth: number, chain: string[], viaAlternate: boolean): void => {
          admit(next, url, depth, chain, viaAlternate);
        };
        followFrom(request.url, data, captured, extracted, admitTo, options.onFailure);
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

  const { start, fresh } = await startRequests(options, robots, queued);
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
    pinnedAgents.destroy();
  }
  return { requested, failed, politeness: gate.summary() };
}
