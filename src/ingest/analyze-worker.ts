import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { Doc } from '../../db/types.js';
import { analyzeDoc, type Analyzed } from './analyze.js';
import type { AnalysisWorkerData } from './steps.js';

/**
 * Worker thread side of the `analyze` step: what the analysis needs of one document in
 * (`analysisInput`), what it found or a drop reason out. With `store`, the whole document comes in
 * and the worker writes it to that SQLite database itself (the documents that arrive together in
 * one transaction), replying only whether it was new: the crawler's thread, which runs crawlee too,
 * neither receives the analysis nor writes it.
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

/** Analysed documents waiting for their transaction, with the messages they came in. */
let waiting: { seq: number; doc: Doc; store: { path: string; runId: number } }[] = [];
let commitTimer: NodeJS.Timeout | undefined;
/**
 * How long an analysed page waits for others to share its commit, and how many pages are committed
 * at once without waiting. The crawler sends pages one at a time as it fetches them: committing on
 * arrival made most transactions hold one page.
 */
const COMMIT_WAIT_MS = 25;
const COMMIT_AT = 16;

/**
 * Stores the documents analysed since the last commit, in one transaction per database and run,
 * then answers their messages (a reply means stored). Messages that arrive together are committed
 * together (within COMMIT_WAIT_MS): a commit per document cost this thread more than the documents'
 * own rows.
 * When the transaction fails, each document is stored on its own, so that one bad document fails
 * alone.
 */
function flush(): void {
  clearTimeout(commitTimer);
  commitTimer = undefined;
  const batch = waiting;
  waiting = [];
  const groups = new Map<string, typeof batch>();
  for (const item of batch) {
    const key = `${item.store.runId}\0${item.store.path}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  for (const group of groups.values()) {
    const { path, runId } = group[0]!.store;
    const docs = group.map((item) => item.doc);
    let isNew: ((doc: Doc) => boolean) | undefined;
    try {
      isNew = firstInserted(docs, storeAt(path).putDocs(docs, runId).existingIds);
    } catch {
      // One of them could not be stored: store them one at a time, below.
    }
    for (const { seq, doc } of group) {
      let reply: AnalyzeReply;
      try {
        const inserted = isNew ? isNew(doc) : storeAt(path).putDocs([doc], runId).inserted === 1;
        // Stored by an earlier crawl into this database: counted, not duplicated.
        reply = inserted ? { seq, doc: {} } : { seq, drop: 'already_stored' };
      } catch (err) {
        reply = { seq, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      }
      parentPort!.postMessage(reply);
    }
  }
}

/**
 * Which documents of a batch `putDocs` inserted, asked in batch order, given the ids it found stored
 * (one entry per document it did not insert): a document the database held before, or a second
 * copy of one earlier in the batch, was not; the first copy of any other was.
 */
function firstInserted(docs: readonly Doc[], existingIds: readonly string[]): (doc: Doc) => boolean {
  const copies = new Map<string, number>();
  for (const d of docs) copies.set(d.id, (copies.get(d.id) ?? 0) + 1);
  const notInserted = new Map<string, number>();
  for (const id of existingIds) notInserted.set(id, (notInserted.get(id) ?? 0) + 1);
  const asked = new Set<string>();
  return (doc) => {
    const first = !asked.has(doc.id);
    asked.add(doc.id);
    return first && (notInserted.get(doc.id) ?? 0) < copies.get(doc.id)!;
  };
}

parentPort?.on('message', ({ seq, doc, store }: AnalyzeRequest) => {
  let reply: AnalyzeReply;
  try {
    const out = analyzeDoc(doc);
    if (typeof out === 'string') reply = { seq, drop: out };
    else if (!store) reply = { seq, doc: out };
    else {
      waiting.push({ seq, doc: out as Doc, store });
      if (waiting.length >= COMMIT_AT) flush();
      else commitTimer ??= setTimeout(flush, COMMIT_WAIT_MS);
      return;
    }
  } catch (err) {
    reply = { seq, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply);
});
