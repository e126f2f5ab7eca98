import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { main } from '../../../src/cli/main.js';
import { packageRoot } from '../../../db/version.js';
import { captureIo } from '../../helpers/io.js';
import type { RunningWorld } from '../../../src/world/server.js';
import type { World } from '../../../src/world/world.js';
import { startWorld } from '../../helpers/world.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const io = captureIo;

let world: World;
let running: RunningWorld;
beforeAll(async () => {
  ({ world, running } = await startWorld({ seed: 9, pages: 50 }));
});
afterAll(() => running.close());

describe('corpus-audit crawl', () => {
  it('explains itself and rejects seeds that are not http(s) URLs', async () => {
    const a = io(tempDir());
    expect(await main(['crawl', '--help'], a)).toBe(0);
    expect(a.out()).toContain('--allow-private');
    expect(a.out()).toContain('robots.txt is honoured');
    expect(a.out()).toContain('--no-progress');
    const b = io(tempDir());
    expect(await main(['crawl', 'ftp://example.org/'], b)).toBe(2);
    expect(b.err()).toContain("seed 'ftp://example.org/' is not an http(s) URL");
    const c = io(tempDir());
    expect(await main(['crawl', 'http://127.0.0.1:1/', '--max-pages', 'lots'], c)).toBe(2);
    expect(c.err()).toContain('--max-pages must be a number');
    // A WARC to append to whose end is not a record of ours: refused, untouched, without a stack trace.
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.warc.gz'), 'not a WARC at all\n');
    const d = io(dir);
    const args = ['crawl', 'http://127.0.0.1:1/', '--db', 'a.sqlite', '--warc', 'notes.warc.gz', '--resume'];
    expect(await main(args, d)).toBe(2);
    expect(d.err()).toMatch(
      /^corpus-audit: .*notes\.warc\.gz ends with 18 bytes .* not a gzip-compressed record; nothing was appended/,
    );
    expect(d.err()).not.toContain('    at ');
    expect(readFileSync(join(dir, 'notes.warc.gz'), 'utf8')).toBe('not a WARC at all\n');
  });

  it('fails when nothing could be fetched (a loopback seed without --allow-private)', async () => {
    const dir = tempDir();
    const a = io(dir);
    const seed = `${world.sites[0]!.origin}/`;
    expect(await main(['crawl', seed, '--db', 'a.sqlite', '--retries', '0', '--no-progress'], a)).toBe(2);
    expect(a.err()).toMatch(/^corpus-audit: nothing was fetched: 1 problem\(s\), .*need --allow-private/m);
    expect(a.out()).toContain('documents stored: 0');
  });

  it('crawls a site into the database and prints a JSON summary', async () => {
    const dir = tempDir();
    const farm = world.sites.find((s) => s.id === 'farm-c')!;
    const a = io(dir);
    const code = await main(
      [
        'crawl',
        `${farm.origin}/`,
        '--allow-private',
        '--db',
        join(dir, 'a.sqlite'),
        '--json',
        '--warc',
        'c.warc.gz',
      ],
      a,
    );
    expect(a.err()).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(a.out()) as { docsStored: number; fetched: number };
    const pages = [...farm.pages()].length;
    expect(summary.docsStored).toBe(pages);
    const b = io(dir);
    expect(await main(['stats', '--db', join(dir, 'a.sqlite'), '--json'], b)).toBe(0);
    expect(b.out()).toContain('"spa"');
  });

  it('stops on Ctrl-C saying how to continue, with its run marked interrupted', async () => {
    const db = join(tempDir(), 'a.sqlite');
    const child = spawn(
      process.execPath,
      [
        join(packageRoot(), 'bin', 'corpus-audit.js'),
        'crawl',
        ...world.sites.map((s) => `${s.origin}/`),
        '--allow-private',
        '--render',
        'never',
        '--concurrency',
        '1',
        '--delay-ms',
        '50',
        '--db',
        db,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => {
        resolve(code);
      });
    });
    // Interrupt it once it has stored a few pages, well before the end.
    for (let stored = 0; stored < 3;) {
      await new Promise((r) => setTimeout(r, 100));
      if (child.exitCode !== null) throw new Error(`the crawl ended before it was interrupted: ${err}`);
      try {
        const reader = new Database(db, { readonly: true, fileMustExist: true });
        stored = (reader.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n;
        reader.close();
      } catch {
        // Not created yet.
      }
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err).toMatch(
      /interrupted after [\d,]+ responses \([\d,]+ pages stored in .*a\.sqlite\); the same command with --resume continues/,
    );
    const store = new SqliteStore(db);
    expect(store.listRuns().map((r) => [r.command, r.status])).toEqual([['crawl', 'interrupted']]);
    store.close();
  });
});
