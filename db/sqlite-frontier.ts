import type Database from 'better-sqlite3';
import type { FrontierEntry, Problem } from './types.js';

/** The crawl frontier and the problems table of the SQLite Store, as functions of its connection. */

export function frontierReset(db: Database.Database): void {
  db.prepare('DELETE FROM crawl_frontier').run();
}

export function frontierAdd(db: Database.Database, entries: readonly FrontierEntry[]): void {
  const insert = db.prepare(
    `INSERT INTO crawl_frontier (url, depth, chain, render, done) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT(url) DO UPDATE SET render = MAX(render, excluded.render)`,
  );
  db.transaction(() => {
    for (const e of entries) insert.run(e.url, e.depth, JSON.stringify(e.chain), e.render ? 1 : 0);
  })();
}

export function frontierDone(db: Database.Database, urls: readonly string[]): void {
  const update = db.prepare('UPDATE crawl_frontier SET done = 1 WHERE url = ?');
  db.transaction(() => {
    for (const url of urls) update.run(url);
  })();
}

export function frontierLoad(db: Database.Database): { pending: FrontierEntry[]; done: string[] } {
  const rows = db.prepare('SELECT * FROM crawl_frontier').all() as {
    url: string;
    depth: number;
    chain: string;
    render: number;
    done: number;
  }[];
  const pending: FrontierEntry[] = [];
  const done: string[] = [];
  for (const r of rows) {
    if (r.done) done.push(r.url);
    else
      pending.push({
        url: r.url,
        depth: r.depth,
        chain: JSON.parse(r.chain) as string[],
        render: r.render === 1,
      });
  }
  return { pending, done };
}

export function addProblems(db: Database.Database, runId: number, problems: readonly Problem[]): void {
  const insert = db.prepare(
    'INSERT INTO problems (run_id, code, message, path, offset, line) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const p of problems)
      insert.run(runId, p.code, p.message, p.path ?? null, p.offset ?? null, p.line ?? null);
  })();
}

export function listProblems(db: Database.Database, runId?: number): (Problem & { runId: number })[] {
  const rows = (
    runId === undefined
      ? db.prepare('SELECT * FROM problems ORDER BY id').all()
      : db.prepare('SELECT * FROM problems WHERE run_id = ? ORDER BY id').all(runId)
  ) as {
    run_id: number;
    code: string;
    message: string;
    path: string | null;
    offset: number | null;
    line: number | null;
  }[];
  return rows.map((r) => ({
    runId: r.run_id,
    code: r.code,
    message: r.message,
    ...(r.path !== null && { path: r.path }),
    ...(r.offset !== null && { offset: r.offset }),
    ...(r.line !== null && { line: r.line }),
  }));
}
