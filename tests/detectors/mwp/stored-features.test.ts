import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../db/memory-store.js';
import { SqliteStore } from '../../../db/sqlite-store.js';
import type { Store } from '../../../db/store.js';
import type { Doc } from '../../../db/types.js';
import { pageFeatures } from '../../../detectors/mwp/features.js';
import { decodeFeatures, encodeFeatures, FEATURES_FORMAT } from '../../../detectors/mwp/stored-features.js';
import { computeTranslationTuples } from '../../../detectors/mwp/translation-tuples.js';
import { translationFeaturesDoc } from '../../../src/ingest/analyze.js';
import { pageDoc, parallelCorpus } from '../../helpers/pages.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sqlite(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'ca-features-'));
  dirs.push(dir);
  return new SqliteStore(join(dir, 'audit.sqlite'));
}

const page = pageDoc('doc-1', 'https://example.org/a.html', [
  'The Universal Declaration of Human Rights was adopted in Paris on 10 December 1948.',
  'Article 1. All human beings are born free and equal in dignity and rights.',
  'He said. Yes.',
]);

describe('stored translation features', () => {
  it('decode to what docFeatures computes', () => {
    const f = pageFeatures(page)!;
    expect(decodeFeatures(encodeFeatures(f))).toEqual(f);
  });

  it('are pinned: a change to what they hold must change FEATURES_FORMAT', () => {
    // If this fails because sentence keys, anchors or paragraph starts are computed differently now,
    // features stored by the previous version no longer match: change FEATURES_FORMAT's tag too.
    const f = pageFeatures(page)!;
    expect(new TextDecoder().decode(FEATURES_FORMAT)).toBe('mwf1');
    expect([...f.lens]).toEqual([83, 10, 63, 8, 4]);
    expect([...f.paraStart]).toEqual([1, 1, 0, 1, 0]);
    expect([...f.anchorStart]).toEqual([0, 8, 9, 9, 9, 9]);
    expect([...f.anchors]).toEqual([
      1764217044, 2083407846, 2514829818, 3001888939, 3554969172, 3733442247, 3846094264, 3904720602,
      98436591,
    ]);
    expect([...f.keys]).toEqual([
      650881357254238, 2640078449114147, 8100426375738414, 337708771879456, 7075597236708320,
    ]);
  });

  it('that are damaged or of another version are not decoded', () => {
    const bytes = encodeFeatures(pageFeatures(page)!);
    expect(decodeFeatures(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    const other = bytes.slice();
    other[3] = 0x30;
    expect(decodeFeatures(other)).toBeUndefined();
    expect(decodeFeatures(new Uint8Array(3))).toBeUndefined();
  });

  for (const [name, make] of [
    ['memory', () => new MemoryStore()],
    ['sqlite', sqlite],
  ] as const) {
    it(`give the same tuples, links and scores as features computed from the text (${name} store)`, async () => {
      const fromText = make();
      fromText.putDocs(parallelCorpus(), fromText.beginRun({ command: 't', config: {}, codeVersion: 'v' }));
      const fromStored = make();
      const docs: Doc[] = parallelCorpus().map((d) => translationFeaturesDoc(d));
      // One page as an older version stored it, one damaged: both are computed from their text.
      docs[5]!.mwpFeatures![3] = 0x30;
      docs[6]!.mwpFeatures = docs[6]!.mwpFeatures!.subarray(0, 40);
      fromStored.putDocs(docs, fromStored.beginRun({ command: 't', config: {}, codeVersion: 'v' }));

      const a = await computeTranslationTuples(fromText);
      const b = await computeTranslationTuples(fromStored);
      expect(a.storedFeatures).toBe(0);
      expect(b.storedFeatures).toBe(5);
      const outcome = (r: typeof a, s: Store) => ({
        result: { ...r, storedFeatures: 0, timeMs: {} },
        docs: [...s.iterDocs()].map((d) => ({
          links: s.detections.docLinks(d.id),
          tuples: s.detections.sentenceTuples(d.id),
          scores: s.detections.docScores(d.id),
          evidence: s.detections.docEvidence(d.id).map((e) => [e.code, e.detail]),
        })),
      });
      expect(outcome(b, fromStored)).toEqual(outcome(a, fromText));
      expect(a.accepted).toBeGreaterThan(0);
    });
  }

  it('come from the Store in place of the text only in the format asked for', () => {
    const store = sqlite();
    const docs = parallelCorpus()
      .slice(0, 2)
      .map((d) => translationFeaturesDoc(d));
    store.putDocs(docs, store.beginRun({ command: 't', config: {}, codeVersion: 'v' }));
    const [withFeatures] = [...store.iterTexts({ featuresFormat: FEATURES_FORMAT })];
    expect(withFeatures!.text).toBeUndefined();
    expect(decodeFeatures(withFeatures!.features!)).toEqual(pageFeatures(docs[0]!));
    const [other] = [...store.iterTexts({ featuresFormat: new TextEncoder().encode('mwf0') })];
    expect(other!.features).toBeUndefined();
    expect(other!.text).toBe(docs[0]!.text);
    expect(other!.sentences!.length).toBe(docs[0]!.sentences!.length);
    const [plain] = [...store.iterTexts()];
    expect(plain!.text).toBe(docs[0]!.text);
  });
});
