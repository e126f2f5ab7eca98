import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStages } from '../../../src/cli/commands/detect.js';
import type * as StagesModule from '../../../src/detect/corpus-stages.js';
import type * as StoreModule from '../../../db/sqlite-store.js';
import type { Doc } from '../../../db/types.js';
import { fingerprintDoc } from '../../../src/ingest/analyze.js';
import { humanArticle, mtArticle, pageDoc, parallelCorpus } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

// The side stages' worker exists only as built JavaScript (vitest's global setup builds it).
const dist = join(import.meta.dirname, '..', '..', '..', 'dist');
const { runCorpusStages } = (await import(
  join(dist, 'src', 'detect', 'corpus-stages.js')
)) as typeof StagesModule;
const { SqliteStore } = (await import(join(dist, 'db', 'sqlite-store.js'))) as typeof StoreModule;

/** Translations, an exact and a near duplicate, and a page with a translation plugin's script. */
function corpus(): Doc[] {
  const blog = humanArticle(0);
  return [
    ...parallelCorpus(),
    pageDoc('blog-copy', 'https://copy.example/a.html', blog),
    pageDoc('blog-near', 'https://near.example/a.html', [...blog.slice(0, -1), 'A different last line.']),
    pageDoc('widget', 'https://widget.example/de/x.html', mtArticle(7, 'spa'), {
      scripts: ['https://cdn.gtranslate.net/widgets/latest/float.js'],
      traces: ['script:gtranslate'],
    }),
  ].map((doc) => fingerprintDoc(doc));
}

/** Every table the three stages write, row by row (run ids aside). */
function written(path: string): Record<string, unknown[]> {
  const store = new SqliteStore(path, { readonly: true });
  try {
    const db = (store as unknown as { db: { prepare(sql: string): { all(): unknown[] } } }).db;
    const rows = (sql: string): unknown[] => db.prepare(sql).all();
    return {
      dupClusters: rows('SELECT kind, doc_id, cluster_id FROM dup_clusters ORDER BY kind, doc_id'),
      scores: rows('SELECT doc_id, detector, name, value FROM scores ORDER BY doc_id, detector, name'),
      evidence: rows(
        'SELECT doc_id, detector, code, detail FROM evidence ORDER BY doc_id, detector, code, detail',
      ),
      links: rows('SELECT doc_a, doc_b, via, quality, links FROM doc_links ORDER BY doc_a, doc_b'),
      tuples: rows('SELECT st.doc_id, st.idx, st.size FROM sentence_tuples st ORDER BY st.doc_id, st.idx'),
    };
  } finally {
    store.close();
  }
}

async function stages(options: StagesModule.CorpusStagesOptions) {
  const path = join(tempDir(), 'audit.sqlite');
  const store = new SqliteStore(path);
  store.putDocs(corpus(), store.beginRun({ command: 'test', config: {}, codeVersion: 'v' }));
  try {
    const result = await runCorpusStages(store, options);
    return { result, tables: written(path) };
  } finally {
    store.close();
  }
}

describe('runCorpusStages with duplicates and plugin traces beside the translation detector', () => {
  it('writes what running the three one after another writes, and returns the same summaries', async () => {
    const alone = await stages({ sideThread: false });
    const beside = await stages({ sideThreadFrom: 0 });
    expect(beside.result.sideThread).toBe(true);
    expect(alone.result.sideThread).toBe(false);
    expect(beside.tables).toEqual(alone.tables);
    // The corpus exercises all three stages.
    expect(alone.result.dedup).toMatchObject({ exactClusters: 1, nearClusters: 1 });
    expect(alone.result.markers).toEqual({ pages: 1, codes: { mt_marker_gtranslate: 1 } });
    expect(alone.result.translations!.accepted).toBeGreaterThanOrEqual(3);
    expect(beside.result.dedup).toEqual(alone.result.dedup);
    expect(beside.result.markers).toEqual(alone.result.markers);
    const { timeMs: _a, ...translationsBeside } = beside.result.translations!;
    const { timeMs: _b, ...translationsAlone } = alone.result.translations!;
    expect(translationsBeside).toEqual(translationsAlone);
    expect(beside.result.stats.map((s) => s.name)).toEqual([
      'dup_clusters',
      'translation_tuples',
      'mt_markers',
    ]);
  });

  it('keeps a small database in one thread', async () => {
    expect((await stages({})).result.sideThread).toBe(false);
  });

  it('runs the stages here when their thread fails, with the same outcome', async () => {
    const alone = await stages({ sideThread: false });
    const broken = await stages({
      sideThreadFrom: 0,
      sideScript: new URL('data:text/javascript,process.exit(1)'),
    });
    expect(broken.result.sideThread).toBe(false);
    expect(broken.result.sideThreadError).toBe('the thread exited with code 1 before it finished');
    expect(broken.tables).toEqual(alone.tables);
    expect(broken.result.dedup).toEqual(alone.result.dedup);
    expect(broken.result.markers).toEqual(alone.result.markers);
  });

  it('says why the thread failed when it throws', async () => {
    const { result } = await stages({
      sideThreadFrom: 0,
      sideScript: new URL('data:text/javascript,throw new Error("no disk left")'),
    });
    expect(result.sideThread).toBe(false);
    expect(result.sideThreadError).toContain('no disk left');
    expect(describeStages(result).at(-1)).toMatch(
      /^ {2}note: the side thread failed \(.*no disk left\); duplicates and plugin traces ran in the main thread$/,
    );
  });

  it('has no error to tell when the thread finished', async () => {
    const { result } = await stages({ sideThreadFrom: 0 });
    expect(result.sideThread).toBe(true);
    expect(result.sideThreadError).toBeUndefined();
    expect(describeStages(result).join('\n')).not.toContain('note:');
  });
});
