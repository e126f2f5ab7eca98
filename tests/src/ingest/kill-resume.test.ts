import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeSyntheticWarc } from '../../../bench/synthetic-warc.js';
import { WRITE_BATCH } from '../../../src/ingest/steps.js';
import { cliProcess } from '../../helpers/cli-process.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const cli = cliProcess;

/** Everything stored about documents, sentences and clusters, in a comparable form. */
function snapshot(path: string) {
  const db = new Database(path, { readonly: true });
  const docs = db
    .prepare(
      `SELECT id, url, text, text_hash, lang, lang_score, n_sentences, source_kind, record_offset, record_length,
       record_id, content_digest, page, minhash FROM docs ORDER BY id`,
    )
    .all();
  const sentences = db.prepare('SELECT * FROM sentences ORDER BY doc_id, idx').all();
  const clusters = db.prepare('SELECT * FROM dup_clusters ORDER BY kind, doc_id').all();
  const sources = db.prepare('SELECT path, status, docs FROM sources').all();
  db.close();
  return { docs, sentences, clusters, sources };
}

function storedCount(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the schema is not there yet
  }
}

describe('an ingest killed with SIGKILL and run again', () => {
  it('ends with exactly the documents of an uninterrupted run', async () => {
    const dir = tempDir();
    const warc = join(dir, 'crawl.warc.gz');
    // Several write batches (and large enough that ingest starts its worker threads by default).
    const pages = await writeSyntheticWarc(warc, 16_500_000, 7);
    expect(pages).toBeGreaterThan(3 * WRITE_BATCH);

    const reference = join(dir, 'reference.sqlite');
    expect(await cli(['ingest', warc, '--db', reference, '--no-progress']).done).toBe(0);
    const expected = snapshot(reference);
    expect(expected.docs).toHaveLength(pages);

    const killed = join(dir, 'killed.sqlite');
    const first = cli(['ingest', warc, '--db', killed, '--no-progress']);
    // Kill as soon as the first batch is committed: the file is far from done then.
    while (storedCount(killed) < WRITE_BATCH) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    expect(await first.done).toBeNull();
    const atKill = storedCount(killed);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(pages);

    expect(await cli(['ingest', warc, '--db', killed, '--no-progress']).done).toBe(0);
    const resumed = snapshot(killed);
    expect(resumed.docs).toEqual(expected.docs);
    expect(resumed.sentences).toEqual(expected.sentences);
    expect(resumed.clusters).toEqual(expected.clusters);
    expect(resumed.sources).toEqual(expected.sources);

    const db = new Database(killed, { readonly: true });
    const statuses = db.prepare('SELECT status FROM runs ORDER BY id').all();
    db.close();
    expect(statuses).toEqual([{ status: 'interrupted' }, { status: 'completed' }]);
  });
});
