import { PUBLIC_HOST_LIMITS, type PolitenessReport } from '../../crawlers/crawl/host-gate.js';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../../crawlers/browser.js';
import type { DedupResult } from '../../detectors/dedup-clusters.js';
import type { MarkerSummary } from '../../detectors/mt-markers.js';
import type { MwpResult } from '../../detectors/mwp/translation-tuples.js';
import type { Store } from '../../db/store.js';
import type { Doc, Problem, StepStats } from '../../db/types.js';
import { crawlRendered } from '../../crawlers/crawl/rendered-crawl.js';
import { crawlStatic, type CrawlFailure, type Fetched } from '../../crawlers/crawl/static-crawl.js';
import { crawlRobots, type SiteExchange } from '../../crawlers/crawl/site-files.js';
import { CrawlScope } from '../../crawlers/crawl/scope.js';
import { payloadToDoc } from '../../crawlers/payload.js';
import type { ReaderContext } from '../../crawlers/reader-context.js';
import { WarcWriter } from '../../crawlers/warc-writer.js';
import { cutTornRecord } from '../../crawlers/warc-tail.js';
import { runPipeline, statsRegistry } from '../pipeline/runner.js';
import { countDrop } from '../pipeline/stats.js';
import { codeVersion } from '../../db/version.js';
import { markInterruptedRuns } from '../ingest/runs.js';
import {
  analysisPool,
  analysisSteps,
  skipStoredStep,
  stagesAfterReading,
  storedByWorkersStep,
  storeWriterStep,
  storingAnalysisStep,
} from '../ingest/steps.js';
import { SqliteStore } from '../../db/sqlite-store.js';
import { availableParallelism } from 'node:os';
import { archive, CRAWL_USER_AGENT } from './archive.js';
import { DocQueue } from './doc-queue.js';
import { CRAWL_DEFAULTS } from '../../crawlers/crawl/crawl-defaults.js';
import { UserError } from '../../db/errors.js';
import {
  checkOptionNames,
  checkWholeNumber,
  type ListsEveryOption,
  type MustHold,
} from '../../db/options.js';

/** Documents per transaction while crawling. */
export const CRAWL_WRITE_BATCH = 16;

export type RenderMode = 'never' | 'auto' | 'always';

export { CRAWL_USER_AGENT } from './archive.js';

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
/** Every option `crawl()` takes: another key is a typo, refused (`checkOptionNames`). */
const CRAWL_OPTION_NAMES = [
  'seeds',
  'store',
  'warcPath',
  'allowPrivate',
  'maxPages',
  'maxDepth',
  'include',
  'exclude',
  'followAlternates',
  'hostDelayMs',
  'perHost',
  'concurrency',
  'retries',
  'backoffMs',
  'timeoutMs',
  'maxBytes',
  'sitemaps',
  'render',
  'resume',
  'workers',
  'onProblem',
  'onProgress',
  'detectors',
  'onStageProgress',
] as const satisfies readonly (keyof CrawlOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _CrawlOptionsListed = MustHold<ListsEveryOption<typeof CRAWL_OPTION_NAMES, CrawlOptions>>;

function checkCrawlOptions(options: CrawlOptions): void {
  checkOptionNames('crawl()', options, CRAWL_OPTION_NAMES);
  if (options.seeds.length === 0) throw new UserError('crawl(): give at least one seed URL');
  for (const [name, min] of [
    ['maxPages', 1],
    ['maxDepth', 0],
    ['concurrency', 1],
    ['perHost', 1],
    ['retries', 0],
    ['timeoutMs', 1],
    ['hostDelayMs', 0],
    ['backoffMs', 0],
    ['maxBytes', 1],
    ['workers', 0],
  ] as const) {
    checkWholeNumber('crawl()', name, options[name], min);
  }
}

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
  let done = new Set<string>();
  let resumeStatic: { url: string; depth: number; chain: string[] }[] = [];
  let resumeRender: { url: string; depth: number }[] = [];
  if (options.resume) {
    const frontier = store.frontierLoad();
    done = new Set([...frontier.done, ...store.crawledUrls()]);
    const pending = frontier.pending.filter((e) => !done.has(e.url));
    resumeStatic = pending.filter((e) => !e.render);
    resumeRender = pending.filter((e) => e.render);
  } else {
    store.frontierReset();
  }
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
    const headers: Record<string, string> = {};
    for (const [k, v] of f.headers) {
      const key = k.toLowerCase();
      headers[key] = headers[key] ? `${headers[key]}, ${v}` : v;
    }
    const doc: Doc | undefined = payloadToDoc(
      {
        url: f.url,
        contentType: headers['content-type'],
        body: f.body,
        idParts: ['crawl', f.url],
        ...(f.decoded && { decoded: f.decoded }),
        provenance: {
          sourceKind: 'crawl',
          fetchTime: f.fetchTime,
          httpStatus: f.status,
          httpHeaders: headers,
          crawler: f.crawler,
          ...(where && {
            path: options.warcPath,
            recordOffset: where.offset,
            recordLength: where.length,
            recordId: where.recordId,
          }),
        },
      },
      readerCtx,
    );
    if (!doc) {
      store.frontierDone([f.url]);
      return;
    }
    if (doc.html !== undefined && f.extracted) {
      // The crawler extracted this page to find its links; the extract step has nothing left to do.
      doc.text = f.extracted.text;
      doc.page = f.extracted.page;
      if (f.extracted.title) doc.title = f.extracted.title;
      delete doc.html;
    }
    doc.metadata = { depth: f.depth, ...(f.redirectChain.length && { redirectChain: f.redirectChain }) };
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
  // With workers and an SQLite file, the workers store each page they analyse (this thread runs
  // crawlee, and is the crawl's bottleneck); otherwise this thread stores them in small batches.
  const file = store instanceof SqliteStore ? store.file : undefined;
  const steps =
    pool !== undefined && file !== undefined
      ? [
          storingAnalysisStep(pool, file, runId),
          storedByWorkersStep({ store, source, storedBefore: () => 0, onStored }),
        ]
      : [
          skipStoredStep(store),
          ...analysisSteps(pool),
          storeWriterStep({
            store,
            runId,
            source,
            storedBefore: () => 0,
            // Small transactions: a page counts as done for --resume once stored, so an interrupted
            // crawl refetches at most this many pages plus those in flight.
            batchSize: CRAWL_WRITE_BATCH,
            onStored,
          }),
        ];
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
