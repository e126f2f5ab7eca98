import { PUBLIC_HOST_LIMITS, type PolitenessReport } from '../../crawlers/crawl/host-gate.js';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../../crawlers/browser.js';
import type { DedupResult } from '../../detectors/dedup-clusters.js';
import type { MarkerSummary } from '../../detectors/mt-markers.js';
import type { MwpResult } from '../../detectors/mwp/translation-tuples.js';
import type { Store } from '../../db/store.js';
import type { Problem, StepStats } from '../../db/types.js';
import { crawlRendered } from '../../crawlers/crawl/rendered-crawl.js';
import { crawlStatic, type CrawlFailure, type Fetched } from '../../crawlers/crawl/static-crawl.js';
import { crawlRobots, type SiteExchange } from '../../crawlers/crawl/site-files.js';
import { CrawlScope } from '../../crawlers/crawl/scope.js';
import type { ReaderContext } from '../../crawlers/reader-context.js';
import { WarcWriter } from '../../crawlers/warc-writer.js';
import { cutTornRecord } from '../../crawlers/warc-tail.js';
import { runPipeline, statsRegistry } from '../pipeline/runner.js';
import { countDrop } from '../pipeline/stats.js';
import { codeVersion } from '../../db/version.js';
import { markInterruptedRuns } from '../ingest/runs.js';
import { analysisPool, stagesAfterReading } from '../ingest/steps.js';
import { checkCrawlOptions } from './crawl-options.js';
import { CRAWL_WRITE_BATCH, crawlSinkSteps } from './crawl-sink.js';
import { fetchedToDoc } from './fetched-doc.js';
import { startFrontier } from './frontier.js';
import { availableParallelism } from 'node:os';
import { archive, CRAWL_USER_AGENT } from './archive.js';
import { DocQueue } from './doc-queue.js';
import { CRAWL_DEFAULTS } from '../../crawlers/crawl/crawl-defaults.js';

export type RenderMode = 'never' | 'auto' | 'always';

export { CRAWL_USER_AGENT } from './archive.js';
export { CRAWL_WRITE_BATCH } from './crawl-sink.js';

export interface CrawlOptions {
  seeds: readonly string[];
  store: Store;
  /** Also write every request and response as WARC 1.1 records here. */
  warcPath?: string;
  allowPrivate?: boolean;
  maxPages?: number;
  maxDepth?: number;
  include?: readonly string[];
  exclude?: readonly string[];
  followAlternates?: boolean;
  /**
   * ms between the starts of two requests to one host, and requests in flight to one host. Either
   * given: both apply to every host. Neither: PUBLIC_HOST_LIMITS for public hosts, none for
   * loopback and private ones (reached with allowPrivate: the demo world keeps its speed).
   */
  hostDelayMs?: number;
  perHost?: number;
  concurrency?: number;
  retries?: number;
  /** First retry delay; each next one doubles. Default 500 ms. */
  backoffMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
  sitemaps?: boolean;
  /**
   * never: static fetches only; auto (default): pages with scripts and (almost) no static text go
   * through the browser too; always: every page through the browser.
   */
  render?: RenderMode;
  /**
   * Continue the database's last crawl: its pending URLs are fetched, nothing it fetched (or
   * stored) is fetched again, and the WARC is appended to.
   */
  resume?: boolean;
  /**
   * Worker threads for language ID and fingerprints; 0 runs them in process. When given, also the
   * most threads the translation detector's alignment uses (from 100,000 candidate pairs on).
   * Default: one per core.
   */
  workers?: number;
  onProblem?: (problem: Problem) => void;
  onProgress?: (p: { fetched: number; stored: number }) => void;
  /** After the crawl, run the translation and plugin-trace detectors over the Store. Default true. */
  detectors?: boolean;
  /** Called as the cross-document stages advance: phase, done, total (0 when unknown). */
  onStageProgress?: (phase: string, done: number, total: number) => void;
}

export interface CrawlSummary {
  runId: number;
  fetched: number;
  failed: number;
  docsStored: number;
  skipped: Record<string, number>;
  problems: number;
  stats: StepStats[];
  dedup: DedupResult;
  translations?: MwpResult;
  markers?: MarkerSummary;
  /** Why the corpus stages' side thread failed, when it did (`CorpusStagesResult.sideThreadError`). */
  sideThreadError?: string;
  /** Hosts paused after 429/503, Crawl-delays honoured, time spent waiting for hosts (static crawler). */
  politeness?: PolitenessReport;
  elapsedMs: number;
}

