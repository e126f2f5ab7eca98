import type { Doc } from '../db/types.js';
import { readArc } from './arc-reader.js';
import { readPlainFile } from './file-reader.js';
import { readJsonl } from './jsonl-reader.js';
import { readParquet } from './parquet-reader.js';
import type { ReaderContext } from './reader-context.js';
import { sniffFile, type Sniffed } from './sniff.js';
import { readWarc } from './warc-reader.js';

export interface InputFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Reads any supported file as Docs, choosing the reader by the file's bytes, not its name. A name
 * that disagrees with the content is reported (`format_mismatch`) and the content wins; a file that
 * is empty or of no known format is reported and yields nothing.
 */
export async function* readInput(file: InputFile, ctx: ReaderContext, sniffed?: Sniffed): AsyncIterable<Doc> {
  const s = sniffed ?? (await sniffFile(file.path));
  const { path } = file;
  if (s.format === 'empty') {
    ctx.problem({ code: 'empty_file', message: 'file is empty', path, offset: 0 });
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
      yield* readPlainFile(path, s.format, file.mtimeMs, ctx, s.gzipped);
      return;
  }
}
