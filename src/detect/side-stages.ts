import { Worker } from 'node:worker_threads';
import type { DedupResult } from '../../detectors/dedup-clusters.js';
import type { MarkerSummary } from '../../detectors/mt-markers.js';
import { workerScriptExists } from '../../db/worker-script.js';

/**
 * Duplicate clustering and MT plugin traces in a worker thread, on a connection of its own, while
 * the calling thread computes translation tuples. The three read different data and write different
 * tables, and the translation stage runs on one core for most of its time (all of it below
 * 100,000 candidate pairs). On the 100,000 pages of `bench:mwp`'s world the two side stages took
 * 9.7 s of `detect`'s 50.8, which takes 39.0 s with them beside it. The caller writes its own
 * results only once the worker has ended (`startSideStages(...).done`), so the two connections
 * never wait on each other's write lock.
 */

/** What the worker is started with. */
export interface SideStagesRequest {
  path: string;
}

/** What the worker sends back once: each stage's result and time, or why it failed. */
export interface SideStagesReply {
  dedup?: { result: DedupResult; ms: number };
  markers?: { result: MarkerSummary; ms: number };
  error?: string;
}

/** The worker script; it exists only in the built JavaScript (dist/). */
const SIDE_STAGES_WORKER = new URL('./side-stages-worker.js', import.meta.url);

/**
 * Whether the side stages can run in a thread: the worker script is there (not when running from
 * the TypeScript sources).
 */
export function sideStagesAvailable(script: URL = SIDE_STAGES_WORKER): boolean {
  return workerScriptExists(script);
}

/**
 * Starts the side stages over the SQLite database at `path`. `done` resolves when the worker has
 * ended, with what it finished: a stage missing from the reply (the worker failed, or could not
 * start) is the caller's to run. It never rejects. `script` is the worker script (tests give one
 * that fails).
 */
export function startSideStages(
  path: string,
  script: URL = SIDE_STAGES_WORKER,
): { done: Promise<SideStagesReply> } {
  return {
    done: new Promise((resolve) => {
      let reply: SideStagesReply = {};
      let worker: Worker;
      try {
        worker = new Worker(script, { workerData: { path } satisfies SideStagesRequest });
      } catch (err) {
        resolve({ error: err instanceof Error ? err.message : String(err) });
        return;
      }
      worker.on('message', (message: SideStagesReply) => (reply = message));
      worker.on('error', (err) => (reply = { ...reply, error: err.stack ?? err.message }));
      worker.on('exit', (code) => {
        const finished = reply.dedup !== undefined && reply.markers !== undefined;
        if (!finished && reply.error === undefined) {
          reply = { ...reply, error: `the thread exited with code ${code} before it finished` };
        }
        resolve(reply);
      });
    }),
  };
}
