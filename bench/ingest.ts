import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeVersion, packageRoot } from '../db/version.js';
import { writeSyntheticWarc } from './synthetic-warc.js';

/**
 * `npm run bench:ingest`: reads the same .warc.gz three ways in one run and prints them side by
 * side: gunzip alone (Node's zlib: the ceiling), warcio.js iterating records and reading their
 * bodies (the baseline), and `corpus-audit ingest` (extract, language ID, fingerprints, store, then
 * the cross-document stages), also with `--no-detect` (without the translation and MT-trace stages).
 * Then ingest again on an input twice as large, to show that peak memory does not grow with it.
 * Last, from the no-workers runs' time per step, the best case those costs allow on this machine's
 * cores: what the goal asks of the per-document work itself, whatever the threading.
 *
 *   npm run bench:ingest [-- --size-mb 50] [-- --runs 3] [-- --fresh]
 *
 * Each measurement runs `--runs` times (default 3), in rounds (each round runs every measurement
 * once, so a machine that slows down for a while slows all of them alike); the table shows the
 * median time and the median peak RSS, with the RSS range, because a shared 2-core machine is noisy,
 * and the ingest / warcio.js ratio of each round.
 *
 * Inputs are cached under .bench/ (the same seed gives the same file). Results go to
 * bench/results/ingest-latest.json and are appended to bench/results/ingest-history.jsonl.
 */
const args = process.argv.slice(2);
const sizeMb = Number(args[args.indexOf('--size-mb') + 1] ?? 50) || 50;
const fresh = args.includes('--fresh');
const runs = Math.max(1, Number(args[args.indexOf('--runs') + 1] ?? 3) || 3);
const root = packageRoot();
const cache = join(root, '.bench');
const results = join(root, 'bench', 'results');
const measureJs = fileURLToPath(new URL('./measure.js', import.meta.url));

