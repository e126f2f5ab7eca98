import { Worker } from 'node:worker_threads';
import type { Doc } from '../../db/types.js';
import type { Step } from './step.js';

/** Documents in flight per worker: enough to keep each busy while the main thread reads and writes. */
const IN_FLIGHT_PER_WORKER = 16;

type Reply = { seq: number; doc: Doc } | { seq: number; drop: string } | { seq: number; error: string };

/**
 * Worker threads running `workerUrl`, started once and shared by every file of a run (starting a
 * worker loads its modules and models: a cost to pay once, not per file). `close()` ends them.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly results = new Map<number, Reply>();
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private nextSeq = 0;

  constructor(workerUrl: URL, size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`a worker pool needs at least one worker, got ${size}`);
    this.workers = Array.from({ length: size }, () => new Worker(workerUrl));
    for (const worker of this.workers) {
      worker.on('message', (reply: Reply) => {
        this.results.set(reply.seq, reply);
        this.wake?.();
      });
      worker.on('error', (err) => {
        this.failure = err;
        this.wake?.();
      });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends a document; returns the sequence number its reply will carry. */
  send(doc: Doc): number {
    const seq = this.nextSeq++;
    this.workers[seq % this.workers.length]!.postMessage({ seq, doc });
    return seq;
  }

  /** The reply for `seq`, waiting for it if needed. */
  async take(seq: number): Promise<Reply> {
    for (;;) {
      const reply = this.results.get(seq);
      if (reply) {
        this.results.delete(seq);
        return reply;
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * A step that sends each document to the pool and yields the results in input order. At most
 * `size * 16` documents are in flight, so memory stays bounded whatever the input size. A reply is
 * the document, a drop reason, or an error (which fails the step, as an in-process error would).
 */
export function workerPoolStep(name: string, pool: WorkerPool): Step {
  return {
    name,
    async *run(docs, ctx) {
      const pending: number[] = [];
      const limit = pool.size * IN_FLIGHT_PER_WORKER;
      async function* drain(untilInFlight: number): AsyncGenerator<Doc> {
        while (pending.length > untilInFlight) {
          const reply = await pool.take(pending.shift()!);
          if ('error' in reply) throw new Error(`${name} worker failed: ${reply.error}`);
          if ('drop' in reply) ctx.drop(reply.drop);
          else yield reply.doc;
        }
      }
      for await (const doc of docs) {
        pending.push(pool.send(doc));
        yield* drain(limit - 1);
      }
      yield* drain(0);
    },
  };
}
