import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { MemoryStore } from '../../db/memory-store.js';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { Store } from '../../db/store.js';
import { computeDupClusters } from '../../detectors/dedup-clusters.js';
import { bandKeys, minhashSignature } from '../../detectors/minhash.js';
import { normalizeForDedup } from '../../detectors/normalize.js';
import { rng } from '../../db/random.js';
import { sampleDoc } from '../helpers/docs.js';
import { tempDir } from '../helpers/temp-dirs.js';

const article = (seed: number): string => {
  const random = rng(seed);
  return Array.from({ length: 300 }, () => `word${Math.floor(random() * 3000)}`).join(' ');
};

function doc(n: number, text: string) {
  const normalized = normalizeForDedup(text);
  const minhash = minhashSignature(normalized);
  return sampleDoc(n, { text, textHash: normalized, minhash, lshBands: bandKeys(minhash) });
}

const stores: [string, () => Store][] = [
  ['MemoryStore', () => new MemoryStore()],
  ['SqliteStore', () => new SqliteStore(join(tempDir(), 'audit.sqlite'))],
];

describe.each(stores)('computeDupClusters over %s', (_name, makeStore) => {
  it.each([
    ['kept for the whole stage', undefined],
    ['fetched again when the cache starts over', 1],
  ])(
    'clusters exact and near duplicates, named by their smallest id (signatures %s)',
    (_how, signatureCache) => {
      const store = makeStore();
      const runId = store.beginRun({ command: 't', config: {}, codeVersion: 'v' });
      const a = article(1);
      const nearA = a.replace('word', 'changed').replace(/word(\d+)$/, 'other');
      store.putDocs(
        [
          doc(1, a),
          doc(2, a.toUpperCase() + '!'), // same after normalisation
          doc(3, nearA),
          doc(4, article(2)),
          doc(5, article(3)),
        ],
        runId,
      );
      const result = computeDupClusters(store, { signatureCache });
      expect(store.getDupClusters('exact')).toEqual([
        { docId: 'doc-0001', clusterId: 'doc-0001' },
        { docId: 'doc-0002', clusterId: 'doc-0001' },
      ]);
      expect(store.getDupClusters('near')).toEqual([
        { docId: 'doc-0001', clusterId: 'doc-0001' },
        { docId: 'doc-0002', clusterId: 'doc-0001' },
        { docId: 'doc-0003', clusterId: 'doc-0001' },
      ]);
      expect(result).toMatchObject({ exactClusters: 1, nearClusters: 1, verifiedPairs: 2 });
      expect(store.countDocs()).toBe(5);
    },
  );

  it('compares every candidate pair when the signature cache starts over between groups', () => {
    const store = makeStore();
    const runId = store.beginRun({ command: 't', config: {}, codeVersion: 'v' });
    const a = article(7);
    // Bucket 10 holds documents 1 and 2, bucket 11 documents 1 and 3: the second group needs
    // document 1's signature again after the one-entry cache dropped it.
    const withBands = (n: number, text: string, lshBands: number[]) => ({ ...doc(n, text), lshBands });
    store.putDocs(
      [
        withBands(1, a, [10, 11]),
        withBands(2, a.replace('word', 'first'), [10]),
        withBands(3, a.replace('word', 'second'), [11]),
      ],
      runId,
    );
    const result = computeDupClusters(store, { signatureCache: 1 });
    expect(store.getDupClusters('near').map((m) => m.docId)).toEqual(['doc-0001', 'doc-0002', 'doc-0003']);
    expect(result).toMatchObject({ candidatePairs: 2, verifiedPairs: 2 });
  });

  it('recomputes from scratch: clusters of removed similarity disappear', () => {
    const store = makeStore();
    const runId = store.beginRun({ command: 't', config: {}, codeVersion: 'v' });
    store.putDocs([doc(1, article(5)), doc(2, article(6))], runId);
    store.replaceDupClusters('near', [
      { docId: 'doc-0001', clusterId: 'doc-0001' },
      { docId: 'doc-0002', clusterId: 'doc-0001' },
    ]);
    computeDupClusters(store);
    expect(store.getDupClusters('near')).toEqual([]);
  });
});