interface Measurement {
  mode: string;
  seconds: number;
  docs: number;
  peakRssMB: number;
  /** Lowest and highest peak RSS over the runs. */
  rssRange?: [number, number];
  /** Largest main-thread heap in use after a forced collection (the `retained` mode). */
  retainedMB?: number;
  /** An ingest's milliseconds per pipeline step and corpus stage. */
  steps?: Record<string, number>;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The median seconds and peak RSS of a measurement's runs, and the RSS range. */
function summary(all: Measurement[]): Measurement {
  const rss = all.map((m) => m.peakRssMB);
  return {
    ...all[0]!,
    seconds: median(all.map((m) => m.seconds)),
    peakRssMB: median(rss),
    rssRange: [Math.min(...rss), Math.max(...rss)],
  };
}

async function input(mb: number, seed: number): Promise<{ path: string; bytes: number; pages: number }> {
  mkdirSync(cache, { recursive: true });
  const path = join(cache, `synthetic-${mb}mb-seed${seed}.warc.gz`);
  const meta = `${path}.pages`;
  if (fresh || !existsSync(path) || !existsSync(meta)) {
    process.stderr.write(`generating ${path} ...\n`);
    const pages = await writeSyntheticWarc(path, mb * 1_000_000, seed);
    writeFileSync(meta, String(pages));
  }
  const { readFileSync } = await import('node:fs');
  return { path, bytes: statSync(path).size, pages: Number(readFileSync(meta, 'utf8')) };
}

function measure(...argv: string[]): Measurement {
  const flags = argv[0] === 'retained' ? ['--expose-gc'] : [];
  const out = execFileSync(process.execPath, [...flags, measureJs, ...argv], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measurement;
}

function ingestInto(
  file: string,
  workers: number,
  mode: 'ingest' | 'ingest-no-detect' | 'retained' = 'ingest',
): Measurement {
  const db = join(cache, `bench-${process.pid}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  try {
    return measure(mode, file, db, String(workers));
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  }
}

const workers = availableParallelism();
const small = await input(sizeMb, 1);
const large = await input(sizeMb * 2, 2);
process.stderr.write(
  `measuring on ${small.path} (${(small.bytes / 1e6).toFixed(1)} MB, ${small.pages} pages), ${runs} runs each ...\n`,
);

const specs: { name: string; input: typeof small; once: () => Measurement }[] = [
  { name: 'gunzip (node zlib)', input: small, once: () => measure('gunzip', small.path) },
  { name: 'warcio.js records+bodies', input: small, once: () => measure('warcio', small.path) },
  { name: `ingest, ${workers} workers`, input: small, once: () => ingestInto(small.path, workers) },
  { name: 'ingest, no workers', input: small, once: () => ingestInto(small.path, 0) },
  { name: `ingest 2x input, ${workers} workers`, input: large, once: () => ingestInto(large.path, workers) },
  // Without the translation-tuple and MT-trace stages that later issues added after reading (as
  // `ingest --no-detect`; `corpus-audit detect` runs them later): reading, extraction, language ID,
  // fingerprints, storage and duplicate clusters.
  {
    name: `ingest --no-detect, ${workers} workers`,
    input: small,
    once: () => ingestInto(small.path, workers, 'ingest-no-detect'),
  },
];
const runsOf = specs.map((): Measurement[] => []);
for (let round = 0; round < runs; round++) {
  specs.forEach((spec, k) => runsOf[k]!.push(spec.once()));
}
const rows = specs.map((spec, k) => ({ name: spec.name, input: spec.input, m: summary(runsOf[k]!) }));
/** Row `k`'s throughput against warcio.js's within each round (same input, so a ratio of times). */
const ratiosOf = (k: number): number[] =>
  runsOf[k]!.map((m, round) => Number((runsOf[1]![round]!.seconds / m.seconds).toFixed(3)));
const roundRatios = ratiosOf(2);
const noDetectRoundRatios = ratiosOf(5);
const warcio = rows[1]!.m;
const gunzip = rows[0]!.m;
const mbps = (r: (typeof rows)[number]): number => r.input.bytes / 1e6 / r.m.seconds;

const table = rows.map((r) => ({
  name: r.name,
  inputMB: Number((r.input.bytes / 1e6).toFixed(1)),
  seconds: Number(r.m.seconds.toFixed(2)),
  mbPerSec: Number(mbps(r).toFixed(1)),
  docsPerSec: Number((r.input.pages / r.m.seconds).toFixed(0)),
  vsWarcio: Number((mbps(r) / (small.bytes / 1e6 / warcio.seconds)).toFixed(3)),
  vsGunzip: Number((mbps(r) / (small.bytes / 1e6 / gunzip.seconds)).toFixed(3)),
  peakRssMB: Number(r.m.peakRssMB.toFixed(0)),
  peakRssRangeMB: (r.m.rssRange ?? [r.m.peakRssMB, r.m.peakRssMB]).map((x) => Math.round(x)),
}));

const header = [
  'measurement',
  'input MB',
  's',
  'MB/s',
  'docs/s',
  'x warcio',
  'x gunzip',
  'peak RSS MB',
  'RSS range',
];
const lines = [
  header,
  ...table.map((t) =>
    [
      t.name,
      t.inputMB,
      t.seconds,
      t.mbPerSec,
      t.docsPerSec,
      t.vsWarcio,
      t.vsGunzip,
      t.peakRssMB,
      t.peakRssRangeMB.join('-'),
    ].map(String),
  ),
];
const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
for (const l of lines)
  console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
const ingestRow = table[2]!;
const largeRow = table[4]!;
const noDetectRow = table[5]!;
// Retained heap (after forced collections), once per input size: does memory grow with the input?
const retained = [small, large].map((inp) => ({
  inputMB: Number((inp.bytes / 1e6).toFixed(1)),
  retainedHeapMB: Math.round(ingestInto(inp.path, workers, 'retained').retainedMB ?? 0),
}));
console.log(
  `\nmain-thread heap retained after GC during ingest: ${retained.map((r) => `${r.retainedHeapMB} MB at ${r.inputMB} MB`).join(', ')}`,
);
console.log(
  `ingest / warcio throughput: ${(ingestRow.vsWarcio * 100).toFixed(0)}% (per round: ` +
    `${roundRatios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}; goal: 40% or more); ` +
    `peak RSS ${ingestRow.peakRssMB} MB at ${ingestRow.inputMB} MB, ${largeRow.peakRssMB} MB at ${largeRow.inputMB} MB (goal: under 400 MB, flat)`,
);
console.log(
  `without the translation and MT-trace stages (--no-detect): ${(noDetectRow.vsWarcio * 100).toFixed(0)}% ` +
    `(per round: ${noDetectRoundRatios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')})`,
);

// Where one thread's time goes (the no-workers runs, step by step), and what that allows: the
// per-document steps spread perfectly over every core (the main thread still reads and stores),
// then the corpus stages, which run over the whole database once reading is done (duplicates and
// plugin traces in a thread beside the translation detector).
const CORPUS_STAGES = ['dup_clusters', 'translation_tuples', 'mt_markers'];
const stepNames = Object.keys(runsOf[3]![0]!.steps ?? {});
const oneThread = Object.fromEntries(
  stepNames.map((name) => [name, median(runsOf[3]!.map((m) => m.steps?.[name] ?? 0)) / 1000]),
);
const sum = (names: string[]): number => names.reduce((total, name) => total + (oneThread[name] ?? 0), 0);
const perDoc = stepNames.filter((name) => !CORPUS_STAGES.includes(name));
const mainThread = sum(perDoc.filter((name) => ['read', 'skip_stored', 'store'].includes(name)));
const readingFloor = Math.max(sum(perDoc) / workers, mainThread);
const stagesFloor = Math.max(sum(['translation_tuples']), sum(['dup_clusters', 'mt_markers']));
const bestCase = {
  seconds: Number((readingFloor + stagesFloor).toFixed(2)),
  noDetectSeconds: Number((readingFloor + sum(['dup_clusters'])).toFixed(2)),
};
const bestRatio = (seconds: number): string => `${((warcio.seconds / seconds) * 100).toFixed(0)}%`;
console.log(
  `\none thread, per step (ingest, no workers; medians, s): ` +
    stepNames.map((name) => `${name} ${oneThread[name]!.toFixed(2)}`).join(', '),
);
// How close the runs with workers came to it: the best case's time over theirs.
const reached = {
  detect: Number((bestCase.seconds / ingestRow.seconds).toFixed(3)),
  noDetect: Number((bestCase.noDetectSeconds / noDetectRow.seconds).toFixed(3)),
};
console.log(
  `best case with these costs on ${workers} cores (per-document steps spread perfectly, then the ` +
    `corpus stages, two at a time): ${bestCase.seconds} s = ${bestRatio(bestCase.seconds)} of warcio.js; ` +
    `--no-detect ${bestCase.noDetectSeconds} s = ${bestRatio(bestCase.noDetectSeconds)}; ` +
    `the runs with workers ran at ${(reached.detect * 100).toFixed(0)}% of its speed ` +
    `(--no-detect ${(reached.noDetect * 100).toFixed(0)}%)`,
);

const record = {
  date: new Date().toISOString(),
  codeVersion: codeVersion(),
  runs,
  note: 'seconds and peakRssMB are medians over runs, run in rounds; roundRatios: ingest (workers) / warcio.js per round; noDetectRoundRatios: the same for ingest --no-detect',
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  rows: table,
  roundRatios,
  noDetectRoundRatios,
  retained,
  oneThreadStepSeconds: oneThread,
  bestCase: {
    ...bestCase,
    vsWarcio: Number((warcio.seconds / bestCase.seconds).toFixed(3)),
    noDetectVsWarcio: Number((warcio.seconds / bestCase.noDetectSeconds).toFixed(3)),
    reached,
  },
};
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'ingest-latest.json'), JSON.stringify(record, null, 2) + '\n');
appendFileSync(join(results, 'ingest-history.jsonl'), JSON.stringify(record) + '\n');
console.log(`written: ${join(results, 'ingest-latest.json')}`);
