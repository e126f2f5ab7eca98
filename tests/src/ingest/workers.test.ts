import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeSyntheticWarc } from '../../../bench/synthetic-warc.js';
import { BACKGROUND_NICENESS } from '../../../src/ingest/steps.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'corpus-audit.js');
const DIST = join(import.meta.dirname, '..', '..', '..', 'dist');

function stored(db: string): unknown[] {
  const handle = new Database(db, { readonly: true });
  const rows = handle
    .prepare(
      'SELECT id, text, lang, lang_score, n_sentences, text_hash, minhash, mwp_features, page FROM docs ORDER BY id',
    )
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
    // Every page with a language has translation features (the synthetic pages are the UDHR in
    // hundreds of languages: those neither lid.176 nor franc can name are `und`, and have none).
    const withLang = a.filter((row) => (row as { lang: string }).lang !== 'und');
    expect(withLang.length).toBeGreaterThan(pages / 3);
    expect(withLang.filter((row) => (row as { mwp_features: unknown }).mwp_features !== null).length).toBe(
      withLang.length,
    );
    expect(stored(join(dir, 'b.sqlite'))).toEqual(a);
  });

  it.runIf(process.platform === 'linux')('run below the main thread in the background, and only then', () => {
    // Each thread's nice value (field 19 of /proc/<pid>/task/<tid>/stat), once both workers answered.
    const script = `
      import { readdirSync, readFileSync } from 'node:fs';
      import { analysisPool } from ${JSON.stringify(join(DIST, 'src', 'ingest', 'steps.js'))};
      const nice = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
      const out = {};
      for (const background of [true, false]) {
        const pool = analysisPool(2, { background });
        const seqs = [0, 1].map(() => pool.send({ id: 'x', text: 'A sentence long enough to be analysed by a worker.' }));
        for (const seq of seqs) await pool.take(seq);
        out[background] = { main: nice(process.pid), threads: readdirSync('/proc/self/task').map(nice) };
        await pool.close();
      }
      console.log(JSON.stringify(out));
    `;
    // A file, not --input-type: worker threads inherit the process's flags.
    const file = join(tempDir(), 'nice.mjs');
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, { main: number; threads: number[] }>;
    const { main, threads } = out.true!;
    expect(threads.filter((n) => n === Math.min(19, main + BACKGROUND_NICENESS))).toHaveLength(2);
    expect(out.false!.threads.every((n) => n === out.false!.main)).toBe(true);
  });
});
