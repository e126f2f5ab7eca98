import {
  Configuration,
  log as crawleeLog,
  PlaywrightCrawler,
  type PlaywrightCrawlerOptions,
  type RobotsTxtFile,
} from 'crawlee';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../browser.js';
import { extractHtml } from '../extract-html.js';
import { checkTarget, publicHostCheck, type Resolver } from './address-guard.js';
import { HostGate, PUBLIC_HOST_LIMITS } from './host-gate.js';
import type { CrawlScope } from './scope.js';
import { crawlRobots, type RobotsRules, withRobotsPrefetched } from './site-files.js';
import { withoutStorageChecks } from './storage-checks.js';
import { ADD_AT_ONCE, type CrawlFailure, type Fetched } from './static-crawl.js';
import { CRAWL_DEFAULTS } from './crawl-defaults.js';

/**
 * Pages that need a browser, through crawlee's PlaywrightCrawler driving Debian's chromium (never
 * a downloaded browser). Chromium goes through a dead proxy that only the crawled hosts bypass, with
 * its background networking off, so it reaches nothing but the sites being crawled. The document
 * is the DOM after the page's scripts ran and the network went idle.
 */

export interface RenderedCrawlOptions {
  /** Pages to render, with their link depth. */
  start: readonly { url: string; depth: number }[];
  scope: CrawlScope;
  allowPrivate?: boolean;
  /** How the address guard resolves host names (the system's resolver by default). */
  resolve?: Resolver;
  maxPages?: number;
  maxConcurrency?: number;
  timeoutMs?: number;
  /** URLs not to request (already fetched by the static crawler). */
  seen?: ReadonlySet<string>;
  onFetch: (fetched: Fetched) => void | Promise<void>;
  onFailure?: (failure: CrawlFailure) => void;
  onSkip?: (url: string, reason: string) => void;
  /** The robots.txt rules in force (see `StaticCrawlOptions.robots`). */
  robots?: RobotsRules;
  /** Whose robots.txt rules apply. Default 'corpus-audit'. */
  userAgent?: string;
  /**
   * Links found in a rendered page that join the queue, told before the page itself goes to
   * `onFetch`, for a frontier that outlives the process (as `StaticCrawlOptions.onQueued`).
   */
  onQueued?: (entries: readonly { url: string; depth: number }[]) => void;
}

/** crawlee's PlaywrightCrawler, reading robots.txt through `RobotsRules` rather than fetching it itself. */
class PolitePlaywrightCrawler extends PlaywrightCrawler {
  constructor(
    options: PlaywrightCrawlerOptions,
    config: Configuration,
    private readonly robots: RobotsRules,
  ) {
    super(options, config);
  }

  protected override async getRobotsTxtFileForUrl(url: string): Promise<RobotsTxtFile | undefined> {
    return this.robots.forUrl(url);
  }
}

/**
 * The hosts the browser may reach and chromium's resolver rules pinning each to an address the
 * guard checked (`MAP host address`). Under allowPrivate nothing is resolved or pinned; a host the
 * guard refuses is left out (its pages are refused by the guard too).
 */
export async function pinHosts(
  hosts: readonly string[],
  options: { allowPrivate?: boolean | undefined; resolve?: Resolver | undefined },
): Promise<{ allowed: string[]; rules: string[] }> {
  if (options.allowPrivate) return { allowed: [...hosts], rules: [] };
  const allowed: string[] = [];
  const rules: string[] = [];
  for (const host of hosts) {
    const verdict = await checkTarget(`http://${host.includes(':') ? `[${host}]` : host}/`, options);
    if (!verdict.ok) continue;
    allowed.push(host);
    const address = verdict.addresses[0];
    if (address !== undefined && address !== host)
      rules.push(`MAP ${host} ${address.includes(':') ? `[${address}]` : address}`);
  }
  return { allowed, rules };
}

