import { parentPort, workerData } from 'node:worker_threads';
import type { ModelInfo } from './model-dir.js';
import { loadZeroShotScorer, type ZeroShotModels, type ZeroShotScorer } from './zero-shot-scorer.js';
import type { ZeroShotScores } from './zero-shot.js';

export type ZeroShotWorkerReply =
  | { ready: true; observer: ModelInfo; performer: ModelInfo }
  | { fatal: string }
  | { seq: number; scores: ZeroShotScores[] }
  | { seq: number; error: string };

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Worker thread side of the zero-shot pool: loads its own copy of the models, then scores texts. */
async function main(): Promise<void> {
  const port = parentPort!;
  let loaded: ZeroShotScorer;
  try {
    loaded = await loadZeroShotScorer(workerData as ZeroShotModels);
  } catch (err) {
    port.postMessage({ fatal: describe(err) } satisfies ZeroShotWorkerReply);
    return;
  }
  // Requests are answered one after another, in the order they came.
  let queue = Promise.resolve();
  port.on('message', ({ seq, texts }: { seq: number; texts: string[] }) => {
    queue = queue.then(async () => {
      let reply: ZeroShotWorkerReply;
      try {
        reply = { seq, scores: await loaded.score(texts) };
      } catch (err) {
        reply = { seq, error: describe(err) };
      }
      port.postMessage(reply);
    });
  });
  port.postMessage({
    ready: true,
    observer: loaded.observer.info,
    performer: loaded.performer.info,
  } satisfies ZeroShotWorkerReply);
}

if (parentPort) void main();
