import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeSyntheticWarc } from '../../../bench/synthetic-warc.js';
import { tempDir } from '../../helpers/read-all.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'corpus-audit.js');

function stored(db: string): unknown[] {
  const handle = new Database(db, { readonly: true });
  const rows = handle
    .prepare('SELECT id, text, lang, lang_score, n_sentences, text_hash, minhash, page FROM docs ORDER BY id')
    .all();
  handle.close();
  return rows;
}

describe('worker threads', () => {
  it('store exactly what in-process analysis stores', async () => {
    const dir = tempDir();
    const warc = join(dir, 'crawl.warc.gz');
    const pages = await writeSyntheticWarc(warc, 1_500_000, 3);
    for (const [workers, db] of [
      ['0', 'a.sqlite'],
      ['2', 'b.sqlite'],
    ] as const) {
      const run = spawnSync(
        process.execPath,
        [BIN, 'ingest', warc, '--db', join(dir, db), '--workers', workers, '--json'],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as { stats: { name: string }[] };
      // The built worker script is found: with workers, analysis runs as one `analyze` step.
      // The cross-document stages follow either way.
      const stages = ['dup_clusters', 'translation_tuples', 'mt_markers'];
      expect(summary.stats.map((s) => s.name)).toEqual(
        workers === '0'
          ? [
              'read',
              'skip_stored',
              'extract',
              'language',
              'fingerprint',
              'translation_features',
              'store',
              ...stages,
            ]
          : ['read', 'skip_stored', 'analyze', 'store', ...stages],
      );
    }
    const a = stored(join(dir, 'a.sqlite'));
    expect(a).toHaveLength(pages);
    expect(stored(join(dir, 'b.sqlite'))).toEqual(a);
  });
});
