import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../db/memory-store.js';
import { computeTranslationTuples, MWP_DETECTOR } from '../../../detectors/mwp/translation-tuples.js';
import { parallelCorpus } from '../../helpers/pages.js';

function setup(): MemoryStore {
  const store = new MemoryStore();
  store.putDocs(parallelCorpus(), store.beginRun({ command: 'test', config: {}, codeVersion: 'v' }));
  return store;
}

const translated = ['farm-en', 'farm-es', 'farm-fr', 'mirror-ca', 'mirror-eo'];

describe('computeTranslationTuples', () => {
  it('links every translation of an article, declared or not, and nothing else', async () => {
    const store = setup();
    const result = await computeTranslationTuples(store);
    expect(result.docs).toBe(7);
    const links = translated.flatMap((id) => store.detections.docLinks(id).filter((l) => l.docA === id));
    const pairs = links.map((l) => `${l.docA}~${l.docB}`).sort();
    const expected: string[] = [];
    for (let i = 0; i < translated.length; i++)
      for (let j = i + 1; j < translated.length; j++)
        expected.push([translated[i], translated[j]].sort().join('~'));
    expect(pairs).toEqual(expected.sort());
    expect(store.detections.docLinks('blog')).toEqual([]);
    expect(store.detections.docLinks('other-es')).toEqual([]);
    // How each pair was found: the farm through hreflang and URLs, the mirrors only by fingerprint.
    const via = (a: string, b: string) => links.find((l) => l.docA === a && l.docB === b)!.via;
    expect(via('farm-en', 'farm-es')).toEqual(expect.arrayContaining(['hreflang', 'url']));
    expect(via('farm-en', 'mirror-ca')).toEqual(['fingerprint']);
  });

  it('puts most sentences of the five versions in 5-language tuples, with scores and evidence', async () => {
    const store = setup();
    await computeTranslationTuples(store);
    for (const id of translated) {
      const doc = store.getDoc(id)!;
      const tuples = store.detections.sentenceTuples(id);
      const inFive = tuples.filter((t) => t.size === 5).length;
      expect(inFive / doc.sentences!.length, id).toBeGreaterThan(0.8);
      const scores = Object.fromEntries(store.detections.docScores(id).map((s) => [s.name, s.value]));
      expect(scores.share_3plus, id).toBeGreaterThan(0.8);
      expect(scores.counterparts, id).toBe(4);
      expect(store.detections.docEvidence(id).map((e) => e.code)).toEqual(['mwp_tuple_3plus']);
    }
    // A tuple holds one sentence per language.
    const first = store.detections.sentenceTuples('farm-en').find((t) => t.size === 5)!;
    const tuple = store.detections.getTuple(first.tupleId)!;
    expect(tuple.languages).toEqual(['cat', 'eng', 'epo', 'fra', 'spa']);
    expect(store.detections.tupleMembers(first.tupleId).map((m) => m.docId)).toEqual([...translated].sort());
    for (const id of ['blog', 'other-es']) {
      expect(store.detections.sentenceTuples(id)).toEqual([]);
      expect(
        store.detections.docScores(id).find((s) => s.detector === MWP_DETECTOR && s.name === 'share_2plus')
          ?.value,
      ).toBe(0);
      expect(store.detections.docEvidence(id)).toEqual([]);
    }
  });

  it('gives the same result when run again (each run replaces the last)', async () => {
    const store = setup();
    await computeTranslationTuples(store);
    const before = translated.map((id) => store.detections.sentenceTuples(id));
    const again = await computeTranslationTuples(store);
    expect(translated.map((id) => store.detections.sentenceTuples(id))).toEqual(before);
    expect(again.accepted).toBe(10);
  });
});
