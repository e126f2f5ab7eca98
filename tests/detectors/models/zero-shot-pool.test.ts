import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { runCorpusStages } from '../../../src/detect/corpus-stages.js';
import { pageDoc, parallelCorpus } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'corpus-audit.js');

describe('zero-shot scores on worker threads', () => {
  it('store exactly the scores the main thread stores', async () => {
    const dir = tempDir();
    const one = join(dir, 'one.sqlite');
    const store = new SqliteStore(one);
    const runId = store.beginRun({ command: 'test', config: {}, codeVersion: 'v' });
    const extra = Array.from({ length: 6 }, (_, i) =>
      pageDoc(`essay-${i}`, `https://essays.example/${i}.html`, [
        `Essay ${i} begins with a plain observation about rivers and the towns that grew beside them.`,
        'The water carried goods, news and people, and the markets followed wherever the boats could land.',
        `Over ${i + 2} centuries the banks were walled, the fords were bridged and the floods were measured.`,
      ]),
    );
    store.putDocs([...parallelCorpus(), ...extra], runId);
    await runCorpusStages(store);
    const ids = [...store.iterDocs()].map((d) => d.id);
    store.close();
    const two = join(dir, 'two.sqlite');
    copyFileSync(one, two);

    const scores: Record<string, unknown>[] = [];
    for (const [db, threads] of [
      [one, '0'],
      [two, '2'],
    ] as const) {
      const run = spawnSync(
        process.execPath,
        [BIN, 'score', '--db', db, '--detectors', 'zero-shot', '--workers', threads, '--json'],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as { runId: number; counts: Record<string, { scored: number }> };
      expect(summary.counts.zero_shot!.scored).toBe(ids.length);
      const reopened = new SqliteStore(db);
      // The run records the workers it used: the built worker script was found, so two really ran.
      expect((reopened.getRun(summary.runId)!.config as { zeroShotThreads?: number }).zeroShotThreads).toBe(
        Number(threads),
      );
      scores.push(Object.fromEntries(ids.map((id) => [id, reopened.detections.docScores(id)])));
      reopened.close();
    }
    // Every page has its scores, and the workers change none of them.
    for (const id of ids) expect(Object.keys(scores[0]![id] as object).length).toBeGreaterThan(0);
    expect(scores[1]).toEqual(scores[0]);
  });

  it('says which model is missing before starting a worker', () => {
    const db = join(tempDir(), 'missing.sqlite');
    const store = new SqliteStore(db);
    const runId = store.beginRun({ command: 'test', config: {}, codeVersion: 'v' });
    store.putDocs(parallelCorpus().slice(0, 1), runId);
    store.close();
    const run = spawnSync(
      process.execPath,
      [BIN, 'score', '--db', db, '--detectors', 'zero-shot', '--observer', './no-such-model-folder/'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no model folder at .*no-such-model-folder/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(['1.5', '5000'])('refuses a thread count of %s', (threads) => {
    const run = spawnSync(
      process.execPath,
      [BIN, 'score', '--db', join(tempDir(), 'x.sqlite'), '--workers', threads],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--workers must be an integer from 0 to 64, got '${threads}'`);
  });
});
