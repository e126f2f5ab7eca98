import {
  DEFAULT_BACKOFF_MS,
  MAX_CRAWL_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  PUBLIC_HOST_LIMITS,
  type PolitenessReport,
} from '../../../crawlers/crawl/host-gate.js';
import { phaseLine } from '../progress.js';
import { exitOnInterrupt } from '../interrupt.js';
import { describeStages } from './detect.js';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { deprecatedFlag, durationFlag } from '../flags.js';
import type { CrawlSummary, RenderMode } from '../../crawl/crawl.js';
import { formatCount, formatDuration } from '../format.js';
import { UsageError, type Io } from '../io.js';
import { openStore, resolveDbPath } from '../store-path.js';
import { describeProblem } from '../problems.js';
import { CRAWL_DEFAULTS } from '../../../crawlers/crawl/crawl-defaults.js';

interface CrawlCliOptions {
  db?: string;
  warc?: string;
  maxPages: string;
  maxDepth: string;
  include?: string[];
  exclude?: string[];
  followAlternates?: boolean;
  allowPrivate?: boolean;
  delayMs?: string;
  perHost?: string;
  concurrency: string;
  retries: string;
  timeoutMs: string;
  maxRecordMb: string;
  sitemaps: boolean;
  render: string;
  resume?: boolean;
  progress?: boolean;
  json?: boolean;
  detect?: boolean;
}

