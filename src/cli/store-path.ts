import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { whyNotWritable } from '../../db/open-database.js';
import { SqliteStore } from '../../db/sqlite-store.js';
import { UsageError, type Io } from './io.js';

export const DEFAULT_DB = 'audit.sqlite';

export function resolveDbPath(flag: string | undefined, io: Io): string {
  return resolve(io.cwd, flag ?? io.env.CORPUS_AUDIT_DB ?? DEFAULT_DB);
}

export function openStore(path: string): SqliteStore {
  return new SqliteStore(path);
}

/**
 * For commands that need the audit to exist: a missing database is a mistake worth naming, not an
 * empty report. Commands that only read (`access: 'read'`) open a database they may not write
 * read-only (SQLite may still make its -wal/-shm files beside it, as any reader of a WAL database does).
 */
export function openExistingStore(path: string, access: 'read' | 'write' = 'write'): SqliteStore {
  if (!existsSync(path)) {
    throw new UsageError(
      `no audit database at ${path}; run \`corpus-audit ingest <files> --db ${path}\` first, or pass --db`,
    );
  }
  return new SqliteStore(path, { readonly: access === 'read' && whyNotWritable(path) !== undefined });
}
