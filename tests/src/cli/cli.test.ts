import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/io.js';
import { WARC_FIXTURES } from '../../helpers/read-all.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const io = captureIo;

function corpusDir(): string {
  const dir = tempDir();
  for (const f of ['dolma--sample-0001.warc.gz', 'warcio--bad.arc'])
    copyFileSync(join(WARC_FIXTURES, f), join(dir, f));
  return dir;
}

describe('corpus-audit CLI', () => {
  it('--help lists the commands; each command has its own help', async () => {
    const a = io(tempDir());
    expect(await main(['--help'], a)).toBe(0);
    expect(a.out()).toMatch(/ingest \[options\] <inputs\.\.\.>/);
    expect(a.out()).toMatch(/stats \[options\]/);
    expect(a.out()).toMatch(/demo \[options\]/);
    const b = io(tempDir());
    expect(await main(['ingest', '--help'], b)).toBe(0);
    expect(b.out()).toContain('--max-record-mb');
    expect(b.out()).toContain('Examples:');
  });

  it('ingest --json then stats --json, with the database from the environment', async () => {
    const dir = corpusDir();
    const env = { CORPUS_AUDIT_DB: 'my.sqlite' };
    const a = io(dir, env);
    expect(await main(['ingest', '.', '--json', '--workers', '0'], a)).toBe(0);
    const summary = JSON.parse(a.out()) as {
      db: string;
      docsStored: number;
      problemCounts: Record<string, number>;
    };
    expect(summary.db).toBe(join(dir, 'my.sqlite'));
    expect(summary.docsStored).toBe(15);
    expect(summary.problemCounts).toEqual({ bad_arc_header: 3 });
    expect(a.err()).toBe('');

    const b = io(dir, env);
    expect(await main(['stats', '--json', '--problems'], b)).toBe(0);
    const stats = JSON.parse(b.out()) as {
      totals: { docs: number };
      languages: { lang: string }[];
      problems: unknown[];
    };
    expect(stats.totals.docs).toBe(15);
    expect(stats.languages[0]!.lang).toBe('eng');
    expect(stats.problems).toHaveLength(3);
  });

  it('prints readable tables and reports problems with file and offset', async () => {
    const dir = corpusDir();
    const a = io(dir);
    expect(await main(['ingest', dir, '--workers', '0'], a)).toBe(0);
    expect(a.out()).toMatch(/Ingested 2 file\(s\)/);
    expect(a.out()).toMatch(/documents stored: 15/);
    expect(a.err()).toContain(`problem bad_arc_header: not a valid ARC record header`);
    expect(a.err()).toContain(`(${join(dir, 'warcio--bad.arc')} @262)`);
    expect(existsSync(join(dir, 'audit.sqlite'))).toBe(true);
    const b = io(dir);
    expect(await main(['stats'], b)).toBe(0);
    expect(b.out()).toMatch(/^15 documents, /);
    expect(b.out()).toContain('creativecommons.org');
  });

  it('exits 2 with a message that says what to do', async () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [['ingest', 'missing.warc.gz'], /no such file or folder: missing\.warc\.gz/],
      [['ingest', '.', '--max-record-mb', 'lots'], /--max-record-mb must be a positive number/],
      [['ingest', '.', '--workers', '-1'], /--workers must be an integer from 0 to 1024, got '-1'/],
      [['ingest', '.', '--workers', '5000'], /--workers must be an integer from 0 to 1024, got '5000'/],
      [['stats'], /no audit database at .*audit\.sqlite; run `corpus-audit ingest/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['ingest', '.', '--db', 'no/such/folder/a.sqlite'], /the folder .*no\/such\/folder does not exist/],
      [['ingest', '.', '--db', 'notes.txt'], /notes\.txt is not an SQLite database/],
      [['stats', '--db', 'notes.txt'], /notes\.txt is not an SQLite database/],
    ];
    writeFileSync(join(dir, 'notes.txt'), 'not a database, just notes\n'.repeat(100));
    for (const [argv, message] of cases) {
      const x = io(dir);
      expect(await main(argv, x)).toBe(2);
      expect(x.err()).toMatch(message);
      // Said in one line, not with a stack trace.
      expect(x.err()).not.toMatch(/\n\s+at /);
    }
  });
});
