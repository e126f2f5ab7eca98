import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as StepsModule from '../../../src/ingest/steps.js';

// A pool needs a worker script, which exists only as built JavaScript (vitest's global setup builds
// it): the analysis workers' is used here.
const dist = join(import.meta.dirname, '..', '..', '..', 'dist');
const { analysisPool } = (await import(join(dist, 'src', 'ingest', 'steps.js'))) as typeof StepsModule;

describe('a worker pool', () => {
  it('answers several takes waiting at once, each with its own reply', async () => {
    const pool = analysisPool(2)!;
    try {
      const texts = [
        'First text, long enough to be analysed here.',
        'Zweiter Text, lang genug für die Analyse.',
      ];
      const seqs = [...texts, texts[0]!].map((text, i) => pool.send({ id: `d${i}`, text }));
      // Taken in reverse and all at once: every take must be woken by the replies that concern it.
      const replies = await Promise.all([...seqs].reverse().map((seq) => pool.take(seq)));
      expect(replies.map((r) => r.seq)).toEqual([...seqs].reverse());
      expect(replies.every((r) => 'doc' in r)).toBe(true);
    } finally {
      await pool.close();
    }
  }, 20_000);
});
