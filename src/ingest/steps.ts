import type { Store } from '../../db/store.js';
import type { Doc, SourceFile } from '../../db/types.js';
import { MAX_OPEN_ELEMENTS } from '../../crawlers/extract-html.js';
import { runCorpusStages, type CorpusStagesResult } from '../detect/corpus-stages.js';
import { mapStep, type Step } from '../pipeline/step.js';
import { WorkerPool, workerPoolStep } from '../pipeline/worker-pool-step.js';
import {
  analysisInput,
  extractDoc,
  fingerprintDoc,
  languageDoc,
  mergeAnalysis,
  translationFeaturesDoc,
  type Analyzed,
} from './analyze.js';
import { workerScriptExists } from '../../db/worker-script.js';

/** Documents already in the Store are not processed again (repeated and resumed ingests). */
export function skipStoredStep(store: Store): Step {
  return mapStep('skip_stored', (doc) => (store.hasDoc(doc.id) ? 'already_stored' : doc));
}

export const extractStep: Step = mapStep('extract', extractDoc);
export const languageStep: Step = mapStep('language', languageDoc);
export const fingerprintStep: Step = mapStep('fingerprint', fingerprintDoc);
export const translationFeaturesStep: Step = mapStep('translation_features', translationFeaturesDoc);

/** The worker thread script; it exists only in the built JavaScript (dist/). */
const ANALYZE_WORKER = new URL('./analyze-worker.js', import.meta.url);

/**
 * Worker threads that take what the analysis reads of a document and send back what it found, or
 * (`storingAnalysisStep`) take the whole document and store it themselves.
 */
export type AnalysisPool = WorkerPool<Analyzed | Doc, Partial<Analyzed>>;

/**
 * How much nicer than the main thread analysis workers are in the `background` (Linux nice values:
 * they get the CPU the main thread leaves).
 */
export const BACKGROUND_NICENESS = 10;

/** What an analysis worker is told as it starts. */
export interface AnalysisWorkerData {
  /** Lower this thread's scheduling priority by this much (Linux only). */
  niceness?: number;
}

/**
 * A pool of analysis workers, or undefined when `workers` is 0 or the built worker script is absent.
 * With `background`, the workers run at a lower scheduling priority than the main thread: for a
 * crawl, whose main thread runs crawlee (requests, parsing, scheduling) and is its bottleneck, while
 * the analysis can lag behind it (the queue between them is bounded).
 */
export function analysisPool(
  workers: number,
  options: { background?: boolean } = {},
): AnalysisPool | undefined {
  const data: AnalysisWorkerData = options.background ? { niceness: BACKGROUND_NICENESS } : {};
  return workers > 0 && workerScriptExists(ANALYZE_WORKER)
    ? new WorkerPool<Analyzed | Doc, Partial<Analyzed>>(ANALYZE_WORKER, workers, data)
    : undefined;
}

/**
 * The per-document analysis steps: in the pool's worker threads (as one `analyze` step, since the
 * work happens together), else in process as four steps.
 */
export function analysisSteps(pool: AnalysisPool | undefined): Step[] {
  return pool
    ? [reportingMarkup(workerPoolStep('analyze', pool, { pack: analysisInput, merge: mergeAnalysis }))]
    : [reportingMarkup(extractStep), languageStep, fingerprintStep, translationFeaturesStep];
}

/**
 * Analysis and storage in one step, both in the pool's workers: each is sent the whole document
 * and writes it to the SQLite database at `path` itself (what reaches a worker together, in one
 * transaction), so what this thread yields is stored already (a document the database held before
 * is dropped as `already_stored`). For a crawl, whose thread also runs crawlee: it neither receives
 * the analysis back nor writes it. The yielded documents carry no analysis (no sentences, language
 * or hashes).
 */
export function storingAnalysisStep(pool: AnalysisPool, path: string, runId: number): Step {
  return reportingMarkup(
    workerPoolStep('analyze', pool, {
      pack: (doc) => doc,
      merge: (doc) => doc,
      extra: { store: { path, runId } },
    }),
  );
}

/**
 * `step`, reporting each page whose markup made extraction start afresh (`PageInfo.markupRestarts`):
 * the page is kept, and the problem says where it is and where its markup broke.
 */
