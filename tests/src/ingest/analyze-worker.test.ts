import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as StoreModule from '../../../db/sqlite-store.js';
import type { Doc } from '../../../db/types.js';
import type * as StepsModule from '../../../src/ingest/steps.js';
import { tempDir } from '../../helpers/read-all.js';

// The worker exists only as built JavaScript (vitest's global setup builds it).
const dist = join(import.meta.dirname, '..', '..', '..', 'dist');
const { analysisPool } = (await import(join(dist, 'src', 'ingest', 'steps.js'))) as typeof StepsModule;
const { SqliteStore } = (await import(join(dist, 'db', 'sqlite-store.js'))) as typeof StoreModule;

function page(id: string, text: string): Doc {
  return {
    id,
    url: `http://example.test/${id}`,
    text,
    provenance: { sourceKind: 'crawl', contentDigest: `sha1:${id}` },
  };
}

describe('an analysis worker that stores', () => {
  it('commits the documents it is sent together, and a document it cannot store fails alone', async () => {
    const path = join(tempDir(), 'w.sqlite');
    const store = new SqliteStore(path);
    const runId = store.beginRun({ command: 'test', config: {}, codeVersion: 'test' });
    const pool = analysisPool(1)!;
    const target = { store: { path, runId } };
    try {
      const good = [
        page('a', 'The first page has a sentence long enough to be analysed. And a second one here.'),
        page('c', 'The third page says something else entirely, in two sentences. This is the second.'),
      ];
      // No provenance: analysed, but its row cannot be written.
      const bad = { ...page('b', 'A page whose row cannot be written, though it has text.') } as Partial<Doc>;
      delete bad.provenance;
      const seqs = [good[0]!, bad as Doc, good[1]!].map((doc) => pool.send(doc, target));
      // Sent before any reply is taken: they reach the worker together (the pool answers one take
      // at a time).
      const replies = [];
      for (const seq of seqs) replies.push(await pool.take(seq));
      expect(replies[0]).toEqual({ seq: seqs[0], doc: {} });
      expect(replies[1]).toMatchObject({
        seq: seqs[1],
        error: expect.stringMatching(/sourceKind/) as unknown,
      });
      expect(replies[2]).toEqual({ seq: seqs[2], doc: {} });
      // Sent again: stored already, so counted as such and not stored twice.
      const again = pool.send(good[0]!, target);
      expect(await pool.take(again)).toEqual({ seq: again, drop: 'already_stored' });
      const stored = [...store.iterDocs()];
      expect(stored.map((d) => d.id).sort()).toEqual(['a', 'c']);
      expect(stored.every((d) => d.lang !== undefined && d.sentences?.length === 2)).toBe(true);
    } finally {
      await pool.close();
      store.close();
    }
  });
});
