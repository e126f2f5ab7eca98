import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../db/memory-store.js';
import { checkOptionNames } from '../../db/options.js';
import { crawl } from '../../src/crawl/crawl.js';
import { exportStore } from '../../src/export/export-store.js';
import { ingest } from '../../src/ingest/ingest.js';
import { defaultPolicy } from '../../policy/load-policy.js';
import { scoreStore } from '../../src/score/score-run.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { collectReport } from '../../reports/collect-report.js';
import { writeReport } from '../../reports/write-report.js';
import { runCollapse } from '../../src/collapse/harness.js';
import { buildService } from '../../src/serve/server.js';
import { tempDir } from '../helpers/temp-dirs.js';

describe('library entry points check their options', () => {
  it('a misspelled option is refused with the nearest known name', () => {
    expect(() => {
      checkOptionNames('f()', { maxPage: 3, seeds: [] }, ['maxPages', 'seeds']);
    }).toThrow('f(): unknown option "maxPage" (did you mean "maxPages"?); it takes maxPages, seeds');
  });

  it('ingest() and crawl() refuse a typo or a bad number before doing anything', async () => {
    const store = new MemoryStore();
    await expect(ingest({ inputs: [], store, wokers: 2 } as never)).rejects.toThrow(
      'ingest(): unknown option "wokers" (did you mean "workers"?)',
    );
    await expect(ingest({ inputs: [], store, maxRecordBytes: -1 })).rejects.toThrow(
      'ingest(): maxRecordBytes must be a whole number of at least 1, got -1',
    );
    await expect(crawl({ seeds: ['http://127.0.0.1:9/'], store, maxPages: 0 })).rejects.toThrow(
      'crawl(): maxPages must be a whole number of at least 1, got 0',
    );
    await expect(crawl({ seeds: [], store })).rejects.toThrow('crawl(): give at least one seed URL');
    await expect(
      exportStore({ store, policy: defaultPolicy(), clean: 'x.jsonl', rejectd: 'y.jsonl' } as never),
    ).rejects.toThrow('exportStore(): unknown option "rejectd" (did you mean "rejected"?)');
    await expect(scoreStore({ store, batchDocs: 0 })).rejects.toThrow(
      'scoreStore(): batchDocs must be a whole number of at least 1, got 0',
    );
    expect(store.countDocs()).toBe(0);
  });

  it('writeReport(), collectReport(), buildService() and runCollapse() refuse a typo or a bad number too', async () => {
    const store = new MemoryStore();
    const policy = defaultPolicy();
    const out = join(tempDir(), 'report');
    expect(() => writeReport({ store, database: 'mem', policy, out, evidencePage: 3 } as never)).toThrow(
      'writeReport(): unknown option "evidencePage" (did you mean "evidencePages"?)',
    );
    expect(existsSync(out)).toBe(false);
    expect(() => collectReport({ store, database: 'mem', policy, evidencePages: -1 })).toThrow(
      'collectReport(): evidencePages must be a whole number of at least 0, got -1',
    );
    const scorer = { score: () => Promise.resolve([]), models: [], verdictDigest: undefined };
    expect(() => buildService({ scorer, policy, maxBatches: 3 } as never)).toThrow(
      'buildService(): unknown option "maxBatches" (did you mean "maxBatch"?)',
    );
    expect(() => buildService({ scorer, policy, concurrency: 0 })).toThrow(
      'buildService(): concurrency must be a whole number of at least 1, got 0',
    );
    await expect(runCollapse({ generation: 2 } as never)).rejects.toThrow(
      'runCollapse(): unknown option "generation" (did you mean "generations"?)',
    );
  });
});
