import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as AlignPairsModule from '../../../detectors/mwp/align-pairs.js';
import type * as TuplesModule from '../../../detectors/mwp/translation-tuples.js';
import type * as StoreModule from '../../../db/sqlite-store.js';
import { alignSentences } from '../../../detectors/mwp/align.js';
import { VIA_FINGERPRINT, VIA_HREFLANG } from '../../../detectors/mwp/candidates.js';
import { docFeatures, LanguageIds } from '../../../detectors/mwp/features.js';
import { parallelCorpus } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

// The worker exists only as built JavaScript (vitest's global setup builds it).
const dist = join(import.meta.dirname, '..', '..', '..', 'dist');
const { packSides, unpackSide, pairChunks, ParallelAligner, CHUNK_PAIRS, ACCEPTED, REJECTED, NOT_ALIGNED } =
  (await import(join(dist, 'detectors', 'mwp', 'align-pairs.js'))) as typeof AlignPairsModule;
const { acceptAlignment, computeTranslationTuples } = (await import(
  join(dist, 'detectors', 'mwp', 'translation-tuples.js')
)) as typeof TuplesModule;
const { SqliteStore } = (await import(join(dist, 'db', 'sqlite-store.js'))) as typeof StoreModule;

type Flat = number | { quality: number; ones: number; links: number[][] };

/** What the chunk outcomes say, pair by pair. */
function flatten(outcomes: AlignPairsModule.ChunkOutcome[]): Flat[] {
  return outcomes.flatMap((o) => {
    let accepted = 0;
    let at = 0;
    return [...o.status].map((status): Flat => {
      if (status !== ACCEPTED) return status;
      const n = o.linkCounts[accepted]! + o.partialCounts[accepted]!;
      const links = [...o.linkA.subarray(at, at + n)].map((a, k) => [
        a,
        o.linkB[at + k]!,
        o.confidence[at + k]!,
      ]);
      at += n;
      return { quality: o.quality[accepted]!, ones: o.linkCounts[accepted++]!, links };
    });
  });
}

type Page = Parameters<typeof alignSentences>[0];

/** Each pair's outcome aligned here, in the same flat form. */
function inProcess(pairs: [number, number, number][], pages: Page[], numbers: number[]): Flat[] {
  return pairs.map(([i, j, via]): Flat => {
    const a = alignSentences(pages[i]!, pages[j]!);
    if (!a) return NOT_ALIGNED;
    if (!acceptAlignment(a, via, [numbers[i]!, numbers[j]!])) return REJECTED;
    const links = [...a.links, ...a.partialLinks].map((l) => [l.a, l.b, l.confidence]);
    return { quality: a.quality, ones: a.links.length, links };
  });
}

