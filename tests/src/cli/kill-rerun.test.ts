import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeSyntheticWarc } from '../../../bench/synthetic-warc.js';
import { cliProcess } from '../../helpers/cli-process.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const cli = cliProcess;

function count(path: string, sql: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** Waits until `ready()`, then kills the child with SIGKILL; fails if it ended first. */
async function killWhen(run: ReturnType<typeof cli>, ready: () => boolean): Promise<void> {
  while (!ready()) {
    if (run.child.exitCode !== null) throw new Error('the command ended before it could be killed');
    await new Promise((r) => setTimeout(r, 20));
  }
  run.child.kill('SIGKILL');
  expect(await run.done).toBeNull();
}

/** A value rounded so that a different batch composition (padding) cannot tell two runs apart. */
const round = (v: unknown): unknown => (typeof v === 'number' ? Math.round(v * 1e5) / 1e5 : v);

/** Everything `score` stores, comparably: scores, evidence, which model scored what, verdicts. */
function scoreSnapshot(path: string) {
  const db = new Database(path, { readonly: true });
  const rows = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
  const snapshot = {
    scores: rows('SELECT doc_id, detector, name, value FROM scores ORDER BY doc_id, detector, name').map(
      (r) => ({
        ...r,
        value: round(r.value),
      }),
    ),
    evidence: rows(
      'SELECT doc_id, detector, code, detail FROM evidence ORDER BY doc_id, detector, code, detail',
    ),
    scored: rows('SELECT detector, doc_id, digest FROM scored_docs ORDER BY detector, doc_id'),
    verdicts: rows('SELECT doc_id, label, fpr_level, probs FROM verdicts ORDER BY doc_id').map((r) => ({
      ...r,
      probs: Object.fromEntries(
        Object.entries(JSON.parse(r.probs as string) as object).map(([k, v]) => [k, round(v)]),
      ),
    })),
  };
  db.close();
  return snapshot;
}

async function ingested(warcBytes: number): Promise<{ dir: string; db: string; pages: number }> {
  const dir = tempDir();
  const warc = join(dir, 'pages.warc.gz');
  const pages = await writeSyntheticWarc(warc, warcBytes, 11);
  const db = join(dir, 'ingested.sqlite');
  expect(await cli(['ingest', warc, '--db', db]).done).toBe(0);
  return { dir, db, pages };
}

describe('kill -9 during a long command, then the same command again', () => {
  it('score: the same scores and verdicts as an uninterrupted run', async () => {
    const { dir, db, pages } = await ingested(1_600_000);
    expect(pages).toBeGreaterThan(100);
    const reference = join(dir, 'reference.sqlite');
    const killed = join(dir, 'killed.sqlite');
    copyFileSync(db, reference);
    copyFileSync(db, killed);
    const args = ['score', '--batch-docs', '8', '--workers', '1'];
    expect(await cli([...args, '--db', reference]).done).toBe(0);
    const expected = scoreSnapshot(reference);
    expect(expected.verdicts.length).toBeGreaterThan(100);

    const first = cli([...args, '--db', killed]);
    // Killed once a few batches of pages are scored, well before the verdicts.
    await killWhen(first, () => count(killed, 'SELECT COUNT(*) AS n FROM scored_docs') >= 16);
    expect(count(killed, 'SELECT COUNT(*) AS n FROM scored_docs')).toBeLessThan(expected.scored.length);
    expect(await cli([...args, '--db', killed]).done).toBe(0);
    expect(scoreSnapshot(killed)).toEqual(expected);
  }, 600_000);

  it('export: no partial file under the final names, and the same files as an uninterrupted run', async () => {
    const { dir, db } = await ingested(4_000_000);
    const out = join(dir, 'out');
    const reference = join(dir, 'ref');
    const args = (folder: string) => ['export', '--out', join(folder, 'clean.jsonl'), '--db', db];
    mkdirSync(out);
    mkdirSync(reference);
    expect(await cli(args(reference)).done).toBe(0);

    const first = cli(args(out));
    await killWhen(first, () => readdirSync(out).some((f) => f.endsWith('.partial')));
    // Killed mid-write: nothing under the final names.
    expect(readdirSync(out).filter((f) => !f.endsWith('.partial'))).toEqual([]);
    expect(await cli(args(out)).done).toBe(0);
    for (const f of ['clean.jsonl', 'clean.rejected.jsonl']) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(reference, f))), f).toBe(true);
    }
    expect(readdirSync(out).sort()).toEqual(['clean.jsonl', 'clean.rejected.jsonl']);
  }, 600_000);
});
