import type Database from 'better-sqlite3';
import type { DetectionTables, TranslationData } from './store.js';
import type {
  DocLink,
  DocScore,
  Evidence,
  SentenceTuple,
  TupleInfo,
  TupleSizeCount,
  Verdict,
  VerdictLabel,
} from './types.js';

interface VerdictRow {
  doc_id: string;
  label: string;
  fpr_level: number | null;
  probs: string;
  reasons: string;
  calibration: string;
  thresholds: string;
  /** Absent before migration 10, NULL for verdicts stored before it. */
  detectors?: string | null;
  /** Absent before migration 11, NULL for verdicts stored before it. */
  reference?: string | null;
}

function toVerdict(row: VerdictRow): Verdict {
  return {
    docId: row.doc_id,
    label: row.label as VerdictLabel,
    fprLevel: row.fpr_level,
    probs: JSON.parse(row.probs) as Verdict['probs'],
    reasons: JSON.parse(row.reasons) as Verdict['reasons'],
    calibration: row.calibration,
    thresholds: JSON.parse(row.thresholds) as Verdict['thresholds'],
    ...(row.detectors != null && { detectors: JSON.parse(row.detectors) as string[] }),
    ...(row.reference != null && {
      reference: JSON.parse(row.reference) as NonNullable<Verdict['reference']>,
    }),
  };
}

interface LinkRow {
  doc_a: string;
  doc_b: string;
  via: string;
  quality: number;
  links: number;
}

function toLink(row: LinkRow): DocLink {
  return {
    docA: row.doc_a,
    docB: row.doc_b,
    via: row.via.split(','),
    quality: row.quality,
    links: row.links,
  };
}

/**
 * The detector tables of the SQLite Store (translation links and tuples, scores, evidence), kept
 * apart from the document tables so each file stays about one thing. SqliteStore delegates here.
 */
