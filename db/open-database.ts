import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { UserError } from './errors.js';

/** The audit database cannot be used as asked: what is wrong with it and what to do, no stack trace needed. */
export class StoreOpenError extends UserError {
  override readonly name: string = 'StoreOpenError';
}

/**
 * Opens (or, unless read-only, creates) an SQLite audit database and brings its schema up to date.
 * Refuses, with a StoreOpenError that says why, a path whose folder does not exist, a file that is
 * not SQLite, a database written by a newer corpus-audit, and an SQLite database of some other
 * program (a mistyped --db must not get the audit's tables added to it).
 */
export function openAuditDatabase(path: string, readonly: boolean): Database.Database {
  if (!readonly && !existsSync(dirname(path))) {
    throw new StoreOpenError(
      `cannot create the audit database ${path}: the folder ${dirname(path)} does not exist`,
    );
  }
  const unwritable = readonly ? undefined : whyNotWritable(path);
  if (unwritable) {
    // SQLite would open it read-only without a word and fail at the first write, leaving -wal/-shm files.
    throw new StoreOpenError(
      `the audit database ${path} is read-only (${unwritable}) and this command writes to it: copy it somewhere ` +
        'writable and pass --db; commands that only read it (stats, page, report, export, mt-saturation) work as it is',
    );
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
    // SQLite reads the file header on first use: a file that is not a database fails here.
    const version = db.pragma('user_version', { simple: true }) as number;
    checkOwnership(db, path, version, readonly);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
      db.pragma('synchronous = NORMAL');
      migrate(db, version);
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db?.close();
    throw describeOpenError(path, err);
  }
}

function checkOwnership(db: Database.Database, path: string, version: number, readonly: boolean): void {
  if (version > MIGRATIONS.length) {
    throw new StoreOpenError(
      `${path} has schema version ${version}, newer than this corpus-audit knows (${MIGRATIONS.length}); upgrade corpus-audit`,
    );
  }
  if (version > 0) return;
  if (readonly)
    throw new StoreOpenError(`${path} holds no audit: it is empty or not a corpus-audit database`);
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  // Version 0 with tables: not one of ours (migrations set the version in the same transaction).
  if (tables.length > 0) {
    const shown =
      tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, ... (${tables.length} tables)` : '');
    throw new StoreOpenError(
      `${path} is an SQLite database of something else (tables ${shown}); corpus-audit leaves it alone: pass another --db`,
    );
  }
}

function migrate(db: Database.Database, current: number): void {
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** Why this process cannot write the database file (or, for a new one, its folder), or undefined when it can. */
export function whyNotWritable(path: string): string | undefined {
  const target = existsSync(path) ? path : dirname(path);
  try {
    accessSync(target, constants.W_OK);
  } catch {
    return target === path ? 'no permission to write the file' : `no permission to write in ${target}`;
  }
  try {
    // WAL mode keeps two files beside the database: the folder must take them.
    accessSync(dirname(path), constants.W_OK);
  } catch {
    return `no permission to write in its folder ${dirname(path)}`;
  }
  return undefined;
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** SQLite's open failures in words a user can act on; anything else as it was. */
function describeOpenError(path: string, err: unknown): unknown {
  if (err instanceof StoreOpenError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB') {
    return new StoreOpenError(
      `${path} is not an SQLite database (the audit is kept in one): pass another --db`,
    );
  }
  const folderReadOnly =
    typeof code === 'string' && code.startsWith('SQLITE_CANTOPEN') && !canWrite(dirname(path));
  if (code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_READONLY_CANTINIT' || folderReadOnly) {
    return new StoreOpenError(
      `cannot read the audit database ${path}: SQLite needs to write beside it (its folder ${dirname(path)} is ` +
        'read-only) even to read a database in WAL mode; copy it to a writable folder and pass --db',
    );
  }
  if (
    typeof code === 'string' &&
    (/^SQLITE_(CANTOPEN|READONLY|IOERR)/.test(code) || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH')
  ) {
    return new StoreOpenError(`cannot open the audit database ${path}: ${message}`);
  }
  if (err instanceof TypeError && /Cannot open database/.test(message)) {
    return new StoreOpenError(`cannot open the audit database ${path}: ${message}`);
  }
  return err;
}
