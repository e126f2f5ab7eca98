import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../db/sqlite-store.js';
import type { MwpResult } from '../detectors/mwp/translation-tuples.js';
import { ingest } from '../src/ingest/ingest.js';
import { codeVersion, packageRoot } from '../src/version.js';
import { World } from '../src/world/world.js';
import { writeWorldWarc } from '../src/world/world-warc.js';

/**
 * `npm run bench:mwp`: the translation-tuple stage on the demo world at 10,000 and 100,000 pages
 * (BENCH_MWP_PAGES=a,b for other sizes). Each world is written as a WARC and ingested (without
 * detectors) into a database cached under .bench/; then, each in its own process, the baseline
 * (reading every document from the Store into the detector's features) and the detector itself
 * are timed, with peak RSS. Prints times, the detector's cost over the baseline, and how the larger
 * world's time compares with the smaller's (goal: at most 12x for 10x the pages, and under 10
 * minutes at 100,000). Writes bench/results/mwp-latest.json.
 */
interface Measurement {
  seconds: number;
  peakRssMB: number;
  detail: unknown;
}

const sizes = (process.env.BENCH_MWP_PAGES ?? '10000,100000').split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 50))
  throw new Error('BENCH_MWP_PAGES: page counts of 50 or more');
const root = packageRoot();
const cache = join(root, '.bench');
const measureJs = fileURLToPath(new URL('./measure-mwp.js', import.meta.url));
mkdirSync(cache, { recursive: true });

function measure(mode: 'read' | 'detect', db: string): Measurement {
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

const rows: {
  pages: number;
  docs: number;
  ingestSeconds?: number;
  read: Measurement;
  detect: Measurement;
}[] = [];
for (const pages of sizes) {
  const { db, docs, ingestSeconds } = await database(pages);
  process.stderr.write(`measuring at ${pages} pages (${docs} documents) ...\n`);
  const read = measure('read', db);
  const detect = measure('detect', db);
  rows.push({ pages, docs, ...(ingestSeconds !== undefined && { ingestSeconds }), read, detect });
}

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
  readTimeRatio: r.read.seconds / rows[k]!.read.seconds,
}));
for (const s of scaling) {
  console.log(
    `${s.from} -> ${s.to} pages (${s.pagesRatio}x): detector ${s.timeRatio.toFixed(1)}x the time ` +
      `(reading alone ${s.readTimeRatio.toFixed(1)}x); goal: at most 12x for 10x`,
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
