import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../db/sqlite-store.js';
import { PARALLEL_MIN_PAIRS } from '../detectors/mwp/align-pairs.js';
import type { MwpResult } from '../detectors/mwp/translation-tuples.js';
import { ingest } from '../src/ingest/ingest.js';
import { codeVersion, packageRoot } from '../db/version.js';
import { World } from '../src/world/world.js';
import { writeWorldWarc } from '../src/world/world-warc.js';

/**
 * `npm run bench:mwp`: the translation-tuple stage on the demo world at 10,000 and 100,000 pages
 * (BENCH_MWP_PAGES=a,b for other sizes). Each world is written as a WARC and ingested (without
 * detectors) into a database cached under .bench/; then, each in its own process, the baseline
 * (reading every document from the Store into the detector's features) and the detector itself
 * are timed, with peak RSS, BENCH_MWP_RUNS times (default 3) in rounds over the sizes; the medians
 * are reported (peak RSS: the highest). Prints times, the detector's cost over the baseline, and how the larger
 * world's time compares with the smaller's (goal: at most 12x for 10x the pages, and under 10
 * minutes at 100,000). The detector also runs with its alignment in process (no worker threads),
 * in the same rounds, to show what the threads change. Writes bench/results/mwp-latest.json.
 */
interface Measurement {
  seconds: number;
  peakRssMB: number;
  detail: unknown;
}

const sizes = (process.env.BENCH_MWP_PAGES ?? '10000,100000').split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 50))
  throw new Error('BENCH_MWP_PAGES: page counts of 50 or more');
const rounds = Number(process.env.BENCH_MWP_RUNS ?? '3');
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error('BENCH_MWP_RUNS: a whole number of runs, 1 or more');
const root = packageRoot();
const cache = join(root, '.bench');
const measureJs = fileURLToPath(new URL('./measure-mwp.js', import.meta.url));
mkdirSync(cache, { recursive: true });

function measure(mode: 'read' | 'detect' | 'detect-in-process', db: string): Measurement {
  const out = execFileSync(process.execPath, [measureJs, mode, db], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measurement;
}

async function database(pages: number): Promise<{ db: string; docs: number; ingestSeconds?: number }> {
  const db = join(cache, `mwp-world-${pages}.sqlite`);
  const done = `${db}.complete`;
  if (existsSync(db) && existsSync(done)) {
    const store = new SqliteStore(db);
    const docs = store.countDocs();
    store.close();
    return { db, docs };
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  const warc = join(cache, `mwp-world-${pages}.warc.gz`);
  process.stderr.write(`writing the ${pages}-page demo world to ${warc} ...\n`);
  writeWorldWarc(new World({ seed: 1, pages }), warc);
  process.stderr.write(`ingesting it into ${db} (detectors off) ...\n`);
  const store = new SqliteStore(db);
  const t0 = performance.now();
  const summary = await ingest({ inputs: [warc], store, detectors: false, command: 'bench:mwp' });
  store.close();
  rmSync(warc);
  writeFileSync(done, '');
  return { db, docs: summary.docsStored, ingestSeconds: (performance.now() - t0) / 1000 };
}

/** The median run by time, with the highest peak RSS of all runs. */
function median(runs: readonly Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const mid = sorted[(sorted.length - 1) >> 1]!;
  return { ...mid, peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)) };
}

const databases = [];
for (const pages of sizes) databases.push({ pages, ...(await database(pages)) });
// Rounds go over every size in turn, so a drift in the machine's speed touches all sizes alike.
const runs = databases.map(() => ({
  read: [] as Measurement[],
  detect: [] as Measurement[],
  inProcess: [] as Measurement[],
}));
for (let round = 1; round <= rounds; round++) {
  databases.forEach(({ pages, db, docs }, k) => {
    process.stderr.write(`round ${round} of ${rounds}: ${pages} pages (${docs} documents) ...\n`);
    runs[k]!.read.push(measure('read', db));
    // Which of the two detector runs goes first alternates: the second one pays for the first's
    // writes (its dirty pages are flushed meanwhile), 10-30% at 10,000 pages.
    const pair = [
      (): number => runs[k]!.detect.push(measure('detect', db)),
      (): number => runs[k]!.inProcess.push(measure('detect-in-process', db)),
    ];
    for (const run of round % 2 ? pair : pair.reverse()) run();
  });
}
const rows = databases.map(({ pages, docs, ingestSeconds }, k) => ({
  pages,
  docs,
  ...(ingestSeconds !== undefined && { ingestSeconds }),
  read: median(runs[k]!.read),
  detect: median(runs[k]!.detect),
  inProcess: median(runs[k]!.inProcess),
  readSeconds: runs[k]!.read.map((r) => r.seconds),
  detectSeconds: runs[k]!.detect.map((r) => r.seconds),
  inProcessSeconds: runs[k]!.inProcess.map((r) => r.seconds),
}));