function reportingMarkup(step: Step): Step {
  return {
    name: step.name,
    async *run(docs, ctx) {
      for await (const doc of step.run(docs, ctx)) {
        const restarts = doc.page?.markupRestarts;
        if (restarts) {
          ctx.problem({
            code: 'markup_too_deep',
            message:
              `${doc.url ?? 'page'}: more than ${MAX_OPEN_ELEMENTS} elements open at once (first at character ` +
              `${restarts.firstAt} of its HTML, ${restarts.count} time(s)); extraction went on with a fresh parser`,
            ...(doc.provenance.path !== undefined
              ? { path: doc.provenance.path }
              : doc.url && { path: doc.url }),
            ...(doc.provenance.recordOffset !== undefined && { offset: doc.provenance.recordOffset }),
            ...(doc.provenance.line !== undefined && { line: doc.provenance.line }),
          });
        }
        yield doc;
      }
    },
  };
}

/**
 * Documents per write transaction. Larger batches amortise the commit; a crash loses at most one
 * batch, which the next run re-reads because its file is not marked complete.
 */
export const WRITE_BATCH = 500;

export interface WriterOptions {
  store: Store;
  runId: number;
  /** The file being read; written as `complete` in the same transaction as its last documents. */
  source: Omit<SourceFile, 'status' | 'docs'>;
  /** How many of this file's documents were stored before this run (skipped as already stored). */
  storedBefore: () => number;
  /** Told after each committed batch how many documents it inserted (for live progress). */
  onStored?: (inserted: number) => void;
  /** Documents per transaction. Default WRITE_BATCH. */
  batchSize?: number;
}

/**
 * The sink after `storingAnalysisStep`, whose workers stored each document it yields: counts them
 * (`onStored`) and marks the source complete once the stream ends.
 */
export function storedByWorkersStep(options: Omit<WriterOptions, 'runId' | 'batchSize'>): Step {
  return {
    name: 'store',
    async *run(docs) {
      let written = 0;
      for await (const doc of docs) {
        written++;
        options.onStored?.(1);
        yield doc;
      }
      options.store.putSource({
        ...options.source,
        status: 'complete',
        docs: options.storedBefore() + written,
      });
    },
  };
}

/** The sink: writes documents in batches and yields the ones it inserted. */
export function storeWriterStep(options: WriterOptions): Step {
  return {
    name: 'store',
    async *run(docs, ctx) {
      let batch: Doc[] = [];
      let written = 0;
      const write = (complete: boolean): Doc[] => {
        const pending = batch;
        batch = [];
        const source: SourceFile | undefined = complete
          ? { ...options.source, status: 'complete', docs: options.storedBefore() + written + pending.length }
          : undefined;
        const { inserted, existingIds } = options.store.putDocs(pending, options.runId, source);
        written += inserted;
        options.onStored?.(inserted);
        if (existingIds.length === 0) return pending;
        // Stored by a concurrent run between the skip check and now: counted, not duplicated.
        const existing = new Set(existingIds);
        for (const doc of pending) if (existing.has(doc.id)) ctx.drop('already_stored');
        return pending.filter((doc) => !existing.has(doc.id));
      };
      for await (const doc of docs) {
        batch.push(doc);
        if (batch.length >= (options.batchSize ?? WRITE_BATCH)) yield* write(false);
      }
      yield* write(true);
    },
  };
}

/** What `ingest` and `crawl` were asked that the stages after reading depend on. */
export interface AfterReadingOptions {
  /** Run the detectors after reading. @default true */
  detectors?: boolean | undefined;
  onStageProgress?: ((phase: string, done: number, total: number) => void) | undefined;
  /** The worker threads asked for (0: none), which bound the alignment's too. */
  workers?: number | undefined;
}

/**
 * The cross-document stages once every document is read and stored: the analysis threads end
 * first, so their heaps are gone before the stages start their own (the alignment's) and hold every
 * page's features.
 */
export async function stagesAfterReading(
  store: Store,
  pool: AnalysisPool | undefined,
  options: AfterReadingOptions,
): Promise<CorpusStagesResult> {
  await pool?.close();
  return runCorpusStages(store, {
    detectors: options.detectors ?? true,
    ...(options.onStageProgress && { onProgress: options.onStageProgress }),
    ...(options.workers !== undefined && { alignThreads: options.workers, sideThread: options.workers > 0 }),
  });
}
