import type { Doc } from '../db/types.js';
import { readArc } from './arc-reader.js';
import { readPlainFile } from './file-reader.js';
import { readJsonl } from './jsonl-reader.js';
import { readParquet } from './parquet-reader.js';
import type { ReaderContext } from './reader-context.js';
import { sniffFile, type Sniffed } from './sniff.js';
import { readWarc } from './warc-reader.js';

export interface InputFile {
  /** The local file read (for a remote input, empty until `fetchInput` saved it). */
  path: string;
  /** Bytes; 0 for a remote input not yet fetched. */
  size: number;
  mtimeMs: number;
  /**
   * What provenance, problems and the run history call the input when it is not `path`: its URL,
   * or `-` for standard input.
   */
  name?: string;
  /** An `http(s)` URL to fetch (`fetchInput`) before reading. */
  url?: string;
  /** `path` is a copy saved for reading, deleted afterwards (`discardInput`). */
  temporary?: boolean;
}

/** The input's name in provenance and problems: its URL, `-`, or its path. */
export function inputName(file: InputFile): string {
  return file.name ?? file.path;
}

/**
 * Reads any supported file as Docs, choosing the reader by the file's bytes, not its name. A name
 * that disagrees with the content is reported (`format_mismatch`) and the content wins; a file that
 * is empty or of no known format is reported and yields nothing.
 */
export async function* readInput(file: InputFile, ctx: ReaderContext, sniffed?: Sniffed): AsyncIterable<Doc> {
  if (file.url && !file.path) throw new Error(`${file.url} is remote: fetch it first (fetchInput)`);
  const name = inputName(file);
  if (name === file.path) {
    yield* readLocal(file, ctx, sniffed);
    return;
  }
  // A copy (of a URL, of standard input): the records are told by the input's name, not the copy's.
  const renamed: ReaderContext = {
    ...ctx,
    problem: (p) => {
      ctx.problem(p.path === file.path ? { ...p, path: name } : p);
    },
  };
  for await (const doc of readLocal(file, renamed, sniffed)) {
    if (doc.provenance.path === file.path) doc.provenance.path = name;
    yield doc;
  }
}

async function* readLocal(file: InputFile, ctx: ReaderContext, sniffed?: Sniffed): AsyncIterable<Doc> {
  const s = sniffed ?? (await sniffFile(file.path));
  const { path } = file;
  if (s.format === 'empty') {
    ctx.problem({ code: 'empty_file', message: 'file is empty', path, offset: 0 });
    return;
  }
  if (s.format === 'paths') {
    ctx.problem({
      code: 'paths_list',
      message:
        "a list of archive paths (like Common Crawl's warc.paths.gz), not documents; give it to ingest by name (it is expanded against --base-url) to read the archives it lists",
      path,
      offset: 0,
    });
    return;
  }
  if (s.format === 'unknown') {
    ctx.problem({
      code: 'unknown_format',
      message: `not WARC, ARC, JSONL, Parquet, HTML or text${s.gzipped ? ' (inside gzip)' : ''}; skipped`,
      path,
      offset: 0,
    });
    return;
  }
  const mismatch = (s.named && s.named !== s.format) || (s.named && s.namedGzip !== s.gzipped);
  if (mismatch) {
    ctx.problem({
      code: 'format_mismatch',
      message: `name says ${s.named}${s.namedGzip ? '.gz' : ''} but content is ${s.format}${s.gzipped ? ' (gzip)' : ''}; read as content`,
      path,
      offset: 0,
    });
  }
  switch (s.format) {
    case 'warc':
      yield* readWarc(path, file.size, ctx, s.gzipped);
      return;
    case 'arc':
      yield* readArc(path, file.size, ctx, s.gzipped);
      return;
    case 'jsonl':
      yield* readJsonl(path, s.gzipped, ctx);
      return;
    case 'parquet':
      if (s.gzipped) {
        ctx.problem({
          code: 'unknown_format',
          message: 'gzipped Parquet: Parquet compresses its own pages; gunzip it first',
          path,
          offset: 0,
        });
        return;
      }
      yield* readParquet(path, ctx);
      return;
    case 'html':
    case 'text':
      if (!s.gzipped && file.size > ctx.maxRecordBytes) {
        ctx.problem({
          code: 'record_too_large',
          message: `file of ${file.size} bytes exceeds the ${ctx.maxRecordBytes}-byte record limit; skipped unread`,
          path,
          offset: 0,
        });
        return;
      }
      yield* readPlainFile(path, s.format, file.mtimeMs, ctx, s.gzipped, inputName(file));
      return;
  }
}
