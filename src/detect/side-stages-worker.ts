import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from '../../db/sqlite-store.js';
import { computeDupClusters } from '../../detectors/dedup-clusters.js';
import { scoreMtMarkers } from '../../detectors/mt-markers.js';
import type { SideStagesReply, SideStagesRequest } from './side-stages.js';

/** Worker thread side of `startSideStages`: duplicate clusters, then plugin traces, then one reply. */
const { path } = workerData as SideStagesRequest;
const reply: SideStagesReply = {};
try {
  const store = new SqliteStore(path);
  try {
    let started = performance.now();
    const dedup = computeDupClusters(store);
    reply.dedup = { result: dedup, ms: performance.now() - started };
    started = performance.now();
    const markers = scoreMtMarkers(store);
    reply.markers = { result: markers, ms: performance.now() - started };
  } finally {
    store.close();
  }
} catch (err) {
  reply.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
}
parentPort!.postMessage(reply);
