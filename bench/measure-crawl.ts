import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CheerioCrawler, Configuration, log } from 'crawlee';
import { SqliteStore } from '../db/sqlite-store.js';
import { crawl } from '../src/crawl/crawl.js';

/**
 * One crawl measurement in its own process (so its peak RSS is its own). Prints one JSON line:
 * seconds, pages, peak RSS. Used by `bench/crawl.ts`; not a user command.
 *
 *   node dist/bench/measure-crawl.js bare <urls.txt>
 *   node dist/bench/measure-crawl.js audit <urls.txt> <db>
 *   node dist/bench/measure-crawl.js rendered <urls.txt> <db>   (every page through chromium)
 *
 * Also prints the CPU seconds of all the process's threads, and how busy the main thread was.
 *
 * Both fetch exactly the URLs listed (no link following, no sitemaps), with the same concurrency:
 * `bare` is a CheerioCrawler that fetches and parses each page and does nothing else; `audit` is
 * `corpus-audit crawl`'s code path (address guard, byte capture, our extraction and link scoping,
 * language ID, fingerprints, SQLite).
 */
const CONCURRENCY = 8;
const [mode, list, db] = process.argv.slice(2);
if (!mode || !list) throw new Error('usage: measure-crawl.js bare|audit|rendered <urls.txt> [db]');
const urls = readFileSync(list, 'utf8').split('\n').filter(Boolean);
const started = performance.now();
const loopStart = performance.eventLoopUtilization();
const cpuStart = process.cpuUsage();
let pages = 0;
if (mode === 'bare') {
  log.setLevel(log.LEVELS.OFF);
  const crawler = new CheerioCrawler(
    {
      maxConcurrency: CONCURRENCY,
      maxRequestRetries: 0,
      useSessionPool: false,
      requestHandler: ({ $ }) => {
        if ($('body').length) pages++;
      },
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  await crawler.run(urls);
} else {
  const store = new SqliteStore(db!);
  const summary = await crawl({
    seeds: urls,
    store,
    allowPrivate: true,
    maxDepth: 0,
    maxPages: urls.length + 10,
    concurrency: CONCURRENCY,
    retries: 0,
    sitemaps: false,
    render: mode === 'rendered' ? 'always' : 'never',
  });
  pages = summary.fetched;
  store.close();
}
const cpu = process.cpuUsage();
const loop = performance.eventLoopUtilization(loopStart);
const during = process.cpuUsage(cpuStart);
console.log(
  JSON.stringify({
    seconds: (performance.now() - started) / 1000,
    pages,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    // All threads of this process, start-up included: on a machine this small the audit crawl is
    // bound by the CPU it needs in all.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    // Share of the time the main thread was running code rather than waiting (crawlee, our
    // extraction and SQLite writes run there; analysis runs on worker threads).
    mainThreadBusy: loop.utilization,
    // The crawl's own CPU seconds, start-up excluded (set against `seconds`).
    cpuSecondsDuring: (during.user + during.system) / 1e6,
  }),
);