export async function crawlRendered(
  options: RenderedCrawlOptions,
): Promise<{ requested: number; failed: number }> {
  crawleeLog.setLevel(crawleeLog.LEVELS.OFF);
  let requested = 0;
  let failed = 0;
  /** URLs queued by this crawl (crawlee dedups too; this saves the scope checks and frontier writes). */
  const queued = new Set<string>(options.start.map((s) => s.url));
  const hosts = () => [...new Set(options.scope.sites.map((o) => new URL(o).hostname))];
  const userAgent = options.userAgent ?? 'corpus-audit';
  const robots =
    options.robots ??
    crawlRobots(
      { userAgent, allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs },
      options.onFailure,
    );
  // The browser resolves names itself: it is pinned to the addresses the guard checked (chromium's
  // host resolver rules), so a second DNS answer cannot send it elsewhere, and hosts the guard
  // refuses are not let through the dead proxy at all.
  const pins = await pinHosts(hosts(), options);
  const gate = new HostGate();
  const isPublic = publicHostCheck(options.resolve);
  const crawler = new PolitePlaywrightCrawler(
    {
      launchContext: {
        launcher: chromium,
        useChrome: false,
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [
            ...CHROMIUM_ARGS,
            ...(pins.rules.length ? [`--host-resolver-rules=${pins.rules.join(',')}`] : []),
          ],
          proxy: { server: 'http://127.0.0.1:9', bypass: pins.allowed.join(',') },
        },
      },
      headless: true,
      browserPoolOptions: { useFingerprints: false },
      maxRequestsPerCrawl: options.maxPages ?? CRAWL_DEFAULTS.maxPages,
      maxConcurrency: options.maxConcurrency ?? CRAWL_DEFAULTS.renderConcurrency,
      maxRequestRetries: 1,
      navigationTimeoutSecs: (options.timeoutMs ?? CRAWL_DEFAULTS.timeoutMs) / 1000,
      requestHandlerTimeoutSecs: 60,
      respectRobotsTxtFile: { userAgent },
      useSessionPool: false,
      onSkippedRequest: ({ url, reason }) =>
        options.onSkip?.(url, reason === 'robotsTxt' ? 'robots_txt' : reason),
      preNavigationHooks: [
        async ({ request }) => {
          const verdict = await checkTarget(request.url, {
            allowPrivate: options.allowPrivate,
            resolve: options.resolve,
          });
          if (!verdict.ok) {
            request.noRetry = true;
            throw new Error(`${verdict.reason}: ${verdict.detail}`);
          }
          // The same politeness per host as the static crawl (a page's own subresources aside).
          const host = new URL(request.url);
          const limits = (await isPublic(host.hostname, verdict.addresses)) ? PUBLIC_HOST_LIMITS : undefined;
          await gate.acquire(
            request.id!,
            host.host,
            limits,
            await robots.crawlDelayMs(request.url, userAgent),
          );
        },
      ],
      postNavigationHooks: [
        ({ request }) => {
          gate.release(request.id!);
        },
      ],
      errorHandler: ({ request }) => {
        gate.release(request.id);
      },
      failedRequestHandler: ({ request }, error) => {
        gate.release(request.id);
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        const tagged = /^([a-z_]+): (.*)$/s.exec(message);
        options.onFailure?.({
          url: request.url,
          reason: tagged?.[1] ?? 'render_failed',
          message: tagged?.[2] ?? message,
        });
      },
      requestHandler: async ({ page, request, response }) => {
        await page
          .waitForLoadState('networkidle', { timeout: options.timeoutMs ?? CRAWL_DEFAULTS.timeoutMs })
          .catch(() => undefined);
        const html = await page.content();
        const depth = (request.userData as { depth?: number }).depth ?? 0;
        const extracted = extractHtml(html, request.loadedUrl);
        requested++;
        const all: Record<string, string> = (await response?.allHeaders()) ?? {};
        const headers: [string, string][] = Object.entries(all).filter(
          ([k]) => !/^(content-length|content-encoding|transfer-encoding|content-type)$/i.test(k),
        );
        headers.push(['content-type', 'text/html; charset=utf-8']);
        // Where to go next, decided (and handed to `onQueued`) before the page is recorded, so a
        // page that is stored never has links that were not persisted.
        const next: { url: string; depth: number }[] = [];
        for (const link of [...extracted.page.alternates.map((a) => a.href), ...extracted.page.links]) {
          const url = link.split('#', 1)[0]!;
          if (options.seen?.has(url) || queued.has(url)) continue;
          const verdict = options.scope.check(
            url,
            depth + 1,
            extracted.page.alternates.some((a) => a.href === link),
          );
          if (!verdict.ok) {
            options.onSkip?.(url, verdict.reason);
            continue;
          }
          queued.add(url);
          next.push({ url, depth: depth + 1 });
        }
        if (next.length) options.onQueued?.(next);
        await options.onFetch({
          url: request.url,
          redirectChain: [],
          status: response?.status() ?? 200,
          headers,
          body: Buffer.from(html, 'utf8'),
          fetchTime: new Date().toISOString(),
          depth,
          crawler: 'rendered',
          extracted,
        });
        if (next.length) {
          await crawler.addRequests(
            next.map((e) => ({ url: e.url, uniqueKey: e.url, userData: { depth: e.depth } })),
            ADD_AT_ONCE,
          );
        }
      },
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
    robots,
  );
  await withoutStorageChecks(async () => {
    await withRobotsPrefetched(
      robots,
      options.start.map((s) => s.url),
      () =>
        crawler.run(
          options.start.map((s) => ({ url: s.url, uniqueKey: s.url, userData: { depth: s.depth } })),
          ADD_AT_ONCE,
        ),
    );
    await crawler.teardown();
  });
  return { requested, failed };
}