console.log(
  'pages     docs  read s  detect s  x read  peak RSS MB (read / detect)  pairs aligned  accepted  tuples',
);
for (const r of rows) {
  const d = r.detect.detail as MwpResult;
  console.log(
    [
      String(r.pages).padStart(6),
      String(r.docs).padStart(8),
      r.read.seconds.toFixed(1).padStart(6),
      r.detect.seconds.toFixed(1).padStart(8),
      (r.detect.seconds / r.read.seconds).toFixed(1).padStart(6),
      `${r.read.peakRssMB.toFixed(0)} / ${r.detect.peakRssMB.toFixed(0)}`.padStart(27),
      String(d.aligned).padStart(13),
      String(d.accepted).padStart(9),
      String(d.tuples).padStart(7),
    ].join('  '),
  );
}
const scaling = rows.slice(1).map((r, k) => ({
  from: rows[k]!.pages,
  to: r.pages,
  pagesRatio: r.pages / rows[k]!.pages,
  timeRatio: r.detect.seconds / rows[k]!.detect.seconds,
  // Noise on a shared machine only ever adds time: the fastest runs are the other estimate.
  fastestTimeRatio: Math.min(...r.detectSeconds) / Math.min(...rows[k]!.detectSeconds),
  readTimeRatio: r.read.seconds / rows[k]!.read.seconds,
}));
console.log(
  `medians of ${rounds} run${rounds === 1 ? '' : 's'} per size (detect seconds: ` +
    rows.map((r) => `${r.pages}: ${r.detectSeconds.map((x) => x.toFixed(1)).join(', ')}`).join('; ') +
    ')',
);
for (const s of scaling) {
  console.log(
    `${s.from} -> ${s.to} pages (${s.pagesRatio}x): detector ${s.timeRatio.toFixed(1)}x the time ` +
      `(fastest runs ${s.fastestTimeRatio.toFixed(1)}x; reading alone ${s.readTimeRatio.toFixed(1)}x); ` +
      'goal: at most 12x for 10x',
  );
}
for (const r of rows) {
  const align = (m: Measurement): number => (m.detail as MwpResult).timeMs.align / 1000;
  const threads = (r.detect.detail as MwpResult).alignThreads;
  // Under the threshold both runs align in process: their difference is the bench's noise.
  const how = threads > 0 ? `in ${threads} worker threads vs in process` : 'in process both times (noise)';
  console.log(
    `${r.pages} pages, alignment ${how}: detector ${r.detect.seconds.toFixed(1)} vs ` +
      `${r.inProcess.seconds.toFixed(1)} s (${(r.detect.seconds / r.inProcess.seconds).toFixed(2)}x), ` +
      `alignment ${align(r.detect).toFixed(1)} vs ${align(r.inProcess).toFixed(1)} s ` +
      `(${(align(r.detect) / align(r.inProcess)).toFixed(2)}x; threads from ${PARALLEL_MIN_PAIRS.toLocaleString('en-US')} pairs on)`,
  );
}
const last = rows.at(-1)!;
console.log(`${last.pages} pages: detector ${(last.detect.seconds / 60).toFixed(1)} min (goal: under 10)`);

const results = join(root, 'bench', 'results');
mkdirSync(results, { recursive: true });
writeFileSync(
  join(results, 'mwp-latest.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      codeVersion: codeVersion(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGB: Math.round(totalmem() / 2 ** 30),
      },
      rows,
      scaling,
    },
    null,
    2,
  ) + '\n',
);
