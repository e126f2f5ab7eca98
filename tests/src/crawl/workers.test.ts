import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as StoreModule from '../../../db/sqlite-store.js';
import type { StoredDoc } from '../../../db/store.js';
import type * as CrawlModule from '../../../src/crawl/crawl.js';
import type { CrawlSummary } from '../../../src/crawl/crawl.js';
import type { RunningWorld } from '../../../src/world/server.js';
import type { World } from '../../../src/world/world.js';
import { startWorld } from '../../helpers/world.js';
import { tempDir } from '../../helpers/temp-dirs.js';

// The analysis workers exist only as built JavaScript, so this runs the built crawl (vitest's
// global setup builds it); the other crawl tests run the sources, in process.
const dist = join(import.meta.dirname, '..', '..', '..', 'dist');
const { crawl } = (await import(join(dist, 'src', 'crawl', 'crawl.js'))) as typeof CrawlModule;
const { SqliteStore } = (await import(join(dist, 'db', 'sqlite-store.js'))) as typeof StoreModule;

let world: World;
let running: RunningWorld;
const dir = tempDir();
const runs: Record<string, { summary: CrawlSummary; docs: StoredDoc[] }> = {};

beforeAll(async () => {
  ({ world, running } = await startWorld({ seed: 5, pages: 60 }));
  for (const workers of [0, 2]) {
    const store = new SqliteStore(join(dir, `w${workers}.sqlite`));
    const summary = await crawl({
      seeds: world.sites.map((s) => `${s.origin}/`),
      store,
      warcPath: join(dir, `w${workers}.warc.gz`),
      allowPrivate: true,
      maxPages: 5000,
      retries: 0,
      render: 'never',
      workers,
    });
    runs[workers] = { summary, docs: [...store.iterDocs()] };
    store.close();
  }
}, 180_000);

afterAll(async () => {
  await running.close();
});

/** What must not depend on where a page was analysed (fetch times, dates and the WARC's name and offsets do). */
function analysed(d: StoredDoc): unknown {
  const {
    fetchTime: _t,
    path: _p,
    recordOffset: _o,
    recordLength: _l,
    recordId: _r,
    ...provenance
  } = d.provenance;
  const { date: _d, ...headers } = provenance.httpHeaders ?? {};
  return { ...d, runId: undefined, provenance: { ...provenance, httpHeaders: headers } };
}

describe('a crawl with analysis workers', () => {
  it('analyses pages in the workers and stores exactly what an in-process crawl stores', () => {
    const [local, pooled] = [runs[0]!, runs[2]!];
    // With workers, language ID and fingerprints run there as one `analyze` step; in process, as
    // separate steps on the crawler's thread.
    expect(local.summary.stats.map((s) => s.name)).toContain('language');
    expect(pooled.summary.stats.map((s) => s.name)).toContain('analyze');
    expect(pooled.summary.stats.map((s) => s.name)).not.toContain('language');
    expect(pooled.docs.length).toBeGreaterThan(40);
    expect(pooled.summary.docsStored).toBe(local.summary.docsStored);
    expect(pooled.docs.map(analysed)).toEqual(local.docs.map(analysed));
  });

  it('points every stored page at its response record in the WARC', () => {
    for (const d of runs[2]!.docs) {
      expect(d.provenance.path).toBe(join(dir, 'w2.warc.gz'));
      expect(d.provenance.recordOffset).toBeGreaterThanOrEqual(0);
      expect(d.provenance.recordLength).toBeGreaterThan(0);
      expect(d.provenance.recordId).toMatch(/^urn:uuid:/);
    }
  });
});
