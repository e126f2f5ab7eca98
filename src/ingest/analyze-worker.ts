import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { Doc } from '../../db/types.js';
import { analyzeDoc, type Analyzed } from './analyze.js';
import type { AnalysisWorkerData } from './steps.js';

/**
 * Worker thread side of the `analyze` step: what the analysis needs of one document in
 * (`analysisInput`), what it found or a drop reason out. With `store`, the whole document comes in
 * and the worker writes it to that SQLite database itself (one transaction per document), replying
 * only whether it was new: the crawler's thread, which runs crawlee too, neither receives the
 * analysis nor writes it.
 */
export interface AnalyzeRequest {
  seq: number;
  doc: Analyzed | Doc;
  store?: { path: string; runId: number };
}

export type AnalyzeReply =
  | { seq: number; doc: Analyzed | Record<string, never> }
  | { seq: number; drop: string }
  | { seq: number; error: string };

// On Linux a nice value belongs to a thread, and pid 0 is the calling thread: this lowers this
// worker's priority only. Elsewhere pid 0 is the whole process, so nothing is changed there.
const { niceness } = (workerData ?? {}) as AnalysisWorkerData;
if (niceness && process.platform === 'linux') {
  try {
    setPriority(0, Math.min(19, niceness + getPriority(0)));
  } catch {
    // Not allowed here (a sandbox): the worker runs at the main thread's priority, as without it.
  }
}

/** This thread's connections, by database path (a crawl has one). */
const stores = new Map<string, SqliteStore>();

function storeAt(path: string): SqliteStore {
  let store = stores.get(path);
  if (!store) {
    store = new SqliteStore(path);
    stores.set(path, store);
  }
  return store;
}

parentPort?.on('message', ({ seq, doc, store }: AnalyzeRequest) => {
  let reply: AnalyzeReply;
  try {
    const out = analyzeDoc(doc);
    if (typeof out === 'string') reply = { seq, drop: out };
    else if (!store) reply = { seq, doc: out };
    else {
      const { inserted } = storeAt(store.path).putDocs([out as Doc], store.runId);
      // Stored by an earlier crawl into this database: counted, not duplicated.
      reply = inserted === 1 ? { seq, doc: {} } : { seq, drop: 'already_stored' };
    }
  } catch (err) {
    reply = { seq, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply);
});