describe('aligning candidate pairs in worker threads', () => {
  it('gives every pair the outcome it gets in process, in order, across chunks', async () => {
    const languages = new LanguageIds();
    const pages = parallelCorpus().flatMap((d, k) => docFeatures(d, k, languages) ?? []);
    // An empty page (never aligned) among them.
    pages.push({
      ...pages[0]!,
      index: pages.length,
      lens: new Uint32Array(0),
      paraStart: new Uint8Array(0),
      anchorStart: new Uint32Array(1),
      anchors: new Uint32Array(0),
    });
    const numbers = pages.map((_, k) => (k % 2) * 4);
    // Every ordered pair of pages, found in different ways, again and again: more than two chunks.
    const pairs: [number, number, number][] = [];
    while (pairs.length < 2.5 * CHUNK_PAIRS)
      for (let i = 0; i < pages.length; i++)
        for (let j = 0; j < pages.length; j++)
          if (i !== j) pairs.push([i, j, pairs.length % 2 ? VIA_HREFLANG : VIA_FINGERPRINT]);

    const expected = inProcess(pairs, pages, numbers);
    // The check can fail: all three outcomes occur.
    for (const kind of [NOT_ALIGNED, REJECTED]) expect(expected).toContain(kind);
    expect(expected.some((x) => typeof x === 'object')).toBe(true);

    const outcomes: AlignPairsModule.ChunkOutcome[] = [];
    for await (const o of new ParallelAligner(2).outcomes(pairChunks(pairs, pages, numbers), acceptAlignment))
      outcomes.push(o);
    expect(outcomes.length).toBe(3);
    expect(flatten(outcomes)).toEqual(expected);

    // Workers that end without answering: every chunk is aligned in process instead.
    const broken = new URL('data:text/javascript,process.exit(1)');
    const fallback: AlignPairsModule.ChunkOutcome[] = [];
    for await (const o of new ParallelAligner(2, broken).outcomes(
      pairChunks(pairs, pages, numbers),
      acceptAlignment,
    ))
      fallback.push(o);
    expect(flatten(fallback)).toEqual(expected);
  });

  it('leaves the same links, tuples and scores in the Store as aligning in process', async () => {
    const dump = async (threads: number): Promise<unknown> => {
      const store = new SqliteStore(join(tempDir(), `t${threads}.sqlite`));
      store.putDocs(parallelCorpus(), store.beginRun({ command: 'test', config: {}, codeVersion: 'v' }));
      const result = await computeTranslationTuples(store, { alignThreads: threads, alignThreadsFrom: 0 });
      const ids = [...store.iterDocs()].map((d) => d.id);
      const out = {
        result: { ...result, timeMs: undefined, alignThreads: undefined },
        threads: result.alignThreads,
        links: ids.map((id) => store.detections.docLinks(id)),
        tuples: ids.map((id) => store.detections.sentenceTuples(id)),
        scores: ids.map((id) => store.detections.docScores(id)),
      };
      store.close();
      return out;
    };
    const inProcess = await dump(0);
    expect(inProcess).toMatchObject({ result: { accepted: 10 }, threads: 0 });
    // The result says how the pairs were aligned; everything else is the same.
    expect(await dump(2)).toEqual({ ...(inProcess as object), threads: 2 });
  });

  it('packs pages with their sentence vectors (one page without) and aligns them as in process', async () => {
    const languages = new LanguageIds();
    const dim = 8;
    // Sentence s of every page gets the unit vector of axis (s + page) mod dim: a few pairs look alike.
    const pages: Page[] = parallelCorpus().flatMap((d, k) => {
      const f = docFeatures(d, k, languages);
      if (!f) return [];
      if (k === 1) return [f];
      const vectors = new Float32Array(f.lens.length * dim);
      for (let s = 0; s < f.lens.length; s++) vectors[s * dim + ((s + k) % dim)] = 1;
      return [{ ...f, vectors }];
    });
    const numbers = pages.map(() => 0);
    const pairs: [number, number, number][] = [];
    for (let i = 0; i < pages.length; i++)
      for (let j = 0; j < pages.length; j++) if (i !== j) pairs.push([i, j, VIA_HREFLANG]);
    const expected = inProcess(pairs, pages, numbers);
    // Every page comes out of the packing as it went in, vectors included (and none where it had none).
    const packed = packSides(pages, numbers, dim);
    pages.forEach((page, k) => {
      const { lens, paraStart, anchorStart, anchors, vectors } = page;
      expect(unpackSide(packed, k)).toEqual({
        lens,
        paraStart,
        anchorStart,
        anchors,
        ...(vectors && { vectors }),
      });
    });
    expect(pages.filter((p) => p.vectors).length).toBe(pages.length - 1);

    const outcomes: AlignPairsModule.ChunkOutcome[] = [];
    for await (const o of new ParallelAligner(2).outcomes(
      pairChunks(pairs, pages, numbers, dim),
      acceptAlignment,
    ))
      outcomes.push(o);
    expect(flatten(outcomes)).toEqual(expected);
  });
});
