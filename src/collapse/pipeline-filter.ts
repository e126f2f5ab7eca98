import { createHash } from 'node:crypto';
import { MemoryStore } from '../../db/memory-store.js';
import type { Doc } from '../../db/types.js';
import { runCorpusStages } from '../detect/corpus-stages.js';
import { analyzeDoc } from '../ingest/analyze.js';
import { PolicyEngine } from '../policy/apply-policy.js';
import type { LoadedPolicy } from '../policy/load-policy.js';
import { scoreStore } from '../score/score-run.js';
import { loadScorers, type LoadedScorers, type ModelOptions, type ScoreDetector } from '../score/scorers.js';

/**
 * What the filter scores with by default. Zero-shot is slow (about 12 pages/s here) but without it
 * the verdict imputes its features and, on Brown pages, flags real text as often as the trigram's.
 */
export const FILTER_DETECTORS: readonly ScoreDetector[] = ['classifier', 'zero-shot', 'verdict'];

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
  const detectors: ScoreDetector[] = [...(options.models?.detectors ?? FILTER_DETECTORS)];
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
          // What ingest does to a page: language ID per document and sentence, fingerprints.
          const doc = analyzeDoc({
            id: key,
            text: d.text,
            provenance: { sourceKind: 'jsonl', contentDigest: `sha256:${key}` },
          });
          if (typeof doc !== 'string') fresh.push(doc);
        }
      }
      if (fresh.length > 0) {
        store.putDocs(fresh, runId);
        // The cross-document stages, as after ingest: duplicates, translation tuples, plugin
        // traces. A page of one language in no tuple then has multi-way scores of 0, not missing
        // ones the verdict would fill with the calibration set's (machine-heavy) means.
        runCorpusStages(store);
      }
      await scoreStore({ store, loaded, detectors, command: 'collapse-filter' });
      const rejected = new Set<string>();
      for (const [key, ids] of byKey) {
        const outcome = engine.apply({
          lang: store.getDoc(key)?.lang?.code,
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
