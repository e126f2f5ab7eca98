import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../db/sqlite-store.js';
import { PLUGINS } from '../../detectors/mt-markers.js';
import { REASON_REGISTRY, type ReasonUse } from '../../detectors/reason-codes.js';
import { FEATURES } from '../../detectors/verdict/features.js';
import { ABSTENTION_CODES } from '../../detectors/verdict/verdict-model.js';
import { PolicyEngine, REASON_CODES } from '../../policy/apply-policy.js';
import { resolvePolicy } from '../../policy/load-policy.js';
import { runCorpusStages } from '../../src/detect/corpus-stages.js';
import { pageDoc, parallelCorpus } from '../helpers/pages.js';
import { tempDir } from '../helpers/temp-dirs.js';

const registered = (use: ReasonUse): Set<string> =>
  new Set(REASON_REGISTRY.filter((r) => r.uses.includes(use)).map((r) => r.code));

describe('the reason-code registry', () => {
  it('names each code once, snake_case, with a meaning', () => {
    const codes = REASON_REGISTRY.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of REASON_REGISTRY) {
      expect(r.code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(r.meaning.length).toBeGreaterThan(10);
      expect(r.uses.length).toBeGreaterThan(0);
    }
  });

  it('holds every code the verdict gives, and one per plugin', () => {
    const verdict = registered('verdict');
    for (const f of FEATURES) expect(verdict, f.code).toContain(f.code);
    for (const p of PLUGINS) expect(verdict, p.code).toContain(p.code);
    expect(new Set(ABSTENTION_CODES)).toEqual(registered('abstention'));
  });

  it('holds every code the policy and the detectors give, on pages that fire them', async () => {
    expect(new Set(REASON_CODES)).toEqual(registered('policy'));
    const store = new SqliteStore(join(tempDir(), 'audit.sqlite'));
    const runId = store.beginRun({ command: 'test', config: {}, codeVersion: 'v' });
    store.putDocs(
      [
        ...parallelCorpus(),
        pageDoc('copy', 'https://copy.example/a.html', ['Same text as another page here.']),
      ],
      runId,
    );
    await runCorpusStages(store);
    const engine = new PolicyEngine(
      resolvePolicy(
        {
          detectors: { mwp: { share_2plus: 0.01, share_3plus: 0.01, share_8plus: 0.01, counterparts: 1 } },
          duplicates: { exact: 'reject', near: 'reject' },
          insufficient: 'reject',
          domains: { deny: ['copy.example'] },
        },
        'all rules',
      ).policy,
    );
    const seen = new Set<string>();
    for (const doc of store.iterDocs()) {
      for (const e of store.detections.docEvidence(doc.id))
        expect(registered('evidence'), e.code).toContain(e.code);
      const outcome = engine.apply({
        url: doc.url,
        lang: doc.lang?.code,
        scores: store.detections.docScores(doc.id),
        evidence: store.detections.docEvidence(doc.id),
      });
      for (const r of outcome.reasons) seen.add(r.code);
    }
    store.close();
    for (const code of seen) expect(registered('policy'), code).toContain(code);
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });
});
