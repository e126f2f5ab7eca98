import type { StoredDoc } from './store.js';
import { hostOf, utf8Length } from './host.js';
import type { Doc, RunInfo } from './types.js';

/** The columns `iterTexts` selects. */
export interface TextRow {
  id: string;
  url: string | null;
  lang: string;
  /** Null when `features` came instead. */
  text: string | null;
  /** Stored translation features in the format asked for, or null. */
  features: Buffer | null;
  canonical: string | null;
  /** JSON of the page's alternates ({ hreflang, href }[]), or null. */
  alternates: string | null;
}

/** A `docs` row as SQLite returns it. */
export interface DocRow {
  id: string;
  url: string | null;
  title: string | null;
  text: string;
  text_hash: string;
  lang: string;
  lang_score: number;
  /** JSON of the LangGuess fields beside code and score, or null. */
  lang_detail: string | null;
  source_kind: string;
  source_path: string | null;
  record_offset: number | null;
  record_length: number | null;
  record_id: string | null;
  line: number | null;
  fetch_time: string | null;
  http_status: number | null;
  http_headers: string | null;
  content_digest: string;
  archive_digest: string | null;
  crawler: string | null;
  charset: string | null;
  page: string | null;
  metadata: string | null;
  run_id: number;
}

export interface RunRow {
  id: number;
  command: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  config: string;
  code_version: string;
  stats: string;
  problem_count: number;
}

interface SentenceRow {
  start: number;
  end: number;
  lang: string;
  score: number;
}

function parse(json: string | null): unknown {
  return json === null ? undefined : JSON.parse(json);
}

/** Copies only the fields that are set, so a stored doc compares equal to the one written. */
function defined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null));
}

/** A stored document from its row and its sentence rows (none: the document without `sentences`). */
export function rowToDoc(row: DocRow, sentences?: SentenceRow[]): StoredDoc {
  return defined({
    id: row.id,
    url: row.url ?? undefined,
    title: row.title ?? undefined,
    text: row.text,
    textHash: row.text_hash,
    lang: { code: row.lang, score: row.lang_score, ...(parse(row.lang_detail) as object | undefined) },
    sentences: sentences?.map((s) => ({
      start: s.start,
      end: s.end,
      lang: { code: s.lang, score: s.score },
    })),
    provenance: defined({
      sourceKind: row.source_kind,
      path: row.source_path ?? undefined,
      recordOffset: row.record_offset ?? undefined,
      recordLength: row.record_length ?? undefined,
      recordId: row.record_id ?? undefined,
      line: row.line ?? undefined,
      fetchTime: row.fetch_time ?? undefined,
      httpStatus: row.http_status ?? undefined,
      httpHeaders: parse(row.http_headers),
      contentDigest: row.content_digest,
      archiveDigest: row.archive_digest ?? undefined,
      crawler: row.crawler ?? undefined,
    }),
    charset: parse(row.charset),
    page: parse(row.page),
    metadata: parse(row.metadata),
    runId: row.run_id,
  }) as StoredDoc;
}

export function rowToRun(row: RunRow): RunInfo {
  return {
    id: row.id,
    command: row.command,
    startedAt: row.started_at,
    ...(row.finished_at !== null && { finishedAt: row.finished_at }),
    status: row.status as RunInfo['status'],
    config: JSON.parse(row.config) as Record<string, unknown>,
    codeVersion: row.code_version,
    stats: JSON.parse(row.stats) as RunInfo['stats'],
    problemCount: row.problem_count,
  };
}

/** A Doc as the named parameters of the `docs` insert. */
export function docParams(doc: Doc, runId: number): Record<string, unknown> {
  const p = doc.provenance;
  const { code, score, ...detail } = doc.lang ?? { code: 'und', score: 0 };
  return {
    id: doc.id,
    url: doc.url ?? null,
    host: hostOf(doc.url) ?? null,
    title: doc.title ?? null,
    text: doc.text,
    text_hash: doc.textHash ?? '',
    bytes: utf8Length(doc.text),
    lang: code,
    lang_score: score,
    lang_detail: Object.keys(detail).length > 0 ? JSON.stringify(detail) : null,
    n_sentences: doc.sentences?.length ?? 0,
    source_kind: p.sourceKind,
    source_path: p.path ?? null,
    record_offset: p.recordOffset ?? null,
    record_length: p.recordLength ?? null,
    record_id: p.recordId ?? null,
    line: p.line ?? null,
    fetch_time: p.fetchTime ?? null,
    http_status: p.httpStatus ?? null,
    http_headers: p.httpHeaders ? JSON.stringify(p.httpHeaders) : null,
    content_digest: p.contentDigest,
    archive_digest: p.archiveDigest ?? null,
    crawler: p.crawler ?? null,
    charset: doc.charset ? JSON.stringify(doc.charset) : null,
    page: doc.page ? JSON.stringify(doc.page) : null,
    metadata: doc.metadata ? JSON.stringify(doc.metadata) : null,
    minhash: doc.minhash
      ? Buffer.from(doc.minhash.buffer, doc.minhash.byteOffset, doc.minhash.byteLength)
      : null,
    mwp_features: doc.mwpFeatures
      ? Buffer.from(doc.mwpFeatures.buffer, doc.mwpFeatures.byteOffset, doc.mwpFeatures.byteLength)
      : null,
    run_id: runId,
  };
}