/**
 * Crawls into the Store: every fetched page becomes a Doc with the same analysis and provenance as
 * ingested ones (plus crawler kind, redirect chain and depth), failures become problems, and with
 * `warcPath` every exchange is archived, the documents pointing at their response records.
 */
export async function crawl(options: CrawlOptions): Promise<CrawlSummary> {
  checkCrawlOptions(options);
  const started = performance.now();
  const { store } = options;
  const scope = new CrawlScope({
    seeds: options.seeds,
    include: options.include,
    exclude: options.exclude,
    maxDepth: options.maxDepth,
    followAlternates: options.followAlternates,
  });
  // A kill in the middle of a write leaves half a record at the end of the WARC: cut it before
  // appending (and before the run starts, so that a WARC that cannot be appended to starts nothing).
  const append = options.warcPath !== undefined && options.resume === true && existsSync(options.warcPath);
  const torn = append
    ? await cutTornRecord(options.warcPath!, store.recordsEnd(options.warcPath!) ?? 0)
    : undefined;
  markInterruptedRuns(store);
  const runId = store.beginRun({
    command: 'crawl',
    config: { ...options, store: undefined, onProblem: undefined, onProgress: undefined, pid: process.pid },
    codeVersion: codeVersion(),
  });
  const { registry, sourceStats } = statsRegistry('fetch');
  const problems: Problem[] = [];
  const report = (problem: Problem): void => {
    problems.push(problem);
    options.onProblem?.(problem);
  };
  const readerCtx: ReaderContext = {
    maxRecordBytes: options.maxBytes ?? CRAWL_DEFAULTS.maxBytes,
    problem: report,
    skip: (reason) => {
      countDrop(sourceStats, reason);
    },
    progress: () => undefined,
  };
  const skipped: Record<string, number> = {};
  const { done, resumeStatic, resumeRender } = startFrontier(store, options.resume ?? false);
  if (torn) {
    report({
      code: 'crawl_warc_torn_record',
      message: `removed the last ${torn.bytes} bytes of the WARC: a record the interrupted crawl had not finished writing`,
      path: options.warcPath!,
      offset: torn.offset,
    });
  }
  const warc = options.warcPath ? new WarcWriter(options.warcPath, true, append) : undefined;
  // A short queue: pages waiting for analysis are not stored yet, so --resume would fetch them again.
  const queue = new DocQueue(CRAWL_WRITE_BATCH);
  // Analysis in the background: this thread runs crawlee and is the crawl's bottleneck.
  const pool = analysisPool(options.workers ?? availableParallelism(), { background: true });
  let fetched = 0;
  let docsStored = 0;

  const onFetch = async (f: Fetched): Promise<void> => {
    fetched++;
    const where = warc ? archive(warc, f) : undefined;
    options.onProgress?.({ fetched, stored: docsStored });
    // The frontier: what yields no document is done now; a document is done once it is stored
    // (a resumed crawl counts stored URLs as done), so a crash between the two loses nothing.
    if (f.status < 200 || f.status >= 300) {
      store.frontierDone([f.url]);
      countDrop(sourceStats, 'http_non_2xx');
      return;
    }
    if (f.renderNext) {
      store.frontierAdd([{ url: f.url, depth: f.depth, chain: f.redirectChain, render: true }]);
      countDrop(sourceStats, 'sent_to_browser');
      return;
    }
    const doc = fetchedToDoc(f, where, options.warcPath, readerCtx);
    if (!doc) {
      store.frontierDone([f.url]);
      return;
    }
    await queue.push(doc);
  };

  const source = {
    path: `crawl:run-${runId}`,
    size: 0,
    mtimeMs: 0,
    format: 'crawl',
    problems: 0,
    runId,
  };
  store.putSource({ ...source, status: 'partial', docs: 0 });
  const onStored = (n: number): void => {
    docsStored += n;
  };
  const steps = crawlSinkSteps({ store, pool, runId, source, onStored });
  const pipeline = runPipeline({ name: 'fetch', docs: queue, stats: sourceStats }, steps, {
    stats: registry,
    onProblem: report,
  });
  let failed = 0;
  try {
    const render = options.render ?? 'auto';
    const onFailure = (f: CrawlFailure): void => {
      store.frontierDone([f.url]);
      report({ code: `crawl_${f.reason}`, message: f.message, path: f.url });
    };
    const onSkip = (_url: string, reason: string): void => {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    };
    const seen = new Set<string>(done);
    // One robots.txt per site for the whole crawl, static and rendered; it and the sitemaps are
    // archived too (ingest skips them: robots.txt by name, XML as not text).
    const robots = crawlRobots(
      {
        userAgent: CRAWL_USER_AGENT,
        allowPrivate: options.allowPrivate,
        timeoutMs: options.timeoutMs,
        ...(warc && {
          onExchange: (e: SiteExchange) =>
            archive(warc, { ...e, redirectChain: [], depth: 0, crawler: 'static' }),
        }),
      },
      onFailure,
    );
    const toRender: { url: string; depth: number }[] = [...resumeRender];
    let politeness: PolitenessReport | undefined;
    if (render !== 'always') {
      const summary = await crawlStatic({
        seeds: options.seeds,
        scope,
        allowPrivate: options.allowPrivate,
        maxPages: options.maxPages,
        maxConcurrency: options.concurrency,
        ...((options.hostDelayMs !== undefined || options.perHost !== undefined) && {
          hostLimits: {
            delayMs: options.hostDelayMs ?? PUBLIC_HOST_LIMITS.delayMs,
            maxInFlight: options.perHost ?? PUBLIC_HOST_LIMITS.maxInFlight,
          },
        }),
        maxRetries: options.retries,
        backoffMs: options.backoffMs,
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes,
        // A resumed crawl's sitemap URLs are in its frontier already.
        sitemaps: options.resume ? false : options.sitemaps,
        start: resumeStatic,
        skipUrls: done,
        onQueued: (entries) => {
          store.frontierAdd(entries.map((e) => ({ ...e, render: false })));
        },
        userAgent: CRAWL_USER_AGENT,
        robots,
        onFetch: async (f) => {
          seen.add(f.url);
          await onFetch(f);
        },
        onFailure,
        onSkip,
        ...(render === 'auto' && { onRender: (url: string, depth: number) => toRender.push({ url, depth }) }),
      });
      failed += summary.failed;
      politeness = summary.politeness;
    }
    const start = render === 'always' ? options.seeds.map((url) => ({ url, depth: 0 })) : toRender;
    const budget = (options.maxPages ?? CRAWL_DEFAULTS.maxPages) - (render === 'always' ? 0 : fetched);
    if (start.length > 0 && budget > 0) {
      try {
        const rendered = await crawlRendered({
          start,
          scope,
          allowPrivate: options.allowPrivate,
          maxPages: budget + (render === 'always' ? 0 : start.length),
          timeoutMs: options.timeoutMs,
          seen,
          robots,
          userAgent: CRAWL_USER_AGENT,
          onQueued: (entries) => {
            store.frontierAdd(entries.map((e) => ({ ...e, chain: [], render: true })));
          },
          onFetch,
          onFailure,
          onSkip,
        });
        failed += rendered.failed;
      } catch (err) {
        // No browser here: the pages that needed one are reported, the rest of the crawl stands.
        report({ code: 'crawl_render_unavailable', message: browserUnavailable(start.length, err) });
      }
    }
    queue.end();
    const stats = await pipeline;
    if (problems.length) store.addProblems(runId, problems);
    const stages = await stagesAfterReading(store, pool, options);
    const allStats = [...stats, ...stages.stats];
    store.finishRun(runId, { status: 'completed', stats: allStats });
    return {
      runId,
      fetched,
      failed,
      docsStored,
      skipped,
      problems: problems.length,
      stats: allStats,
      dedup: stages.dedup,
      ...(stages.translations && { translations: stages.translations }),
      ...(stages.markers && { markers: stages.markers }),
      ...(stages.sideThreadError !== undefined && { sideThreadError: stages.sideThreadError }),
      ...(politeness && { politeness }),
      elapsedMs: performance.now() - started,
    };
  } catch (err) {
    queue.end(err);
    await pipeline.catch(() => undefined);
    if (problems.length) store.addProblems(runId, problems);
    store.finishRun(runId, { status: 'failed', stats: [...registry.values()] });
    throw err;
  } finally {
    warc?.close();
    await pool?.close();
  }
}

/**
 * Why the pages that need a browser were skipped, in one line that says what to install: Debian's
 * chromium, never a downloaded browser (Playwright's own message suggests `npx playwright install`).
 */
export function browserUnavailable(pages: number, err: unknown): string {
  const skipped = `${pages} page(s) need a browser and were skipped`;
  if (!existsSync(CHROMIUM_PATH)) {
    return `${skipped}: chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium, or set CORPUS_AUDIT_CHROMIUM to a chromium binary)`;
  }
  const first = (err instanceof Error ? err.message : String(err))
    .split('\n')[0]!
    .replace(/\s*npx playwright install.*$/i, '');
  return `${skipped}: chromium at ${CHROMIUM_PATH} did not start (${first.trim()})`;
}