export class SqliteDetections implements DetectionTables {
  /**
   * Statements of the per-page lookups, prepared once: a report or an export asks for every page's
   * scores, evidence and verdict, and preparing them anew each time cost more than running them
   * (4.9 of 43 s of `report` at 100,000 pages).
   */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** The prepared statement for `sql` (only for `get`, `all` and `run`: one iteration at a time). */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  replaceTranslations(data: TranslationData): void {
    const link = this.db.prepare(
      'INSERT INTO doc_links (doc_a, doc_b, via, quality, links) VALUES (?, ?, ?, ?, ?)',
    );
    const tuple = this.db.prepare('INSERT INTO tuples (id, size, languages) VALUES (?, ?, ?)');
    const sentence = this.db.prepare(
      'INSERT INTO sentence_tuples (doc_id, idx, tuple_id, size) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      // Bulk load: secondary indexes are dropped and rebuilt after the rows are in (one sort),
      // rather than updated row by row in random order, which grows worse than linearly.
      this.db.exec(`DELETE FROM doc_links; DELETE FROM tuples; DELETE FROM sentence_tuples;
        DROP INDEX IF EXISTS doc_links_b; DROP INDEX IF EXISTS sentence_tuples_tuple;`);
      for (const l of data.links) link.run(l.docA, l.docB, l.via.join(','), l.quality, l.links);
      for (const t of data.tuples) tuple.run(t.id, t.size, t.languages.join(','));
      for (const s of data.sentences) sentence.run(s.docId, s.idx, s.tupleId, s.size);
      this.db.exec(`CREATE INDEX doc_links_b ON doc_links(doc_b);
        CREATE INDEX sentence_tuples_tuple ON sentence_tuples(tuple_id);`);
    })();
  }

  docLinks(docId: string): DocLink[] {
    const rows = this.statement(
      `SELECT * FROM doc_links WHERE doc_a = ? UNION ALL SELECT * FROM doc_links WHERE doc_b = ?
        ORDER BY quality DESC, doc_a, doc_b`,
    ).all(docId, docId) as LinkRow[];
    return rows.map(toLink);
  }

  sentenceTuples(docId: string): SentenceTuple[] {
    return this.statement(
      `SELECT doc_id AS docId, idx, tuple_id AS tupleId, size FROM sentence_tuples
        WHERE doc_id = ? ORDER BY idx`,
    ).all(docId) as SentenceTuple[];
  }

  getTuple(id: number): TupleInfo | undefined {
    const row = this.statement('SELECT id, size, languages FROM tuples WHERE id = ?').get(id) as
      { id: number; size: number; languages: string } | undefined;
    return row && { id: row.id, size: row.size, languages: row.languages.split(',') };
  }

  tupleMembers(id: number): { docId: string; idx: number }[] {
    return this.statement(
      'SELECT doc_id AS docId, idx FROM sentence_tuples WHERE tuple_id = ? ORDER BY doc_id, idx',
    ).all(id) as { docId: string; idx: number }[];
  }

  tupleSizeCounts(): TupleSizeCount[] {
    // A sentence counts under its document's language, as the translation detector sees it.
    return this.db
      .prepare(
        `SELECT d.lang AS lang, COALESCE(t.size, 1) AS size,
          COUNT(*) AS sentences, SUM(s."end" - s.start) AS chars
        FROM sentences s JOIN docs d ON d.id = s.doc_id
        LEFT JOIN sentence_tuples t ON t.doc_id = s.doc_id AND t.idx = s.idx
        GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all() as TupleSizeCount[];
  }

  replaceScores(detector: string, scores: Iterable<DocScore>, evidence: Iterable<Evidence> = []): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM scores WHERE detector = ?').run(detector);
      this.db.prepare('DELETE FROM evidence WHERE detector = ?').run(detector);
      this.insertScores(detector, scores, evidence);
    })();
  }

  /** Inserts one detector's rows, refusing rows labelled with another detector. */
  private insertScores(detector: string, scores: Iterable<DocScore>, evidence: Iterable<Evidence>): void {
    const score = this.db.prepare(
      'INSERT OR REPLACE INTO scores (doc_id, detector, name, value) VALUES (?, ?, ?, ?)',
    );
    const proof = this.db.prepare(
      'INSERT INTO evidence (doc_id, detector, code, detail) VALUES (?, ?, ?, ?)',
    );
    for (const s of scores) {
      if (s.detector !== detector) throw new Error(`score for detector ${s.detector} written as ${detector}`);
      score.run(s.docId, s.detector, s.name, s.value);
    }
    for (const e of evidence) {
      if (e.detector !== detector)
        throw new Error(`evidence of detector ${e.detector} written as ${detector}`);
      proof.run(e.docId, e.detector, e.code, e.detail);
    }
  }

  docScores(docId: string): DocScore[] {
    return this.statement(
      'SELECT doc_id AS docId, detector, name, value FROM scores WHERE doc_id = ? ORDER BY detector, name',
    ).all(docId) as DocScore[];
  }

  docEvidence(docId: string): Evidence[] {
    return this.statement(
      'SELECT doc_id AS docId, detector, code, detail FROM evidence WHERE doc_id = ? ORDER BY detector, id',
    ).all(docId) as Evidence[];
  }

  evidenceCounts(): { detector: string; code: string; docs: number }[] {
    return this.db
      .prepare(
        `SELECT detector, code, COUNT(DISTINCT doc_id) AS docs FROM evidence
        GROUP BY detector, code ORDER BY detector, docs DESC, code`,
      )
      .all() as { detector: string; code: string; docs: number }[];
  }

  putScoreBatch(
    detector: string,
    digest: string,
    docIds: readonly string[],
    scores: readonly DocScore[],
    evidence: readonly Evidence[] = [],
  ): void {
    const dropScores = this.db.prepare('DELETE FROM scores WHERE doc_id = ? AND detector = ?');
    const dropEvidence = this.db.prepare('DELETE FROM evidence WHERE doc_id = ? AND detector = ?');
    const mark = this.db.prepare(
      'INSERT OR REPLACE INTO scored_docs (detector, doc_id, digest) VALUES (?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const id of docIds) {
        dropScores.run(id, detector);
        dropEvidence.run(id, detector);
        mark.run(detector, id, digest);
      }
      this.insertScores(detector, scores, evidence);
    })();
  }

  scoredDocs(detector: string): Map<string, string> {
    const rows = this.db
      .prepare('SELECT doc_id AS docId, digest FROM scored_docs WHERE detector = ?')
      .all(detector) as { docId: string; digest: string }[];
    return new Map(rows.map((r) => [r.docId, r.digest]));
  }

  replaceVerdicts(verdicts: Iterable<Verdict>): void {
    const put = this.db.prepare(
      `INSERT INTO verdicts (doc_id, label, fpr_level, probs, reasons, calibration, thresholds, detectors, reference)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM verdicts').run();
      for (const v of verdicts) {
        put.run(
          v.docId,
          v.label,
          v.fprLevel,
          JSON.stringify(v.probs),
          JSON.stringify(v.reasons),
          v.calibration,
          JSON.stringify(v.thresholds),
          v.detectors === undefined ? null : JSON.stringify(v.detectors),
          v.reference === undefined ? null : JSON.stringify(v.reference),
        );
      }
    })();
  }

  getVerdict(docId: string): Verdict | undefined {
    const row = this.statement('SELECT * FROM verdicts WHERE doc_id = ?').get(docId) as
      VerdictRow | undefined;
    return row && toVerdict(row);
  }

  verdictCounts(): { label: string; fprLevel: number | null; docs: number }[] {
    return this.db
      .prepare(
        `SELECT label, fpr_level AS fprLevel, COUNT(*) AS docs FROM verdicts
        GROUP BY label, fpr_level ORDER BY label, fpr_level`,
      )
      .all() as { label: string; fprLevel: number | null; docs: number }[];
  }
}
