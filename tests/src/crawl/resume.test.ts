import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../db/memory-store.js';
import { SqliteStore } from '../../../db/sqlite-store.js';
import type { Problem } from '../../../db/types.js';
import { crawl, CRAWL_WRITE_BATCH } from '../../../src/crawl/crawl.js';
import { IN_FLIGHT_PER_WORKER } from '../../../src/pipeline/worker-pool-step.js';
import { packageRoot } from '../../../db/version.js';
import type { AccessLogEntry, RunningWorld } from '../../../src/world/server.js';
import type { World } from '../../../src/world/world.js';
import { readAll } from '../../helpers/read-all.js';
import { tempDir } from '../../helpers/temp-dirs.js';
import { startWorld } from '../../helpers/world.js';

let world: World;
let running: RunningWorld;
const log: (AccessLogEntry & { phase: number })[] = [];
let phase = 0;

beforeAll(async () => {
  ({ world, running } = await startWorld({ seed: 5, pages: 400 }, (e) => log.push({ ...e, phase })));
});
afterAll(() => running.close());

const CONCURRENCY = 2;

describe('crawl --resume', () => {
  it('continues a crawl killed mid-way, and killed again while resuming: same pages as an uninterrupted crawl, nothing stored fetched again', async () => {
    const seeds = ['farm-a', 'farm-b', 'news', 'blog', 'mirror-es'].map(
      (id) => `${world.sites.find((s) => s.id === id)!.origin}/`,
    );
    const reference = new MemoryStore();
    await crawl({
      seeds,
      store: reference,
      allowPrivate: true,
      render: 'never',
      maxDepth: 4,
      concurrency: CONCURRENCY,
    });
    const expected = reference.crawledUrls().sort();
    expect(expected.length).toBeGreaterThan(150);

    const db = join(tempDir(), 'resume.sqlite');
    const stored = (): number => {
      try {
        const reader = new Database(db, { readonly: true, fileMustExist: true });
        const n = (reader.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n;
        reader.close();
        return n;
      } catch {
        return 0; // not created yet
      }
    };
    /** Runs the CLI crawl (`--resume` when asked) and kills it with SIGKILL once `docs` pages are stored. */
    const crawlKilledAt = async (docs: number, resume: boolean): Promise<void> => {
      const child = spawn(
        process.execPath,
        [
          join(packageRoot(), 'bin', 'corpus-audit.js'),
          'crawl',
          ...seeds,
          '--allow-private',
          '--render',
          'never',
          '--max-depth',
          '4',
          '--concurrency',
          String(CONCURRENCY),
          '--delay-ms',
          '30',
          '--db',
          db,
          ...(resume ? ['--resume'] : []),
        ],
        { stdio: 'ignore' },
      );
      const exited = new Promise<void>((resolve) =>
        child.on('exit', () => {
          resolve();
        }),
      );
      while (stored() < docs) {
        await new Promise((r) => setTimeout(r, 100));
        if (child.exitCode !== null) throw new Error('the crawl ended before it could be killed');
      }
      child.kill('SIGKILL');
      await exited;
    };
    // Killed once a few batches are stored, well before the end; then killed again while resuming.
    phase = 1;
    await crawlKilledAt(3 * CRAWL_WRITE_BATCH, false);
    const afterFirstKill = stored();
    await crawlKilledAt(afterFirstKill + 2 * CRAWL_WRITE_BATCH, true);

    phase = 2;
    const store = new SqliteStore(db);
    const storedBefore = new Set(store.crawledUrls());
    expect(storedBefore.size).toBeLessThan(expected.length);
    await crawl({
      seeds,
      store,
      allowPrivate: true,
      render: 'never',
      maxDepth: 4,
      concurrency: CONCURRENCY,
      resume: true,
    });
    expect(store.crawledUrls().sort()).toEqual(expected);
    store.close();

    const fetchedIn = (p: number) => new Set(log.filter((e) => e.phase === p).map((e) => e.path + e.site));
    const key = (url: string) => {
      const u = new URL(url);
      return u.pathname + world.sites.find((s) => s.origin === u.origin)!.id;
    };
    const second = fetchedIn(2);
    // Nothing that was stored before the kill is fetched again.
    for (const url of storedBefore) expect(second.has(key(url)), url).toBe(false);
    // What is fetched twice is at most what was in flight or awaiting storage when it died: the
    // document queue and the write batch, the pages in flight to each analysis worker, the requests.
    const first = fetchedIn(1);
    const twice = [...second].filter(
      (k) => first.has(k) && !k.startsWith('/robots.txt') && !k.startsWith('/sitemap'),
    );
    expect(twice.length).toBeLessThanOrEqual(
      2 * CRAWL_WRITE_BATCH + IN_FLIGHT_PER_WORKER * availableParallelism() + CONCURRENCY,
    );
  }, 180_000);

  it('cuts a record left half-written at the end of the WARC before appending to it', async () => {
    const dir = tempDir();
    const warcPath = join(dir, 'crawl.warc.gz');
    const store = new SqliteStore(join(dir, 'audit.sqlite'));
    const options = {
      seeds: [`${world.sites.find((s) => s.id === 'news')!.origin}/`],
      store,
      warcPath,
      allowPrivate: true,
      render: 'never' as const,
      maxDepth: 1,
    };
    await crawl(options);
    const whole = statSync(warcPath).size;
    // What a kill in the middle of writing a record leaves: the first bytes of a gzip member.
    appendFileSync(warcPath, gzipSync(randomBytes(5000)).subarray(0, 100));
    const problems: Problem[] = [];
    await crawl({ ...options, resume: true, onProblem: (p) => problems.push(p) });
    store.close();
    expect(problems.filter((p) => p.code === 'crawl_warc_torn_record')).toEqual([
      expect.objectContaining({ path: warcPath, offset: whole }),
    ]);
    const read = await readAll(warcPath);
    expect(read.problems).toEqual([]);
    expect(read.docs.length).toBeGreaterThan(0);
  });
});
