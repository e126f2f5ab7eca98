import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type FileMetaData } from 'hyparquet';
import type { Doc } from '../db/types.js';
import { recordToDoc, type Json } from './jsonl-reader.js';
import { DEFAULT_FIELDS, type ReaderContext } from './reader-context.js';

/**
 * Reads Parquet in the dolma / datatrove layout (what `corpus-audit export` writes, and the shards
 * of Hugging Face text datasets): `text` required; `id`, `url`, `added` / `created` and `metadata`
 * kept, as for JSONL. One row group is held at a time; a row group that does not decode is reported
 * with its rows and the next one is read. Rows are numbered from 1 (`line` in the provenance).
 */
export async function* readParquet(path: string, ctx: ReaderContext): AsyncIterable<Doc> {
  const problem = (code: string, message: string): void => {
    ctx.problem({ code, message, path, offset: 0 });
  };
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    problem('bad_parquet', `not a readable Parquet file: ${(err as Error).message}`);
    return;
  }
  const textField = (ctx.fields ?? DEFAULT_FIELDS).text;
  if (!metadata.schema.some((column) => column.name === textField)) {
    const columns = metadata.schema
      .slice(1)
      .map((c) => c.name)
      .slice(0, 12)
      .join(', ');
    problem(
      'missing_text',
      `the Parquet file has no "${textField}" column (it has: ${columns}); nothing read: name the text column with --text-field`,
    );
    return;
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    let objects: Json[];
    try {
      objects = (await parquetReadObjects({ file, metadata, rowStart, rowEnd: rowStart + rows })) as Json[];
    } catch (err) {
      ctx.problem({
        code: 'bad_parquet',
        message: `rows ${rowStart + 1}-${rowStart + rows} do not decode (${(err as Error).message}); skipped`,
        path,
        line: rowStart + 1,
      });
      rowStart += rows;
      continue;
    }
    for (const [i, row] of objects.entries()) {
      const text = row[textField];
      if (typeof text === 'string' && Buffer.byteLength(text) > ctx.maxRecordBytes) {
        ctx.problem({
          code: 'record_too_large',
          message: `row ${rowStart + i + 1} has ${Buffer.byteLength(text)} bytes of text, over the ${ctx.maxRecordBytes}-byte record limit; skipped`,
          path,
          line: rowStart + i + 1,
        });
        continue;
      }
      const doc = recordToDoc(row, rowStart + i + 1, path, ctx, 'parquet');
      if (doc) yield doc;
    }
    rowStart += rows;
    ctx.progress?.(Math.round((file.byteLength * rowStart) / Math.max(Number(metadata.num_rows), 1)));
  }
}
