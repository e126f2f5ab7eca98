import { SqliteStore } from '../../db/sqlite-store.js';
import type { Store } from '../../db/store.js';
import type { SourceFile } from '../../db/types.js';
import {
  analysisSteps,
  skipStoredStep,
  storedByWorkersStep,
  storeWriterStep,
  storingAnalysisStep,
  type AnalysisPool,
} from '../ingest/steps.js';
import type { Step } from '../pipeline/step.js';

/** Pages per transaction where this thread stores them: a page counts as done for --resume once stored. */
export const CRAWL_WRITE_BATCH = 16;

/**
 * Where fetched pages go after the fetch: with workers and an SQLite file, the workers analyse and
 * store each page themselves (this thread runs crawlee and is the crawl's bottleneck); otherwise
 * this thread analyses (or hands analysis to the pool) and stores them in small batches, so an
 * interrupted crawl refetches at most a batch plus the pages in flight.
 */
export function crawlSinkSteps(o: {
  store: Store;
  pool: AnalysisPool | undefined;
  runId: number;
  source: Omit<SourceFile, 'status' | 'docs'>;
  onStored: (n: number) => void;
}): Step[] {
  const file = o.store instanceof SqliteStore ? o.store.file : undefined;
  if (o.pool !== undefined && file !== undefined) {
    return [
      storingAnalysisStep(o.pool, file, o.runId),
      storedByWorkersStep({ store: o.store, source: o.source, storedBefore: () => 0, onStored: o.onStored }),
    ];
  }
  return [
    skipStoredStep(o.store),
    ...analysisSteps(o.pool),
    storeWriterStep({
      store: o.store,
      runId: o.runId,
      source: o.source,
      storedBefore: () => 0,
      batchSize: CRAWL_WRITE_BATCH,
      onStored: o.onStored,
    }),
  ];
}
