import type Database from 'better-sqlite3';
import { NO_HOST } from './host.js';
import type { CorpusTotals, DomainRow, DupSummary, LanguageRow } from './types.js';

// The corpus tables of `stats` and the report, as SQLite computes them (SqliteStore delegates here).

export function sqliteTotals(db: Database.Database): CorpusTotals {
  return db
    .prepare(
      // The document sums in one pass over the table (one subquery each read it twice: 0.4 against
      // 0.8 s at 100,000 pages).
      `SELECT d.docs, d.sentences, d.bytes, (SELECT COUNT(*) FROM sources) AS sources,
      (SELECT COUNT(*) FROM runs) AS runs, (SELECT COUNT(*) FROM problems) AS problems
      FROM (SELECT COUNT(*) AS docs, COALESCE(SUM(n_sentences), 0) AS sentences, COALESCE(SUM(bytes), 0) AS bytes
        FROM docs) d`,
    )
    .get() as CorpusTotals;
}

export function sqliteLanguageStats(db: Database.Database): LanguageRow[] {
  return db
    .prepare(
      `WITH d AS (SELECT lang, COUNT(*) AS docs, SUM(n_sentences) AS sentences, SUM(bytes) AS bytes FROM docs GROUP BY lang),
      s AS (SELECT lang, COUNT(*) AS tagged FROM sentences GROUP BY lang)
      SELECT d.lang, d.docs, d.sentences, d.bytes, COALESCE(s.tagged, 0) AS sentencesTagged
      FROM d LEFT JOIN s ON s.lang = d.lang
      ORDER BY docs DESC, sentencesTagged DESC, d.lang`,
    )
    .all() as LanguageRow[];
}

export function sqliteDomainStats(db: Database.Database): DomainRow[] {
  // One pass over the documents by host and language, rolled up per host here: a query per host
  // for its languages scanned the whole table each time (3.9 of 7.3 s of `stats` at 100,000 pages).
  const rows = db
    .prepare(
      `SELECT host, lang, COUNT(*) AS docs, SUM(n_sentences) AS sentences, SUM(bytes) AS bytes,
      SUM(EXISTS (SELECT 1 FROM dup_clusters c WHERE c.kind = 'exact' AND c.doc_id = docs.id AND c.cluster_id <> docs.id)) AS exactDuplicates,
      SUM(EXISTS (SELECT 1 FROM dup_clusters c WHERE c.kind = 'near' AND c.doc_id = docs.id AND c.cluster_id <> docs.id)) AS nearDuplicates
      FROM docs GROUP BY host, lang`,
    )
    .all() as (Omit<DomainRow, 'languages' | 'host'> & { host: string | null; lang: string })[];
  const hosts = new Map<string | null, DomainRow & { raw: string | null }>();
  for (const r of rows) {
    let d = hosts.get(r.host);
    if (!d) {
      d = {
        raw: r.host,
        host: r.host ?? NO_HOST,
        docs: 0,
        sentences: 0,
        bytes: 0,
        exactDuplicates: 0,
        nearDuplicates: 0,
        languages: [],
      };
      hosts.set(r.host, d);
    }
    d.docs += r.docs;
    d.sentences += r.sentences;
    d.bytes += r.bytes;
    d.exactDuplicates += r.exactDuplicates;
    d.nearDuplicates += r.nearDuplicates;
    d.languages.push({ lang: r.lang, docs: r.docs });
  }
  // SQLite's order: most documents first, then by host (no host first), languages likewise.
  const byName = (a: string | null, b: string | null): number =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
  return [...hosts.values()]
    .sort((a, b) => b.docs - a.docs || byName(a.raw, b.raw))
    .map(({ raw: _raw, ...d }) => ({
      ...d,
      languages: d.languages.sort((a, b) => b.docs - a.docs || byName(a.lang, b.lang)).slice(0, 5),
    }));
}

export function sqliteDupSummary(db: Database.Database): DupSummary[] {
  return (['exact', 'near'] as const).map((kind) => {
    const row = db
      .prepare(
        'SELECT COUNT(DISTINCT cluster_id) AS clusters, COUNT(*) AS docsInClusters FROM dup_clusters WHERE kind = ?',
      )
      .get(kind) as { clusters: number; docsInClusters: number };
    return { kind, ...row, redundantDocs: row.docsInClusters - row.clusters };
  });
}
