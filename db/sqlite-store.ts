import Database from 'better-sqlite3';
import { openAuditDatabase } from './open-database.js';
import { SqliteDetections } from './sqlite-detections.js';
import { docParams, rowToDoc, rowToRun, type DocRow, type RunRow, type TextRow } from './sqlite-rows.js';
import {
  addProblems,
  frontierAdd,
  frontierDone,
  frontierLoad,
  frontierReset,
  listProblems,
} from './sqlite-frontier.js';
import { sqliteDomainStats, sqliteDupSummary, sqliteLanguageStats, sqliteTotals } from './sqlite-stats.js';
import type {
  DocText,
  IterDocsOptions,
  IterTextsOptions,
  PutResult,
  RunEnd,
  RunStart,
  Store,
  StoredDoc,
} from './store.js';
import type {
  FrontierEntry,
  CorpusTotals,
  Doc,
  DomainRow,
  DupKind,
  DupMembership,
  DupSummary,
  LanguageRow,
  PageInfo,
  Problem,
  RunInfo,
  SourceFile,
} from './types.js';

export interface SqliteStoreOptions {
  /** Open an existing database only; do not create one. @default false */
  readonly?: boolean;
}

/** The columns of `docs` that make a StoredDoc (`DocRow`). */
const DOC_COLUMNS = `id, url, title, text, text_hash, lang, lang_score, lang_detail, source_kind, source_path, record_offset,
  record_length, record_id, line, fetch_time, http_status, http_headers, content_digest, archive_digest,
  crawler, charset, page, metadata, run_id`;

/**
 * The SQLite Store: WAL journal (readers never block the writer), migrations on open, and one
 * transaction per `putDocs` batch so a crash loses at most the batch in flight.
 */
