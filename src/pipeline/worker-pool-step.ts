import { Worker } from 'node:worker_threads';
import type { Doc } from '../../db/types.js';
import type { Step } from './step.js';

/** Documents in flight per worker: enough to keep each busy while the main thread reads and writes. */
const IN_FLIGHT_PER_WORKER = 16;

type Reply = { seq: number; doc: Doc } | { seq: number; drop: string } | { seq: number; error: string };

/**
 * A step that sends each document to a pool of worker threads running `workerUrl` and yields the
 * results in input order. At most `workers * 16` documents are in flight, so memory stays bounded
 * whatever the input size. A worker reply is the document, a drop reason, or an error (which
 * fails the step, as an in-process error would).
 */
export function workerPoolStep(name: string, workerUrl: URL, workers: number): Step {
  return {
    name,
    async *run(docs, ctx) {
      const pool = Array.from({ length: workers }, () => new Worker(workerUrl));
      const results = new Map<number, Reply>();
      let wake: (() => void) | undefined;
      let failure: Error | undefined;
      for (const worker of pool) {
        worker.on('message', (reply: Reply) => {
          results.set(reply.seq, reply);
          wake?.();
        });
        worker.on('error', (err) => {
          failure = err;
          wake?.();
        });
      }
      const waitForReply = (): Promise<void> => new Promise((resolve) => (wake = resolve));

      let sent = 0;
      let next = 0;
      const limit = workers * IN_FLIGHT_PER_WORKER;
      async function* drain(untilInFlight: number): AsyncGenerator<Doc> {
        while (sent - next > untilInFlight) {
          const reply = results.get(next);
          if (!reply) {
            if (failure) throw failure;
            await waitForReply();
            continue;
          }
          results.delete(next);
          next++;
          if ('error' in reply) throw new Error(`${name} worker failed: ${reply.error}`);
          if ('drop' in reply) ctx.drop(reply.drop);
          else yield reply.doc;
        }
      }
      try {
        for await (const doc of docs) {
          pool[sent % workers]!.postMessage({ seq: sent, doc });
          sent++;
          yield* drain(limit - 1);
        }
        yield* drain(0);
      } finally {
        await Promise.all(pool.map((w) => w.terminate()));
      }
    },
  };
}
