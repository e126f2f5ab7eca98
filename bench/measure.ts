import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { WARCParser } from 'warcio';
import { SqliteStore } from '../db/sqlite-store.js';
import { ingest } from '../src/ingest/ingest.js';

/**
 * One measurement, run in its own process so that its peak RSS is its own. Prints one JSON line:
 * seconds, documents, peak RSS (and an ingest's milliseconds per step). Used by `bench/ingest.ts`;
 * not a user command.
 *
 *   node dist/bench/measure.js gunzip <file>
 *   node dist/bench/measure.js warcio <file>
 *   node dist/bench/measure.js ingest <file> <db> <workers>
 *   node dist/bench/measure.js ingest-no-detect <file> <db> <workers>   (as `ingest --no-detect`)
 *   node --expose-gc dist/bench/measure.js retained <file> <db> <workers>
 *
 * `retained` ingests like `ingest` but collects garbage every half second and reports the largest
 * heap still in use after a collection: what the process holds on to, as opposed to peak RSS,
 * which also counts garbage V8 has not collected yet (it collects lazily, so peak RSS wanders by
 * tens of MB from run to run).
 */
/** Decompresses the whole file and discards the output; counts no documents. */
async function gunzipOnly(path: string): Promise<number> {
  const gunzip = createReadStream(path, { highWaterMark: 1024 * 1024 }).pipe(createGunzip());
  for await (const _chunk of gunzip as AsyncIterable<Buffer>) {
    // Only the decompression is measured.
  }
  return 0;
}

async function warcioOnly(path: string): Promise<number> {
  let docs = 0;
  for await (const record of new WARCParser(createReadStream(path, { highWaterMark: 1024 * 1024 }))) {
    await record.readFully(true);
    if (record.warcType === 'response') docs++;
  }
  return docs;
}

/** Milliseconds per pipeline step and stage of the last ingest (`steps` in the output line). */
let steps: Record<string, number> | undefined;

async function ingestOnly(path: string, db: string, workers: number, detectors: boolean): Promise<number> {
  const store = new SqliteStore(db);
  try {
    const summary = await ingest({ inputs: [path], store, workers, detectors });
    steps = Object.fromEntries(summary.stats.map((s) => [s.name, s.timeMs]));
    return summary.docsStored;
  } finally {
    store.close();
  }
}

const [mode, file, db, workers] = process.argv.slice(2);
if (!mode || !file)
  throw new Error('usage: measure.js gunzip|warcio|ingest|ingest-no-detect|retained <file> [db workers]');
let retainedMB = 0;
const gc = (globalThis as { gc?: () => void }).gc;
if (mode === 'retained' && !gc) throw new Error('retained needs node --expose-gc');
const sampler =
  mode === 'retained' && gc
    ? setInterval(() => {
        gc();
        retainedMB = Math.max(retainedMB, process.memoryUsage().heapUsed / 2 ** 20);
      }, 500)
    : undefined;
const started = performance.now();
const docs =
  mode === 'gunzip'
    ? await gunzipOnly(file)
    : mode === 'warcio'
      ? await warcioOnly(file)
      : await ingestOnly(file, db!, Number(workers), mode !== 'ingest-no-detect');
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
// resourceUsage().maxRSS is in kilobytes and covers worker threads (same process).
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  JSON.stringify({
    mode,
    seconds,
    docs,
    peakRssMB,
    ...(sampler && { retainedMB }),
    ...(steps && { steps }),
  }) + '\n',
);
