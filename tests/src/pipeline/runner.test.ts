import { describe, expect, it } from 'vitest';
import type { Doc } from '../../../db/types.js';
import { runPipeline, statsRegistry } from '../../../src/pipeline/runner.js';
import { flatStats, mergeStats, emptyStats } from '../../../src/pipeline/stats.js';
import { mapStep, type Step } from '../../../src/pipeline/step.js';
import { sampleDoc } from '../../helpers/docs.js';

async function* source(n: number, log: string[]): AsyncIterable<Doc> {
  for (let i = 0; i < n; i++) {
    log.push(`read ${i}`);
    // A real reader awaits I/O between documents.
    await Promise.resolve();
    yield sampleDoc(i);
  }
}

const sink = (log: string[]): Step => ({
  name: 'sink',
  async *run(docs) {
    for await (const d of docs) {
      log.push(`sink ${d.id}`);
      yield d;
    }
  },
});

describe('runPipeline', () => {
  it('keeps total, kept, dropped and dropped_<reason> per step', async () => {
    const log: string[] = [];
    const { registry, sourceStats } = statsRegistry('read');
    sourceStats.dropped = 2;
    sourceStats.reasons.non_content_record = 2;
    const odd = mapStep('odd', (d) => (Number(d.id.slice(-1)) % 2 ? d : 'even_id'));
    const stats = await runPipeline(
      { name: 'read', docs: source(10, log), stats: sourceStats },
      [odd, sink(log)],
      { stats: registry },
    );
    expect(stats.map(flatStats).map(({ time_ms: _t, ...rest }) => rest)).toEqual([
      { total: 12, kept: 10, dropped: 2, dropped_non_content_record: 2 },
      { total: 10, kept: 5, dropped: 5, dropped_even_id: 5 },
      { total: 5, kept: 5, dropped: 0 },
    ]);
    for (const s of stats) expect(s.timeMs).toBeGreaterThanOrEqual(0);
  });

  it('streams: each document reaches the sink before the next is read', async () => {
    const log: string[] = [];
    const { registry, sourceStats } = statsRegistry('read');
    await runPipeline({ name: 'read', docs: source(3, log), stats: sourceStats }, [sink(log)], {
      stats: registry,
    });
    expect(log).toEqual(['read 0', 'sink doc-0000', 'read 1', 'sink doc-0001', 'read 2', 'sink doc-0002']);
  });

  it('accumulates into the same stats across runs (files), and stats merge like shards', async () => {
    const { registry, sourceStats } = statsRegistry('read');
    await runPipeline({ name: 'read', docs: source(2, []), stats: sourceStats }, [sink([])], {
      stats: registry,
    });
    const stats = await runPipeline({ name: 'read', docs: source(3, []), stats: sourceStats }, [sink([])], {
      stats: registry,
    });
    expect(stats[1]).toMatchObject({ total: 5, kept: 5 });
    const merged = mergeStats(emptyStats('sink'), stats[1]!);
    mergeStats(merged, stats[1]!);
    expect(merged).toMatchObject({ total: 10, kept: 10 });
  });

  it('lets an error in a step escape, after the steps before it ran', async () => {
    const { registry, sourceStats } = statsRegistry('read');
    const failing = mapStep('boom', () => {
      throw new Error('step failed');
    });
    await expect(
      runPipeline({ name: 'read', docs: source(2, []), stats: sourceStats }, [failing], { stats: registry }),
    ).rejects.toThrow('step failed');
  });
});
