import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { WARCParser } from 'warcio';
import { SqliteStore } from '../db/sqlite-store.js';
import { ingest } from '../src/ingest/ingest.js';

/**
 * One measurement, run in its own process so that its peak RSS is its own. Prints one JSON line:
 * seconds, documents, peak RSS. Used by `bench/ingest.ts`; not a user command.
 *
 *   node dist/bench/measure.js gunzip <file>
 *   node dist/bench/measure.js warcio <file>
 *   node dist/bench/measure.js ingest <file> <db> <workers>
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

async function ingestOnly(path: string, db: string, workers: number): Promise<number> {
  const store = new SqliteStore(db);
  try {
    const summary = await ingest({ inputs: [path], store, workers });
    return summary.docsStored;
  } finally {
    store.close();
  }
}

const [mode, file, db, workers] = process.argv.slice(2);
if (!mode || !file) throw new Error('usage: measure.js gunzip|warcio|ingest <file> [db workers]');
const started = performance.now();
const docs =
  mode === 'gunzip'
    ? await gunzipOnly(file)
    : mode === 'warcio'
      ? await warcioOnly(file)
      : await ingestOnly(file, db!, Number(workers));
const seconds = (performance.now() - started) / 1000;
// resourceUsage().maxRSS is in kilobytes and covers worker threads (same process).
process.stdout.write(
  JSON.stringify({ mode, seconds, docs, peakRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