function count(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new UsageError(`${flag} must be a number of at least ${min}, got '${value}'`);
  return n;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerCrawl(program: Command, io: Io, done: (code: number) => void): void {
  const command = program
    .command('crawl')
    .description(
      'crawl sites into the audit database (crawlee: Cheerio for static pages, Playwright with chromium for the rest)',
    )
    .argument('<seeds...>', 'start URLs (http or https)')
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--warc <out.warc.gz>', 'also write every request and response as WARC 1.1 records')
    .option('--max-pages <n>', 'stop after this many requests', String(CRAWL_DEFAULTS.maxPages))
    .option('--max-depth <n>', 'link hops from a seed', String(CRAWL_DEFAULTS.maxDepth))
    .option('--include <glob>', 'only URLs matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'never URLs matching this glob (repeatable)', collect)
    .option('--follow-alternates', 'follow hreflang alternates to other origins')
    .option('--allow-private', 'allow private, loopback and link-local addresses (the demo world needs it)')
    .option(
      '--delay-ms <duration>',
      `time between the starts of two requests to one host (default: ${PUBLIC_HOST_LIMITS.delayMs} for public hosts, 0 for loopback and private ones)`,
    )
    .option(
      '--per-host <n>',
      `requests in flight to one host (default: ${PUBLIC_HOST_LIMITS.maxInFlight} for public hosts, no limit but --concurrency for loopback and private ones)`,
    )
    .option('--concurrency <n>', 'requests in flight', String(CRAWL_DEFAULTS.concurrency))
    .option(
      '--retries <n>',
      'retries after a 5xx or a timeout, with exponential backoff',
      String(CRAWL_DEFAULTS.retries),
    )
    .option(
      '--timeout-ms <duration>',
      'give up on a response after this long (500ms, 30s, 2m; a bare number is ms)',
      String(CRAWL_DEFAULTS.timeoutMs),
    )
    .option(
      '--max-record-mb <n>',
      'abandon (and report) responses larger than this',
      String(CRAWL_DEFAULTS.maxBytes / 1024 / 1024),
    )
    .option('--no-sitemaps', "do not read the sitemaps of the seeds' sites")
    .option(
      '--render <mode>',
      'never: static only; auto: pages with scripts and almost no static text also go through chromium; always: every page through chromium',
      'auto',
    )
    .option('--resume', "continue the database's interrupted crawl, fetching nothing twice")
    .option(
      '--no-detect',
      'skip the translation and plugin-trace detectors (run `corpus-audit detect` later)',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .option('--no-progress', 'no progress line, even on a terminal')
    .addHelpText(
      'after',
      `
Scope: the seeds' origins (plus hreflang alternates' with --follow-alternates), include/exclude
globs, --max-depth, and trap defence (repeated path segments, deep paths, endless query strings).
robots.txt is honoured: disallowed URLs are never requested, and a site whose robots.txt answers
5xx or cannot be reached is left alone (reported as crawl_robots_unreachable). Every request says
who we are (user agent corpus-audit), with no browser headers and no preferred language. Only http
and https; private, loopback and link-local addresses are refused (also after DNS and redirects,
and for robots.txt and sitemaps) unless --allow-private.

Politeness: to a host on a public address at most ${PUBLIC_HOST_LIMITS.maxInFlight} requests are in flight and their starts are
${PUBLIC_HOST_LIMITS.delayMs / 1000} s apart (so one crawl never costs a site more than a reader clicking fast; --per-host and
--delay-ms change both for every host). A robots.txt Crawl-delay is honoured (up to ${MAX_CRAWL_DELAY_MS / 1000} s), and a
host that answers 429 or 503 is paused for as long as its Retry-After asks (up to ${MAX_RETRY_AFTER_MS / 60_000} minutes;
without one, ${DEFAULT_BACKOFF_MS / 1000} s, doubling) before the page is tried again. The summary names the hosts that asked.

Rendering uses Debian's chromium (/usr/bin/chromium, or $CORPUS_AUDIT_CHROMIUM), never a downloaded
browser; it reaches only the hosts being crawled. The frontier is kept in the database: after an
interruption, the same command with --resume fetches what was left and nothing already fetched.

Examples:
  corpus-audit crawl https://example.org/ --max-pages 200 --warc example.warc.gz
  corpus-audit demo serve &  corpus-audit crawl http://127.0.0.1:8103/ --allow-private`,
    )
    .action(async (seeds: string[], opts: CrawlCliOptions) => {
      for (const seed of seeds) {
        let u: URL | undefined;
        try {
          u = new URL(seed);
        } catch {
          u = undefined;
        }
        if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
          throw new UsageError(`seed '${seed}' is not an http(s) URL`);
        }
      }
      if (!['never', 'auto', 'always'].includes(opts.render)) {
        throw new UsageError(`--render must be never, auto or always, got '${opts.render}'`);
      }
      const dbPath = resolveDbPath(opts.db, io);
      const store = openStore(dbPath);
      const phases = phaseLine(io, opts.progress !== false && !opts.json);
      let printed = 0;
      const progress = { fetched: 0, stored: 0 };
      const started = performance.now();
      const stopWatching = exitOnInterrupt(
        store,
        io.stderr,
        () =>
          `interrupted after ${formatCount(progress.fetched)} responses (${formatCount(progress.stored)} pages stored in ${dbPath}); ` +
          'the same command with --resume continues, fetching nothing already stored',
      );
      try {
        // crawlee and Playwright take over a second to load: only the command that crawls pays for them.
        const { crawl } = await import('../../crawl/crawl.js');
        const summary = await crawl({
          seeds,
          store,
          ...(opts.warc && { warcPath: resolve(io.cwd, opts.warc) }),
          allowPrivate: opts.allowPrivate ?? false,
          maxPages: count(opts.maxPages, '--max-pages', 1),
          maxDepth: count(opts.maxDepth, '--max-depth'),
          include: opts.include,
          exclude: opts.exclude,
          followAlternates: opts.followAlternates ?? false,
          ...(opts.delayMs !== undefined && { hostDelayMs: durationFlag(opts.delayMs, '--delay-ms', 'ms') }),
          ...(opts.perHost !== undefined && { perHost: count(opts.perHost, '--per-host', 1) }),
          concurrency: count(opts.concurrency, '--concurrency', 1),
          retries: count(opts.retries, '--retries'),
          timeoutMs: durationFlag(opts.timeoutMs, '--timeout-ms', 'ms', 1),
          maxBytes: Math.round(count(opts.maxRecordMb, '--max-record-mb', 0.001) * 1024 * 1024),
          sitemaps: opts.sitemaps,
          render: opts.render as RenderMode,
          resume: opts.resume ?? false,
          detectors: opts.detect !== false,
          onProgress: (p) => {
            Object.assign(progress, p);
            const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
            phases?.show(
              `crawling: ${formatCount(p.fetched)} responses, ${formatCount(p.stored)} pages stored, ${(p.fetched / seconds).toFixed(0)}/s`,
            );
          },
          onStageProgress: (phase, d, t) => phases?.update(phase, d, t),
          onProblem: (p) => {
            if (opts.json || printed++ >= 20) return;
            phases?.done();
            io.stderr.write(`problem ${describeProblem(p)}\n`);
          },
        });
        phases?.done();
        io.stdout.write(
          opts.json ? JSON.stringify({ db: dbPath, ...summary }, null, 2) + '\n' : render(summary, dbPath),
        );
        // Nothing fetched at all is a crawl that did not happen (every seed refused or failing), not
        // a success; a resumed crawl with nothing left to fetch is.
        if (!opts.resume && summary.fetched === 0 && summary.docsStored === 0) {
          const skipped = Object.keys(summary.skipped);
          io.stderr.write(
            `corpus-audit: nothing was fetched: ${summary.problems} problem(s), ${summary.failed} failed request(s)` +
              `${skipped.length ? `, not requested: ${skipped.join(', ')}` : ''} (corpus-audit stats --problems says which); ` +
              'seeds on private, loopback or link-local addresses need --allow-private\n',
          );
          done(2);
          return;
        }
        done(0);
      } finally {
        stopWatching();
        phases?.done();
        store.close();
      }
    });
  deprecatedFlag(command, '--max-mb <n>', '--max-record-mb <n>', io);
}

function render(s: CrawlSummary, dbPath: string): string {
  const skipped = Object.entries(s.skipped)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  return (
    [
      `Crawled ${formatCount(s.fetched)} responses in ${formatDuration(s.elapsedMs)} into ${dbPath} (run ${s.runId})`,
      `  documents stored: ${formatCount(s.docsStored)}   failed requests: ${s.failed}   problems: ${s.problems}`,
      `  not requested: ${skipped || 'none'}`,
      ...politenessLines(s.politeness),
      ...describeStages(s),
    ].join('\n') + '\n'
  );
}

/** What the sites asked of the crawl and what it cost: pauses after 429/503, Crawl-delays. */
function politenessLines(p: PolitenessReport | undefined): string[] {
  if (!p) return [];
  const pauses = Object.entries(p.pauses).map(([host, n]) => `${host} ${n}x`);
  const delays = Object.entries(p.crawlDelays).map(([host, ms]) => `${host} ${ms / 1000} s`);
  if (!pauses.length && !delays.length) return [];
  return [
    `  hosts that asked to slow down (429/503): ${pauses.join(', ') || 'none'}; Crawl-delay honoured: ${delays.join(', ') || 'none'}; ` +
      `waited for hosts: ${(p.waitedMs / 1000).toFixed(1)} s`,
  ];
}
