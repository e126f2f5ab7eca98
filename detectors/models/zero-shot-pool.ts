import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolveModel, type ModelInfo } from './model-dir.js';
import type { ZeroShotWorkerReply } from './zero-shot-worker.js';
import { loadZeroShotScorer, type ZeroShotModels, type ZeroShotScorer } from './zero-shot-scorer.js';
import type { ZeroShotScores } from './zero-shot.js';
import { workerScriptExists } from '../../db/worker-script.js';

/** The worker thread script; it exists only in the built JavaScript (dist/). */
const WORKER = new URL('./zero-shot-worker.js', import.meta.url);

/**
 * Worker threads for the zero-shot scores by default: two where there are two cores or more, none
 * (the main thread) on one. Each session runs on one ONNX Runtime thread. For the language models
 * alone two workers now gain little on 2 cores (x1.03 in `npm run bench:score`), but the main thread
 * stays free for the classifier, which `score` runs at the same time. Each worker holds its own copy of
 * the models, which matters for real (hundreds of MB) ones.
 */
export function defaultZeroShotThreads(): number {
  return availableParallelism() >= 2 ? 2 : 0;
}

interface Pending {
  resolve: (scores: ZeroShotScores[]) => void;
  reject: (err: Error) => void;
}

/** One worker thread holding its own copy of the language models. */
class ZeroShotWorker {
  private readonly pending = new Map<number, Pending>();
  private nextSeq = 0;
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly observer: ModelInfo,
    readonly performer: ModelInfo,
  ) {
    worker.on('message', (reply: ZeroShotWorkerReply) => {
      if (!('seq' in reply)) return;
      const p = this.pending.get(reply.seq);
      if (!p) return;
      this.pending.delete(reply.seq);
      if ('error' in reply) p.reject(new Error(`zero-shot worker failed: ${reply.error}`));
      else p.resolve(reply.scores);
      // An idle worker does not keep the process alive; one with work in flight does.
      if (this.pending.size === 0) worker.unref();
    });
    worker.on('error', (err) => {
      this.fail(err);
    });
    worker.on('exit', (code) => {
      this.fail(new Error(`zero-shot worker exited with code ${code}`));
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  /** Starts a worker and waits until it has loaded its models. */
  static start(models: ZeroShotModels): Promise<ZeroShotWorker> {
    const worker = new Worker(WORKER, { workerData: models });
    return new Promise((resolve, reject) => {
      const onExit = (code: number): void => {
        reject(new Error(`a zero-shot worker exited with code ${code}`));
      };
      const onMessage = (reply: ZeroShotWorkerReply): void => {
        worker.off('message', onMessage);
        worker.off('error', reject);
        worker.off('exit', onExit);
        if ('ready' in reply) {
          const started = new ZeroShotWorker(worker, reply.observer, reply.performer);
          worker.unref();
          resolve(started);
        } else {
          void worker.terminate();
          reject(
            new Error('fatal' in reply ? reply.fatal : 'a zero-shot worker answered before it was ready'),
          );
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', onExit);
    });
  }

  score(texts: string[]): Promise<ZeroShotScores[]> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ seq, texts });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/**
 * The zero-shot scores on worker threads, each with its own copy of the models, a call's pages
 * split between them; with no worker (0 asked for, or the built worker script absent, as when the
 * TypeScript sources run under the tests) the models are loaded and run on the calling thread.
 * A page's scores do not depend on the thread that scored it (windows are scored one at a time by
 * default, so no padding differs); a test compares the main thread against two workers.
 */
export class ParallelZeroShot {
  private turn = 0;

  private constructor(
    readonly observer: ModelInfo,
    readonly performer: ModelInfo,
    private readonly workers: ZeroShotWorker[],
    private readonly local: ZeroShotScorer | undefined,
  ) {}

  /** Worker threads in use; 0 when the scores run on the calling thread. */
  get threads(): number {
    return this.workers.length;
  }

  static async start(models: ZeroShotModels, threads: number): Promise<ParallelZeroShot> {
    if (!Number.isInteger(threads) || threads < 0)
      throw new Error(`zero-shot threads must be a whole number, 0 or more, got ${threads}`);
    if (threads === 0 || !workerScriptExists(WORKER)) {
      const local = await loadZeroShotScorer(models);
      return new ParallelZeroShot(local.observer.info, local.performer.info, [], local);
    }
    // A model that is not there fails here, with the same error as on the calling thread.
    await resolveModel(models.observer.model, models.observer);
    if (models.performer) await resolveModel(models.performer.model, models.performer);
    // The first worker alone, so a model it downloads (--allow-remote-models) is on disk for the rest.
    const first = await ZeroShotWorker.start(models);
    const started = await Promise.allSettled(
      Array.from({ length: threads - 1 }, () => ZeroShotWorker.start(models)),
    );
    const workers = [first, ...started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))];
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      await Promise.all(workers.map((w) => w.close()));
      throw failed.reason;
    }
    return new ParallelZeroShot(workers[0]!.observer, workers[0]!.performer, workers, undefined);
  }

  async score(texts: readonly string[]): Promise<ZeroShotScores[]> {
    if (this.local) return this.local.score(texts);
    const n = this.workers.length;
    const size = Math.ceil(texts.length / n);
    // The first share goes to the next worker in turn, so calls of one page (the service) take
    // turns too instead of all queueing on the first worker.
    const first = this.turn++ % n;
    const settled = await Promise.allSettled(
      Array.from({ length: n }, (_, i) => {
        const share = texts.slice(i * size, (i + 1) * size);
        return share.length ? this.workers[(first + i) % n]!.score(share) : Promise.resolve([]);
      }),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.local?.dispose();
  }
}
