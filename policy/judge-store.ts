import type { Store, StoredDoc } from '../db/store.js';
import type { DocScore, Evidence, Verdict } from '../db/types.js';
import type { PolicyEngine, PolicyOutcome } from './apply-policy.js';

/** One stored page with what the policy decided about it. */
export interface JudgedDoc {
  /** The page without its sentences (no reader of a judgement uses them). */
  doc: StoredDoc;
  scores: DocScore[];
  evidence: Evidence[];
  verdict: Verdict | undefined;
  outcome: PolicyOutcome;
}

/** Duplicate cluster members other than the first, each with the cluster's first member. */
function laterMembers(store: Store, kind: 'exact' | 'near'): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of store.getDupClusters(kind)) if (m.docId !== m.clusterId) out.set(m.docId, m.clusterId);
  return out;
}

/**
 * Applies the policy to every stored page, in id order (lazily: one page in memory at a time,
 * besides the duplicate memberships).
 */
export function* judgeStore(store: Store, engine: PolicyEngine): Iterable<JudgedDoc> {
  const exact = laterMembers(store, 'exact');
  const near = laterMembers(store, 'near');
  for (const doc of store.iterDocs({ sentences: false })) {
    const scores = store.detections.docScores(doc.id);
    const evidence = store.detections.docEvidence(doc.id);
    const verdict = store.detections.getVerdict(doc.id);
    const outcome = engine.apply({
      url: doc.url,
      lang: doc.lang?.code,
      scores,
      evidence,
      verdict,
      duplicateOf: { exact: exact.get(doc.id), near: near.get(doc.id) },
    });
    yield { doc, scores, evidence, verdict, outcome };
  }
}
