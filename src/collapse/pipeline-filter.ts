import { createHash } from 'node:crypto';
import { MemoryStore } from '../../db/memory-store.js';
import type { Doc, DocScore } from '../../db/types.js';
import { runCorpusStages } from '../detect/corpus-stages.js';
import { analyzeDoc } from '../ingest/analyze.js';
import { PolicyEngine } from '../../policy/apply-policy.js';
import type { LoadedPolicy } from '../../policy/load-policy.js';
import { scoreStore } from '../score/score-run.js';
import { loadScorers, type LoadedScorers, type ModelOptions, type ScoreDetector } from '../score/scorers.js';

/**
 * What the filter scores with by default. Zero-shot is the slow part (32 to 37 pages/s a thread,
 * `npm run bench:score`) but without it the verdict imputes its features and, on Brown pages, flags
 * real text as often as the trigram's. Text statistics cost nearly nothing and find most of the
 * trigram's pages (its word salad rarely repeats a content word).
 */
export const FILTER_DETECTORS: readonly ScoreDetector[] = [
  'classifier',
  'zero-shot',
  'text-stats',
  'verdict',
];

/** Decides which documents of a training mix to drop: the ids it rejects. */
export interface DocumentFilter {
  name: string;
  reject(docs: readonly { id: string; text: string }[]): Promise<Set<string>>;
  dispose(): Promise<void>;
}

/**
 * The project's own pipeline as a filter: each call's documents go into a Store of their own, the
 * cross-document stages run over them as after an ingest, `score` runs the model detectors and the
 * verdict, and the policy step decides, exactly as `gate` does for one batch. So one generation's
 * scrape is judged on its own, as a batch would be, not against earlier generations or other
 * seeds. Models load once; a text is analysed and run through the models once (both depend on the
 * text alone and are kept by its digest), while its cross-document evidence and verdict are
 * decided afresh in each batch it is part of.
 */
export async function pipelineFilter(options: {
  policy: LoadedPolicy;
  models?: ModelOptions;
}): Promise<DocumentFilter> {
  const detectors: ScoreDetector[] = [...(options.models?.detectors ?? FILTER_DETECTORS)];
  const loaded: LoadedScorers = await loadScorers({ ...options.models, detectors, policy: options.policy });
  const engine = PolicyEngine.of(options.policy);
  /** Per text digest: the analysed document (undefined: analysis dropped it) and its model scores. */
  const analyzed = new Map<string, Doc | undefined>();
  const scored = new Map<string, DocScore[]>();
  return {
    name: `score(${detectors.join(',')}) + policy ${options.policy.source}`,
    async reject(docs) {
      const store = new MemoryStore();
      const runId = store.beginRun({
        command: 'collapse-filter',
        config: { detectors },
        codeVersion: 'collapse',
      });
      const byKey = new Map<string, string[]>();
      for (const d of docs) {
        const key = createHash('sha256').update(d.text).digest('hex').slice(0, 32);
        const ids = byKey.get(key) ?? [];
        ids.push(d.id);
        byKey.set(key, ids);
        if (!analyzed.has(key)) {
          // What ingest does to a page: language ID per document and sentence, fingerprints.
          const doc = analyzeDoc<Doc>({
            id: key,
            text: d.text,
            provenance: { sourceKind: 'jsonl', contentDigest: `sha256:${key}` },
          });
          analyzed.set(key, typeof doc === 'string' ? undefined : doc);
        }
      }
      const batch = [...byKey.keys()].flatMap((key) => analyzed.get(key) ?? []);
      store.putDocs(batch, runId);
      // The cross-document stages, as after ingest: duplicates, translation tuples, plugin
      // traces. A page of one language in no tuple then has multi-way scores of 0, not missing
      // ones the verdict would fill with the calibration set's (machine-heavy) means.
      await runCorpusStages(store);
      // Scores the models gave these texts before, marked as scored by the same model versions.
      const known = batch.filter((d) => scored.has(d.id));
      for (const scorer of loaded.scorers) {
        store.detections.putScoreBatch(
          scorer.detector,
          scorer.digest,
          known.map((d) => d.id),
          known.flatMap((d) => scored.get(d.id)!.filter((x) => x.detector === scorer.detector)),
        );
      }
      // One batch: the workers get all their pages at once, so they keep scoring while this
      // thread does other work (the harness runs other regimes meanwhile).
      await scoreStore({
        store,
        loaded,
        detectors,
        command: 'collapse-filter',
        batchDocs: Math.max(batch.length, 1),
      });
      for (const d of batch) if (!scored.has(d.id)) scored.set(d.id, store.detections.docScores(d.id));
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
