import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { fileWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import type { DolmaRecord } from './dolma-record.js';
import { UserError } from '../../db/errors.js';

/**
 * Where exported records go. A sink writes to `<path>.partial` and renames it into place on
 * `close()`, so a crash or an interrupt never leaves a half-written file under the final name.
 */
export interface RecordSink {
  readonly path: string;
  write(record: DolmaRecord): Promise<void>;
  close(): Promise<void>;
  /** Removes the partial file (after an error). */
  abort(): void;
}

export type ExportFormat = 'jsonl' | 'parquet';

/**
 * The format a file name says: `.parquet` is Parquet; `.jsonl`, `.ndjson` or `.json`, each maybe
 * followed by `.gz` (then gzipped), is JSONL. Undefined for any other name (`out.csv`): writing
 * JSONL under it would hand the next tool a file that is not what its name says.
 */
export function formatOf(path: string): ExportFormat | undefined {
  if (/\.parquet$/i.test(path)) return 'parquet';
  if (/\.(?:jsonl|ndjson|json)(?:\.gz)?$/i.test(path)) return 'jsonl';
  return undefined;
}

/** `format`, or the one `path`'s name says; an error that says what to do when it says none. */
export function formatFor(path: string, format?: ExportFormat): ExportFormat {
  const named = format ?? formatOf(path);
  if (named === undefined) {
    throw new ExportFormatError(
      `cannot tell the format of ${path} from its name: end it in .jsonl, .jsonl.gz or .parquet, or give the format (--format jsonl|parquet)`,
    );
  }
  return named;
}

/** A file name that says no export format, and no format given. */
export class ExportFormatError extends UserError {
  override readonly name: string = 'ExportFormatError';
}

export function openSink(path: string, format: ExportFormat = formatFor(path)): RecordSink {
  mkdirSync(dirname(path), { recursive: true });
  return format === 'parquet' ? new ParquetSink(path) : new JsonlSink(path);
}

/** One JSON object per line; gzip when the path ends in `.gz`. Waits when the disk falls behind. */
class JsonlSink implements RecordSink {
  private readonly file: WriteStream;
  private readonly head: Gzip | WriteStream;
  private readonly partial: string;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.partial = `${path}.partial`;
    this.file = createWriteStream(this.partial);
    this.head = /\.gz$/i.test(path) ? createGzip() : this.file;
    if (this.head !== this.file) this.head.pipe(this.file);
    const fail = (err: Error): void => {
      this.failure ??= err;
    };
    this.file.on('error', fail);
    this.head.on('error', fail);
  }

  /** Throws the first error the streams reported (they report it asynchronously). */
  private check(): void {
    if (this.failure) throw this.failure;
  }

  async write(record: DolmaRecord): Promise<void> {
    this.check();
    if (!this.head.write(`${JSON.stringify(record)}\n`)) await once(this.head, 'drain');
  }

  async close(): Promise<void> {
    this.check();
    this.head.end();
    if (!this.file.closed) await once(this.file, 'close');
    this.check();
    renameSync(this.partial, this.path);
  }

  abort(): void {
    this.head.destroy();
    this.file.destroy();
    rmSync(this.partial, { force: true });
  }
}

/** Rows buffered before a Parquet row group is written. */
const ROW_GROUP = 2000;

/**
 * Parquet through hyparquet-writer: columns `id`, `text`, `source`, `added`, `created` (strings) and
 * `metadata` (JSON), snappy-compressed, one row group per 2,000 records.
 */
class ParquetSink implements RecordSink {
  private readonly partial: string;
  private writer: ParquetWriter | undefined;
  private rows: DolmaRecord[] = [];

  constructor(readonly path: string) {
    this.partial = `${path}.partial`;
  }

  private columns(
    rows: readonly DolmaRecord[],
  ): { name: string; data: unknown[]; type: 'STRING' | 'JSON'; nullable: boolean }[] {
    return [
      { name: 'id', data: rows.map((r) => r.id), type: 'STRING', nullable: false },
      { name: 'text', data: rows.map((r) => r.text), type: 'STRING', nullable: false },
      { name: 'source', data: rows.map((r) => r.source), type: 'STRING', nullable: false },
      { name: 'added', data: rows.map((r) => r.added), type: 'STRING', nullable: false },
      { name: 'created', data: rows.map((r) => r.created ?? null), type: 'STRING', nullable: true },
      { name: 'metadata', data: rows.map((r) => r.metadata), type: 'JSON', nullable: false },
    ];
  }

  private flush(): void {
    const columnData = this.columns(this.rows);
    this.writer ??= new ParquetWriter({
      writer: fileWriter(this.partial),
      schema: schemaFromColumnData({ columnData }),
      createdBy: 'corpus-audit',
    });
    if (this.rows.length > 0) void this.writer.write({ columnData, rowGroupSize: this.rows.length });
    this.rows = [];
  }

  write(record: DolmaRecord): Promise<void> {
    this.rows.push(record);
    if (this.rows.length >= ROW_GROUP) this.flush();
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.flush();
    void this.writer?.finish();
    renameSync(this.partial, this.path);
    return Promise.resolve();
  }

  abort(): void {
    rmSync(this.partial, { force: true });
  }
}
