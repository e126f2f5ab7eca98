import type { Store } from '../../db/store.js';
import type { StepStats } from '../../db/types.js';
import { computeDupClusters, type DedupResult } from '../../detectors/dedup-clusters.js';
import { scoreMtMarkers, type MarkerSummary } from '../../detectors/mt-markers.js';
import type { SentenceVectors } from '../../detectors/mwp/sentence-embedder.js';
import { computeTranslationTuples, type MwpResult } from '../../detectors/mwp/translation-tuples.js';

export interface CorpusStagesOptions {
  /**
   * Run the detectors (translation tuples, MT plugin traces) as well as duplicate clustering.
   * @default true
   */
  detectors?: boolean;
  /** Called as work advances: stage or phase name, done, total (0 when unknown). */
  onProgress?: (phase: string, done: number, total: number) => void;
  /** Sentence vectors for the translation detector (`embedStoreSentences`); off when absent. */
  vectors?: SentenceVectors;
  /** At most this many worker threads for the translation detector's alignment (`MwpOptions.alignThreads`). */
  alignThreads?: number;
}

export interface CorpusStagesResult {
  dedup: DedupResult;
  /** Absent when detectors were not run. */
  translations?: MwpResult;
  markers?: MarkerSummary;
  /** One entry per stage, for the run record. */
  stats: StepStats[];
}

function stageStats(name: string, total: number, kept: number, timeMs: number): StepStats {
  return { name, total, kept, dropped: 0, timeMs: Math.round(timeMs), reasons: {} };
}

/**
 * The cross-document stages, over the whole Store, after documents were added: duplicate clusters,
 * then (unless turned off) translation tuples and MT plugin traces. Each recomputes its output as a
 * whole, so running them again after more documents arrive gives the same result as one run over
 * everything. Nothing is dropped here; `kept` counts documents with a finding.
 */
export async function runCorpusStages(
  store: Store,
  options: CorpusStagesOptions = {},
): Promise<CorpusStagesResult> {
  const progress = options.onProgress ?? ((): void => undefined);
  const docs = store.countDocs();
  let t = performance.now();
  progress('duplicates', 0, 0);
  const dedup = computeDupClusters(store);
  const stats = [
    stageStats('dup_clusters', docs, dedup.exactClusters + dedup.nearClusters, performance.now() - t),
  ];
  if (options.detectors === false) return { dedup, stats };
  t = performance.now();
  const translations = await computeTranslationTuples(store, {
    onProgress: progress,
    ...(options.vectors && { vectors: options.vectors }),
    ...(options.alignThreads !== undefined && { alignThreads: options.alignThreads }),
  });
  stats.push(
    stageStats('translation_tuples', translations.docs, translations.accepted, performance.now() - t),
  );
  t = performance.now();
  progress('plugin traces', 0, 0);
  const markers = scoreMtMarkers(store);
  stats.push(stageStats('mt_markers', docs, markers.pages, performance.now() - t));
  return { dedup, translations, markers, stats };
}
