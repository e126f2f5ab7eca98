import { SqliteStore } from '../../db/sqlite-store.js';
import type { Store } from '../../db/store.js';
import type { StepStats } from '../../db/types.js';
import { computeDupClusters, type DedupResult } from '../../detectors/dedup-clusters.js';
import { scoreMtMarkers, type MarkerSummary } from '../../detectors/mt-markers.js';
import type { SentenceVectors } from '../../detectors/mwp/sentence-embedder.js';
import { computeTranslationTuples, type MwpResult } from '../../detectors/mwp/translation-tuples.js';
import { sideStagesAvailable, startSideStages } from './side-stages.js';

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
  /**
   * Cluster duplicates and read plugin traces in a worker thread while translation tuples are
   * computed here (`side-stages.ts`), when the Store is an SQLite file. The results are the same.
   * @default true
   */
  sideThread?: boolean;
  /** Documents needed before the side thread starts. @default SIDE_THREAD_MIN_DOCS (2,000) */
  sideThreadFrom?: number;
  /**
   * The side stages' worker script (tests give one that fails).
   * @default the built `side-stages-worker.js`
   */
  sideScript?: URL;
}

/**
 * Fewer documents than this run all three stages in turn: starting the thread costs some 50 ms,
 * more than it saves on a small database (600 pages of a demo crawl: 92-104 ms in turn, 141-149 ms
 * with the thread; its 5,160 pages: 2.07-2.45 s in turn, 1.88-2.05 s with it; warm runs, 2026-12-05).
 */
export const SIDE_THREAD_MIN_DOCS = 2000;

export interface CorpusStagesResult {
  dedup: DedupResult;
  /** Absent when detectors were not run. */
  translations?: MwpResult;
  markers?: MarkerSummary;
  /**
   * Whether duplicates and plugin traces ran in a worker thread (false: they ran here, also when
   * that thread failed).
   */
  sideThread: boolean;
  /**
   * Why the side thread did not finish, when it was started and failed (its stages then ran here,
   * with the same results).
   */
  sideThreadError?: string;
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
 * everything. Nothing is dropped here; `kept` counts documents with a finding. With the detectors,
 * over an SQLite file, duplicates and plugin traces run in a worker thread meanwhile (`sideThread`).
 */
export async function runCorpusStages(
  store: Store,
  options: CorpusStagesOptions = {},
): Promise<CorpusStagesResult> {
  const progress = options.onProgress ?? ((): void => undefined);
  const docs = store.countDocs();
  const dedupStats = (d: Timed<DedupResult>): StepStats =>
    stageStats('dup_clusters', docs, d.result.exactClusters + d.result.nearClusters, d.ms);
  const dedupHere = (): Timed<DedupResult> => {
    progress('duplicates', 0, 0);
    return timed(() => computeDupClusters(store));
  };
  if (options.detectors === false) {
    const dedup = dedupHere();
    return { dedup: dedup.result, sideThread: false, stats: [dedupStats(dedup)] };
  }
  // Duplicates and plugin traces in a worker thread (`side-stages.ts`) while translation tuples are
  // computed here, which then writes its tuples only once the worker has ended.
  const file = store instanceof SqliteStore ? store.file : undefined;
  const side =
    options.sideThread !== false &&
    docs >= (options.sideThreadFrom ?? SIDE_THREAD_MIN_DOCS) &&
    file !== undefined &&
    sideStagesAvailable(options.sideScript)
      ? startSideStages(file, options.sideScript)
      : undefined;
  const dedupInTurn = side ? undefined : dedupHere();
  const started = performance.now();
  let waitedMs = 0;
  let translations: MwpResult;
  try {
    translations = await computeTranslationTuples(store, {
      onProgress: progress,
      ...(options.vectors && { vectors: options.vectors }),
      ...(options.alignThreads !== undefined && { alignThreads: options.alignThreads }),
      ...(side && {
        beforeWrite: async () => {
          const from = performance.now();
          progress('duplicates and plugin traces', 0, 0);
          await side.done;
          waitedMs = performance.now() - from;
        },
      }),
    });
  } finally {
    // Not before the worker is done with the database, even when this stage failed.
    await side?.done;
  }
  const translationMs = performance.now() - started - waitedMs;
  const reply = side ? await side.done : {};
  // A stage the worker did not finish (it failed) runs here: a broken thread costs time, not results.
  const dedup = dedupInTurn ?? reply.dedup ?? dedupHere();
  const markers =
    reply.markers ??
    timed(() => {
      progress('plugin traces', 0, 0);
      return scoreMtMarkers(store);
    });
  return {
    dedup: dedup.result,
    translations,
    markers: markers.result,
    sideThread: reply.dedup !== undefined && reply.markers !== undefined,
    ...(reply.error !== undefined && { sideThreadError: reply.error }),
    stats: [
      dedupStats(dedup),
      stageStats('translation_tuples', translations.docs, translations.accepted, translationMs),
      stageStats('mt_markers', docs, markers.result.pages, markers.ms),
    ],
  };
}

/** A result and how long it took, in milliseconds. */
type Timed<T> = { result: T; ms: number };

/** `fn`'s result and how long it took. */
function timed<T>(fn: () => T): Timed<T> {
  const started = performance.now();
  const result = fn();
  return { result, ms: performance.now() - started };
}
