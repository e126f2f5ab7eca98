import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WARC_FIXTURES } from '../../helpers/read-all.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'corpus-audit.js');
/** Root may write anything: the commands run as `nobody` there, to meet the permissions a user meets. */
const OTHER_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function cli(args: string[], asOther = true): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    ...(asOther && OTHER_USER),
  });
}

/** An audit database made by its owner; then the file is made read-only, and the folder too if asked. */
function readOnlyDb(folderWritable: boolean): { dir: string; db: string } {
  const root = tempDir();
  chmodSync(root, 0o755);
  const dir = join(root, 'audit');
  mkdirSync(dir);
  const db = join(dir, 'a.sqlite');
  copyFileSync(join(WARC_FIXTURES, 'warcio.js--example.warc'), join(root, 'page.warc'));
  expect(cli(['ingest', join(root, 'page.warc'), '--db', db, '--no-detect'], false).status).toBe(0);
  chmodSync(db, 0o444);
  chmodSync(dir, folderWritable ? 0o777 : 0o555);
  if (folderWritable && OTHER_USER.uid !== undefined) chownSync(dir, OTHER_USER.uid, OTHER_USER.gid);
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
    chmodSync(join(out, '..', '..'), 0o555);
    const run = cli(['report', '--db', db, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot \w+ .*: permission denied; choose another path/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
