import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WARC_FIXTURES } from '../../helpers/read-all.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'corpus-audit.js');
const ROOT = process.getuid?.() === 0;

function cli(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
}

/**
 * Makes a file or folder read-only for this user: by its mode, or, for root (whom modes do not
 * stop), with the immutable attribute, undone after each test.
 */
const immutable: string[] = [];
function readOnly(path: string, mode: number): void {
  if (!ROOT) {
    chmodSync(path, mode);
    return;
  }
  execFileSync('chattr', ['+i', path]);
  immutable.push(path);
}
afterEach(() => {
  for (const path of immutable.splice(0)) execFileSync('chattr', ['-i', path]);
});

/** An audit database made by its owner; then the file is made read-only, and the folder too if asked. */
function readOnlyDb(folderWritable: boolean): { dir: string; db: string } {
  const dir = join(tempDir(), 'audit');
  mkdirSync(dir);
  const db = join(dir, 'a.sqlite');
  expect(
    cli(['ingest', join(WARC_FIXTURES, 'warcio.js--example.warc'), '--db', db, '--no-detect']).status,
  ).toBe(0);
  readOnly(db, 0o444);
  if (!folderWritable) readOnly(dir, 0o555);
  return { dir, db };
}

describe('a read-only --db', () => {
  it('a command that writes refuses it in one line, before SQLite leaves -wal/-shm files beside it', () => {
    const { dir, db } = readOnlyDb(true);
    for (const args of [['ingest', join(WARC_FIXTURES, 'warcio--example.arc'), '--no-detect'], ['score']]) {
      const run = cli([...args, '--db', db]);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toContain(`the audit database ${db} is read-only`);
      expect(run.stderr).toContain('copy it somewhere writable');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir)).toEqual(['a.sqlite']);
    }
  });

  it('commands that only read it work', () => {
    const { db } = readOnlyDb(true);
    const stats = cli(['stats', '--db', db, '--json']);
    expect(stats.status, stats.stderr).toBe(0);
    expect((JSON.parse(stats.stdout) as { totals: { docs: number } }).totals.docs).toBe(1);
    expect(cli(['mt-saturation', '--db', db]).status).toBe(0);
  });

  it('in a folder it cannot write beside it: says why SQLite cannot even read it, and what to do', () => {
    const { db } = readOnlyDb(false);
    const run = cli(['stats', '--db', db]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('copy it to a writable folder');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('an output path it cannot write is named, without a stack trace', () => {
    const { db } = readOnlyDb(true);
    const out = join(tempDir(), 'no', 'report.html');
    readOnly(join(out, '..', '..'), 0o555);
    const run = cli(['report', '--db', db, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /cannot \w+ .*: (permission denied|operation not permitted); choose another path/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
