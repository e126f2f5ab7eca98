import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as StoreModule from '../../../db/sqlite-store.js';
import type { Doc } from '../../../db/types.js';
import type * as StepsModule from '../../../src/ingest/steps.js';
import { tempDir } from '../../helpers/temp-dirs.js';

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
      const text = (n: string): string =>
        `Page ${n} has a sentence long enough to be analysed. And a second one.`;
      /** Sends the documents before taking any reply, so they reach the worker together. */
      async function together(docs: Doc[]): Promise<unknown[]> {
        const seqs = docs.map((doc) => pool.send(doc, target));
        // Taken in the order sent.
        const replies = [];
        for (const seq of seqs) replies.push(await pool.take(seq));
        return replies.map((r) => ({ ...r, seq: undefined }));
      }
      // One transaction: a second copy of a page in it counts as stored already, as it would alone.
      expect(await together([page('a', text('a')), page('a', text('a')), page('c', text('c'))])).toEqual([
        { doc: {} },
        { drop: 'already_stored' },
        { doc: {} },
      ]);
      // No provenance: analysed, but its row cannot be written; the page beside it is stored.
      const bad = { ...page('b', text('b')) } as Partial<Doc>;
      delete bad.provenance;
      const replies = await together([bad as Doc, page('d', text('d'))]);
      expect(replies[0]).toMatchObject({ error: expect.stringMatching(/sourceKind/) as unknown });
      expect(replies[1]).toEqual({ doc: {} });
      // Sent again: stored already, so counted as such and not stored twice.
      expect(await together([page('a', text('a')), page('e', text('e'))])).toEqual([
        { drop: 'already_stored' },
        { doc: {} },
      ]);
      const stored = [...store.iterDocs()];
      expect(stored.map((d) => d.id).sort()).toEqual(['a', 'c', 'd', 'e']);
      expect(stored.every((d) => d.lang !== undefined && d.sentences?.length === 2)).toBe(true);
    } finally {
      await pool.close();
      store.close();
    }
  });
});
