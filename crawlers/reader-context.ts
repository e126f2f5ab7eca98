import type { Problem } from '../db/types.js';

/** What a reader needs from whoever runs it: where to report, what to count, the limits. */
export interface ReaderContext {
  /** A problem with the input: counted and stored with its location; the reader goes on. */
  problem(problem: Problem): void;
  /** A record read and deliberately not turned into a document (a request record, an image...). */
  skip(reason: string): void;
  /** Bytes of the input file consumed so far, for progress displays. */
  progress?(bytesRead: number): void;
  /** Records whose payload is larger than this are reported and skipped unread. */
  maxRecordBytes: number;
  /** JSONL and Parquet: which fields hold the text, the id and the URL. @default DEFAULT_FIELDS */
  fields?: RecordFields;
}

/** The field names of a JSONL / Parquet record that hold what a document needs. */
export interface RecordFields {
  text: string;
  id: string;
  url: string;
}

/** The dolma / datatrove names. */
export const DEFAULT_FIELDS: RecordFields = { text: 'text', id: 'id', url: 'url' };

/** 10 MB: larger payloads are almost never text pages, and reading them would blow the memory budget. */
export const DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024;

/** A ReaderContext that collects into arrays: for tests and library callers who want everything. */
export function collectingContext(maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): ReaderContext & {
  problems: Problem[];
  skipped: Record<string, number>;
} {
  const problems: Problem[] = [];
  const skipped: Record<string, number> = {};
  return {
    problems,
    skipped,
    maxRecordBytes,
    problem: (p) => problems.push(p),
    skip: (reason) => {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    },
  };
}
