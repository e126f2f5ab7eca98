import { Worker } from 'node:worker_threads';
import type { Doc } from '../../db/types.js';
import type { Step } from './step.js';

/** Documents in flight per worker: enough to keep each busy while the main thread reads and writes. */
export const IN_FLIGHT_PER_WORKER = 16;

type Reply<Out> = { seq: number; doc: Out } | { seq: number; drop: string } | { seq: number; error: string };

/**
 * Worker threads running `workerUrl`, started once and shared by every file of a run (starting a
 * worker loads its modules and models: a cost to pay once, not per file). Each is sent `In`
 * messages and replies with an `Out`, a drop reason or an error. `close()` ends them.
 */
export class WorkerPool<In, Out> {
  private readonly workers: Worker[];
  private readonly results = new Map<number, Reply<Out>>();
  /** Takes waiting for a reply or a failure; each is woken by the next one and looks again. */
  private waiters: (() => void)[] = [];
  private failure: Error | undefined;
  private nextSeq = 0;

  /** `workerData` is handed to every worker as it starts (node:worker_threads' `workerData`). */
  constructor(workerUrl: URL, size: number, workerData?: unknown) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`a worker pool needs at least one worker, got ${size}`);
    this.workers = Array.from({ length: size }, () => new Worker(workerUrl, { workerData }));
    for (const worker of this.workers) {
      worker.on('message', (reply: Reply<Out>) => {
        this.results.set(reply.seq, reply);
        this.wakeAll();
      });
      worker.on('error', (err) => {
        this.failure = err;
        this.wakeAll();
      });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends one message (with `extra` fields beside the document); returns the sequence number its reply will carry. */
  send(doc: In, extra?: Record<string, unknown>): number {
    const seq = this.nextSeq++;
    this.workers[seq % this.workers.length]!.postMessage({ ...extra, seq, doc });
    return seq;
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The reply for `seq`, waiting for it if needed (several takes may wait at once). */
  async take(seq: number): Promise<Reply<Out>> {
    for (;;) {
      const reply = this.results.get(seq);
      if (reply) {
        this.results.delete(seq);
        return reply;
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** What a worker is sent of a document, and how its reply goes back into the document. */
export interface WorkerCodec<In, Out> {
  pack(doc: Doc): In;
  merge(doc: Doc, reply: Out): Doc;
  /** Fields sent beside every document (the same for all). */
  extra?: Record<string, unknown>;
}

/**
 * A step that sends each document to the pool (as `codec.pack` makes it) and yields the results,
 * merged into the documents, in input order. At most `size * 16` documents are in flight, so
 * memory stays bounded whatever the input size. A reply is what the worker found, a drop reason,
 * or an error (which fails the step, as an in-process error would).
 */
export function workerPoolStep<In, Out>(
  name: string,
  pool: WorkerPool<In, Out>,
  codec: WorkerCodec<In, Out>,
): Step {
  return {
    name,
    async *run(docs, ctx) {
      const pending: [number, Doc][] = [];
      const limit = pool.size * IN_FLIGHT_PER_WORKER;
      async function* drain(untilInFlight: number): AsyncGenerator<Doc> {
        while (pending.length > untilInFlight) {
          const [seq, doc] = pending.shift()!;
          const reply = await pool.take(seq);
          if ('error' in reply) throw new Error(`${name} worker failed: ${reply.error}`);
          if ('drop' in reply) ctx.drop(reply.drop);
          else yield codec.merge(doc, reply.doc);
        }
      }
      for await (const doc of docs) {
        pending.push([pool.send(codec.pack(doc), codec.extra), doc]);
        yield* drain(limit - 1);
      }
      yield* drain(0);
    },
  };
}