export class SqliteStore implements Store {
  readonly path: string;
  private readonly readonly: boolean;
  private readonly db: Database.Database;
  /** Prepared on first write, like `insertBandStatement`. */
  private insertDocStatement: Database.Statement | undefined;
  private readonly insertSentence: Database.Statement;
  /** Prepared on first write: a read-only Store may open a database from before lsh_pending. */
  private insertBandStatement: Database.Statement | undefined;
  private readonly upsertSource: Database.Statement;
  /** Statements run once per document are prepared once. */
  private readonly selectHas: Database.Statement;
  private readonly selectDoc: Database.Statement;
  private readonly selectSentences: Database.Statement;
  private readonly selectMinhash: Database.Statement;
  readonly detections: SqliteDetections;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.readonly = options.readonly ?? false;
    this.db = openAuditDatabase(path, this.readonly);
    this.detections = new SqliteDetections(this.db);
    this.insertSentence = this.db.prepare(
      'INSERT OR IGNORE INTO sentences (doc_id, idx, start, end, lang, score) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.upsertSource = this.db.prepare(`INSERT INTO sources (path, size, mtime_ms, format, status, docs,
      problems, run_id) VALUES (@path, @size, @mtimeMs, @format, @status, @docs, @problems, @runId)
      ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
      format = excluded.format, status = excluded.status, docs = excluded.docs,
      problems = excluded.problems, run_id = excluded.run_id`);
    this.selectHas = this.db.prepare('SELECT 1 FROM docs WHERE id = ?');
    this.selectMinhash = this.db.prepare('SELECT minhash FROM docs WHERE id = ?');
    this.selectDoc = this.db.prepare(`SELECT ${this.docColumns()} FROM docs WHERE id = ?`);
    this.selectSentences = this.db.prepare(
      'SELECT start, end, lang, score FROM sentences WHERE doc_id = ? ORDER BY idx',
    );
  }

  private get insertDoc(): Database.Statement {
    return (this.insertDocStatement ??= this.db
      .prepare(`INSERT OR IGNORE INTO docs (id, url, host, title, text, text_hash, bytes,
      lang, lang_score, lang_detail, n_sentences, source_kind, source_path, record_offset, record_length, record_id, line,
      fetch_time, http_status, http_headers, content_digest, archive_digest, crawler, charset, page, metadata,
      minhash, mwp_features, run_id) VALUES (@id, @url, @host, @title, @text, @text_hash, @bytes, @lang,
      @lang_score, @lang_detail, @n_sentences, @source_kind, @source_path, @record_offset, @record_length, @record_id, @line,
      @fetch_time, @http_status, @http_headers, @content_digest, @archive_digest, @crawler, @charset, @page,
      @metadata, @minhash, @mwp_features, @run_id)`));
  }

  /** Schema version after migrations: how many of `MIGRATIONS` have been applied. */
  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  beginRun(run: RunStart): number {
    const result = this.db
      .prepare('INSERT INTO runs (command, started_at, status, config, code_version) VALUES (?, ?, ?, ?, ?)')
      .run(run.command, new Date().toISOString(), 'running', JSON.stringify(run.config), run.codeVersion);
    return Number(result.lastInsertRowid);
  }

  finishRun(runId: number, end: RunEnd): void {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?')
      .run(new Date().toISOString(), end.status, JSON.stringify(end.stats), runId);
  }

  getRun(runId: number): RunInfo | undefined {
    const row = this.db
      .prepare(
        'SELECT r.*, (SELECT COUNT(*) FROM problems p WHERE p.run_id = r.id) AS problem_count FROM runs r WHERE id = ?',
      )
      .get(runId) as RunRow | undefined;
    return row && rowToRun(row);
  }

  listRuns(): RunInfo[] {
    const rows = this.db
      .prepare(
        'SELECT r.*, (SELECT COUNT(*) FROM problems p WHERE p.run_id = r.id) AS problem_count FROM runs r ORDER BY id',
      )
      .all() as RunRow[];
    return rows.map(rowToRun);
  }

  putDocs(docs: readonly Doc[], runId: number, source?: SourceFile): PutResult {
    let inserted = 0;
    const existingIds: string[] = [];
    this.db.transaction(() => {
      for (const doc of docs) {
        const changes = this.insertDoc.run(docParams(doc, runId)).changes;
        if (changes === 0) {
          existingIds.push(doc.id);
          continue;
        }
        inserted++;
        const sentences = doc.sentences ?? [];
        for (let i = 0; i < sentences.length; i++) {
          const s = sentences[i]!;
          this.insertSentence.run(doc.id, i, s.start, s.end, s.lang.code, s.lang.score);
        }
        for (const key of doc.lshBands ?? []) this.insertBand.run(key, doc.id);
      }
      if (source) this.upsertSource.run(source);
    })();
    return { inserted, existingIds };
  }

  hasDoc(id: string): boolean {
    return this.selectHas.get(id) !== undefined;
  }

  docIdsByUrl(url: string): string[] {
    const rows = this.db.prepare('SELECT id FROM docs WHERE url = ? ORDER BY id').all(url) as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  }

  getDoc(id: string): StoredDoc | undefined {
    const row = this.selectDoc.get(id) as DocRow | undefined;
    return row && rowToDoc(row, this.sentencesOf(id));
  }

  private sentencesOf(id: string): { start: number; end: number; lang: string; score: number }[] {
    return this.selectSentences.all(id) as { start: number; end: number; lang: string; score: number }[];
  }

  *iterDocs(options: IterDocsOptions = {}): Iterable<StoredDoc> {
    const reader = this.readConnection();
    try {
      const sentences =
        options.sentences === false
          ? undefined
          : reader.prepare('SELECT start, end, lang, score FROM sentences WHERE doc_id = ? ORDER BY idx');
      // The columns a StoredDoc has: not the signatures and features (blobs nobody reads here).
      for (const row of reader
        .prepare(`SELECT ${this.docColumns()} FROM docs ORDER BY id`)
        .iterate() as IterableIterator<DocRow>) {
        yield rowToDoc(
          row,
          sentences?.all(row.id) as { start: number; end: number; lang: string; score: number }[] | undefined,
        );
      }
    } finally {
      if (reader !== this.db) reader.close();
    }
  }

  /**
   * A separate read connection for lazy iteration: better-sqlite3 refuses other statements on a
   * connection while one of its iterators is open. An in-memory database has only its own.
   */
  private readConnection(): Database.Database {
    return this.file === undefined ? this.db : new Database(this.file, { readonly: true });
  }

  /**
   * The database file, which other connections (worker threads) can open; undefined for an
   * in-memory database, which only this connection sees.
   */
  get file(): string | undefined {
    return this.path === ':memory:' ? undefined : this.path;
  }

  *iterPages(): Iterable<{ id: string; page: PageInfo }> {
    const reader = this.readConnection();
    try {
      const rows = reader.prepare('SELECT id, page FROM docs WHERE page IS NOT NULL ORDER BY id').iterate();
      for (const row of rows as IterableIterator<{ id: string; page: string }>) {
        yield { id: row.id, page: JSON.parse(row.page) as PageInfo };
      }
    } finally {
      if (reader !== this.db) reader.close();
    }
  }

  *iterTexts(options: IterTextsOptions = {}): Iterable<DocText> {
    const reader = this.readConnection();
    try {
      const sentences = reader.prepare('SELECT start, end FROM sentences WHERE doc_id = ? ORDER BY idx');
      // Stored features in the caller's format come instead of the text (a read-only Store may open
      // a database from before the column).
      const format =
        options.featuresFormat && this.schemaVersion >= 8 ? Buffer.from(options.featuresFormat) : null;
      const current = 'substr(mwp_features, 1, length(@format)) = @format';
      // SQLite picks the two page fields out of the page JSON (links and all) without JavaScript parsing it.
      const rows = reader
        .prepare(
          `SELECT id, url, lang, ${format ? `CASE WHEN ${current} THEN NULL ELSE text END` : 'text'} AS text,
             ${format ? `CASE WHEN ${current} THEN mwp_features END` : 'NULL'} AS features,
             json_extract(page, '$.canonical') AS canonical,
             json_extract(page, '$.alternates') AS alternates FROM docs ORDER BY id`,
        )
        .iterate(...(format ? [{ format }] : [])) as IterableIterator<TextRow>;
      for (const row of rows) {
        const base = {
          id: row.id,
          ...(row.url !== null && { url: row.url }),
          lang: { code: row.lang },
          ...(row.canonical !== null && { canonical: row.canonical }),
          alternates: row.alternates
            ? (JSON.parse(row.alternates) as { href: string }[]).map((a) => a.href)
            : [],
        };
        yield row.features !== null
          ? { ...base, features: row.features }
          : {
              ...base,
              text: row.text!,
              sentences: sentences.all(row.id) as { start: number; end: number }[],
            };
      }
    } finally {
      if (reader !== this.db) reader.close();
    }
  }

  countDocs(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n;
  }

  crawledUrls(): string[] {
    return (
      this.db.prepare("SELECT url FROM docs WHERE source_kind = 'crawl' AND url IS NOT NULL").all() as {
        url: string;
      }[]
    ).map((r) => r.url);
  }

  recordsEnd(path: string): number | undefined {
    const row = this.db
      .prepare('SELECT MAX(record_offset + record_length) AS end FROM docs WHERE source_path = ?')
      .get(path) as { end: number | null };
    return row.end ?? undefined;
  }

  frontierReset(): void {
    frontierReset(this.db);
  }

  frontierAdd(entries: readonly FrontierEntry[]): void {
    frontierAdd(this.db, entries);
  }

  frontierDone(urls: readonly string[]): void {
    frontierDone(this.db, urls);
  }

  frontierLoad(): { pending: FrontierEntry[]; done: string[] } {
    return frontierLoad(this.db);
  }

  addProblems(runId: number, problems: readonly Problem[]): void {
    addProblems(this.db, runId, problems);
  }

  listProblems(runId?: number): (Problem & { runId: number })[] {
    return listProblems(this.db, runId);
  }

  getSource(path: string): SourceFile | undefined {
    return this.db
      .prepare(
        'SELECT path, size, mtime_ms AS mtimeMs, format, status, docs, problems, run_id AS runId FROM sources WHERE path = ?',
      )
      .get(path) as SourceFile | undefined;
  }

  putSource(source: SourceFile): void {
    this.upsertSource.run(source);
  }

  /** Band keys are appended unindexed; `mergePendingBands` moves them into lsh_bands. */
  private get insertBand(): Database.Statement {
    return (this.insertBandStatement ??= this.db.prepare(
      'INSERT INTO lsh_pending (band_key, doc_id) VALUES (?, ?)',
    ));
  }

  /**
   * Moves the band keys appended since the last call into lsh_bands, sorted, so the index is
   * written page by page in order. A read-only Store cannot: it answers whether lsh_bands alone
   * holds every key (false: read both tables).
   */
  private mergePendingBands(): boolean {
    if (this.readonly) {
      const hasPending = this.db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lsh_pending'")
        .get();
      return !hasPending || this.db.prepare('SELECT 1 FROM lsh_pending LIMIT 1').get() === undefined;
    }
    this.db.transaction(() => {
      this.db.exec(`INSERT OR IGNORE INTO lsh_bands (band_key, doc_id)
        SELECT band_key, doc_id FROM lsh_pending ORDER BY band_key, doc_id;
        DELETE FROM lsh_pending;`);
    })();
    return true;
  }

  *duplicateGroups(by: 'text' | 'lsh'): Iterable<string[]> {
    const bands =
      by === 'lsh' && !this.mergePendingBands()
        ? '(SELECT band_key, doc_id FROM lsh_bands UNION SELECT band_key, doc_id FROM lsh_pending)'
        : 'lsh_bands';
    const sql =
      by === 'text'
        ? `SELECT group_concat(id, ' ') AS ids FROM docs WHERE text_hash <> '' GROUP BY text_hash
           HAVING COUNT(*) > 1 ORDER BY MIN(id)`
        : `SELECT group_concat(doc_id, ' ') AS ids FROM ${bands} GROUP BY band_key HAVING COUNT(*) > 1 ORDER BY band_key`;
    const reader = this.readConnection();
    try {
      for (const row of reader.prepare(sql).iterate() as IterableIterator<{ ids: string }>) {
        yield row.ids.split(' ').sort();
      }
    } finally {
      if (reader !== this.db) reader.close();
    }
  }

  getMinhashes(ids: readonly string[]): Map<string, Uint32Array> {
    const out = new Map<string, Uint32Array>();
    for (const id of ids) {
      const row = this.selectMinhash.get(id) as { minhash: Buffer | null } | undefined;
      // Copy: the Buffer belongs to better-sqlite3 and its byte offset need not be 4-aligned.
      if (row?.minhash) out.set(id, new Uint32Array(new Uint8Array(row.minhash).buffer));
    }
    return out;
  }

  replaceDupClusters(kind: DupKind, members: readonly DupMembership[]): void {
    const insert = this.db.prepare('INSERT INTO dup_clusters (kind, doc_id, cluster_id) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM dup_clusters WHERE kind = ?').run(kind);
      for (const m of members) insert.run(kind, m.docId, m.clusterId);
    })();
  }

  getDupClusters(kind: DupKind): DupMembership[] {
    return this.db
      .prepare(
        'SELECT doc_id AS docId, cluster_id AS clusterId FROM dup_clusters WHERE kind = ? ORDER BY doc_id',
      )
      .all(kind) as DupMembership[];
  }

  totals(): CorpusTotals {
    return sqliteTotals(this.db);
  }

  languageStats(): LanguageRow[] {
    return sqliteLanguageStats(this.db);
  }

  domainStats(): DomainRow[] {
    return sqliteDomainStats(this.db);
  }

  dupSummary(): DupSummary[] {
    return sqliteDupSummary(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** DOC_COLUMNS as this database has them: a read-only Store may open one from before `lang_detail` (migration 9). */
  private docColumns(): string {
    return this.schemaVersion >= 9 ? DOC_COLUMNS : DOC_COLUMNS.replace('lang_detail', 'NULL AS lang_detail');
  }
}
