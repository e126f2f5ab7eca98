import type { StoredDoc } from './store.js';
import type { RunInfo } from './types.js';

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
