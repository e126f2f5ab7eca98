import { createHash } from 'node:crypto';
import { MemoryStore } from '../../db/memory-store.js';
import type { Doc } from '../../db/types.js';
import { PolicyEngine } from '../policy/apply-policy.js';
import type { LoadedPolicy } from '../policy/load-policy.js';
import { scoreStore } from '../score/score-run.js';
import { loadScorers, type LoadedScorers, type ModelOptions, type ScoreDetector } from '../score/scorers.js';

/** Decides which documents of a training mix to drop: the ids it rejects. */
export interface DocumentFilter {
  name: string;
  reject(docs: readonly { id: string; text: string }[]): Promise<Set<string>>;
  dispose(): Promise<void>;
}

/**
 * The project's own pipeline as a filter: documents go into a Store, `score` runs the model
 * detectors and the verdict over them, and the policy step decides, exactly as `gate` does for a
 * batch without cross-document stages. Models load once; a document is scored once (the Store is
 * kept between calls, and score skips what the same models already scored).
 */
export async function pipelineFilter(options: {
  policy: LoadedPolicy;
  models?: ModelOptions;
}): Promise<DocumentFilter> {
  const detectors: ScoreDetector[] = [...(options.models?.detectors ?? ['classifier', 'verdict'])];
  const loaded: LoadedScorers = await loadScorers({ ...options.models, detectors });
  const store = new MemoryStore();
  const engine = new PolicyEngine(options.policy.policy);
  const runId = store.beginRun({
    command: 'collapse-filter',
    config: { detectors },
    codeVersion: 'collapse',
  });
  return {
    name: `score(${detectors.join(',')}) + policy ${options.policy.source}`,
    async reject(docs) {
      const byKey = new Map<string, string[]>();
      const fresh: Doc[] = [];
      for (const d of docs) {
        const key = createHash('sha256').update(d.text).digest('hex').slice(0, 32);
        const ids = byKey.get(key) ?? [];
        ids.push(d.id);
        byKey.set(key, ids);
        if (!store.hasDoc(key) && ids.length === 1) {
          fresh.push({
            id: key,
            text: d.text,
            provenance: { sourceKind: 'jsonl', contentDigest: `sha256:${key}` },
          });
        }
      }
      if (fresh.length > 0) store.putDocs(fresh, runId);
      await scoreStore({ store, loaded, detectors, command: 'collapse-filter' });
      const rejected = new Set<string>();
      for (const [key, ids] of byKey) {
        const outcome = engine.apply({
          scores: store.detections.docScores(key),
          evidence: store.detections.docEvidence(key),
          verdict: store.detections.getVerdict(key),
        });
        if (outcome.decision === 'reject') for (const id of ids) rejected.add(id);
      }
      return rejected;
    },
    async dispose() {
      await Promise.all(loaded.scorers.map((s) => s.dispose()));
    },
  };
}
