import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { alignSentences, type Alignment, type AlignSide, type SentenceLink } from './align.js';
import { workerScriptExists } from '../../db/worker-script.js';

/**
 * The translation detector's alignment of candidate pairs, in worker threads. Each pair's alignment
 * depends on its two pages only, so pairs are cut into chunks, each chunk goes to a worker with
 * the pages it needs (packed into a few typed arrays), and the outcomes come back in pair order:
 * the tuples built from them are the same as from aligning in process, whatever the thread count.
 */

/** Pairs in one message to a worker. */
export const CHUNK_PAIRS = 1000;
/**
 * Fewer candidate pairs than this are aligned in process. A new worker aligns at half speed for its
 * first half second or so (its compiler warms up again), so on 2 cores the threads gained nothing
 * at 34,316 pairs of the ingest bench's pages (1.1-1.3 s either way) or 73,967 of its 100 MB input
 * (2.2-2.3 s against 2.2-2.7 s), and took 139,353 pairs from 3.5-3.7 s to 2.5-3.0 s and the
 * 347,786 of the 100,000-page demo world from 27.4 s to 16.1 s (the outcome identical).
 */
export const PARALLEL_MIN_PAIRS = 100_000;
/** At most this many alignment threads, whatever the core count. */
const MAX_THREADS = 16;

/** What the outcome of a pair is: not aligned (a side empty or too long), rejected, or accepted. */
export const NOT_ALIGNED = 0;
export const REJECTED = 1;
export const ACCEPTED = 2;

/** Decides from an alignment whether the pair is accepted (`acceptAlignment` with the pair's context). */
export type Acceptance = (alignment: Alignment, via: number, numbers: [number, number]) => boolean;

/** The pages of one chunk, packed: page k's sentences are [sentenceStart[k], sentenceStart[k + 1]). */
export interface PackedSides {
  sentenceStart: Uint32Array;
  lens: Uint32Array;
  paraStart: Uint8Array;
  /** Page k's n + 1 entries start at sentenceStart[k] + k (offsets into its own anchors). */
  anchorStart: Uint32Array;
  anchorOffset: Uint32Array;
  anchors: Uint32Array;
  /** Each page's count of numbers (for `acceptAlignment`). */
  numbers: Uint32Array;
  /** Sentence vectors at sentenceStart[k] * dim, for pages with hasVectors[k]; absent when none has. */
  vectors?: Float32Array;
  hasVectors?: Uint8Array;
  dim?: number;
}

/** A chunk: its pages, and its pairs as (page, page, via) triples of indexes into them. */
export interface ChunkRequest {
  seq: number;
  sides: PackedSides;
  pairs: Uint32Array;
}

/** The outcomes of a chunk's pairs, in order; links only for accepted pairs. */
export interface ChunkOutcome {
  /** Per pair: NOT_ALIGNED, REJECTED or ACCEPTED. */
  status: Uint8Array;
  /** Per accepted pair: alignment quality, number of 1-1 links, number of partial links. */
  quality: Float64Array;
  linkCounts: Uint32Array;
  partialCounts: Uint32Array;
  /** All links of the accepted pairs (1-1 then partial, pair after pair): a, b, confidence. */
  linkA: Uint32Array;
  linkB: Uint32Array;
  confidence: Float64Array;
}

export type ChunkReply = ({ seq: number } & ChunkOutcome) | { seq: number; error: string };

/** Packs the pages `sides` for a chunk message (copies: the pages' arrays may view larger buffers). */
export function packSides(
  sides: readonly AlignSide[],
  numbers: readonly number[],
  dim?: number,
): PackedSides {
  const sentenceStart = new Uint32Array(sides.length + 1);
  const anchorOffset = new Uint32Array(sides.length + 1);
  sides.forEach((s, k) => {
    sentenceStart[k + 1] = sentenceStart[k]! + s.lens.length;
    anchorOffset[k + 1] = anchorOffset[k]! + s.anchors.length;
  });
  const n = sentenceStart[sides.length]!;
  const lens = new Uint32Array(n);
  const paraStart = new Uint8Array(n);
  const anchorStart = new Uint32Array(n + sides.length);
  const anchors = new Uint32Array(anchorOffset[sides.length]!);
  const withVectors = dim !== undefined && sides.some((s) => s.vectors);
  const vectors = withVectors ? new Float32Array(n * dim) : undefined;
  const hasVectors = withVectors ? new Uint8Array(sides.length) : undefined;
  sides.forEach((s, k) => {
    const at = sentenceStart[k]!;
    lens.set(s.lens, at);
    paraStart.set(s.paraStart, at);
    anchorStart.set(s.anchorStart, at + k);
    anchors.set(s.anchors, anchorOffset[k]);
    if (vectors && s.vectors) {
      vectors.set(s.vectors, at * dim!);
      hasVectors![k] = 1;
    }
  });
  return {
    sentenceStart,
    lens,
    paraStart,
    anchorStart,
    anchorOffset,
    anchors,
    numbers: Uint32Array.from(numbers),
    ...(vectors && { vectors, hasVectors: hasVectors!, dim: dim! }),
  };
}

/** Page k of a packed chunk, as views. */
export function unpackSide(p: PackedSides, k: number): AlignSide {
  const from = p.sentenceStart[k]!;
  const to = p.sentenceStart[k + 1]!;
  return {
    lens: p.lens.subarray(from, to),
    paraStart: p.paraStart.subarray(from, to),
    anchorStart: p.anchorStart.subarray(from + k, to + k + 1),
    anchors: p.anchors.subarray(p.anchorOffset[k], p.anchorOffset[k + 1]),
    ...(p.vectors && p.hasVectors![k] && { vectors: p.vectors.subarray(from * p.dim!, to * p.dim!) }),
  };
}

/** Aligns a chunk's pairs and decides each (what a worker does with a message). */
export function alignChunk(request: Omit<ChunkRequest, 'seq'>, accept: Acceptance): ChunkOutcome {
  const { sides, pairs } = request;
  const pages = Array.from({ length: sides.sentenceStart.length - 1 }, (_, k) => unpackSide(sides, k));
  const count = pairs.length / 3;
  const status = new Uint8Array(count);
  const quality: number[] = [];
  const linkCounts: number[] = [];
  const partialCounts: number[] = [];
  const linkA: number[] = [];
  const linkB: number[] = [];
  const confidence: number[] = [];
  const push = (l: SentenceLink): void => {
    linkA.push(l.a);
    linkB.push(l.b);
    confidence.push(l.confidence);
  };
  for (let p = 0; p < count; p++) {
    const i = pairs[3 * p]!;
    const j = pairs[3 * p + 1]!;
    const via = pairs[3 * p + 2]!;
    const alignment = alignSentences(pages[i]!, pages[j]!);
    if (!alignment) continue;
    if (!accept(alignment, via, [sides.numbers[i]!, sides.numbers[j]!])) {
      status[p] = REJECTED;
      continue;
    }
    status[p] = ACCEPTED;
    quality.push(alignment.quality);
    linkCounts.push(alignment.links.length);
    partialCounts.push(alignment.partialLinks.length);
    alignment.links.forEach(push);
    alignment.partialLinks.forEach(push);
  }
  return {
    status,
    quality: Float64Array.from(quality),
    linkCounts: Uint32Array.from(linkCounts),
    partialCounts: Uint32Array.from(partialCounts),
    linkA: Uint32Array.from(linkA),
    linkB: Uint32Array.from(linkB),
    confidence: Float64Array.from(confidence),
  };
}

/** The worker script; it exists only in the built JavaScript (dist/). */
const ALIGN_WORKER = new URL('./align-worker.js', import.meta.url);

/**
 * Threads to align `pairs` candidate pairs with: at most `most` (default one per core, never over
 * 16), and none below `from` pairs (default PARALLEL_MIN_PAIRS) or when that leaves one thread
 * (aligned in process then); none either when the worker script is absent (running from the
 * TypeScript sources).
 */
export function alignThreads(pairs: number, most?: number, from = PARALLEL_MIN_PAIRS): number {
  if (!workerScriptExists(ALIGN_WORKER)) return 0;
  const threads = Math.min(most ?? availableParallelism(), MAX_THREADS);
  return threads > 1 && pairs >= from ? threads : 0;
}

/** Chunks in flight per worker: enough that none waits for the next while this thread merges. */
const IN_FLIGHT_PER_WORKER = 3;

/**
 * Aligns chunks in `threads` worker threads; `outcomes` yields each chunk's outcome in chunk
 * order, packing the next chunks only as replies come back (so memory holds a few chunks, not all
 * of them). A chunk whose worker failed is aligned in process instead (with `fallback`), so a
 * broken thread costs time, not results.
 */
export class ParallelAligner {
  private readonly workers: Worker[];
  private readonly replies = new Map<number, ChunkReply>();
  private wake: (() => void) | undefined;
  private failed = false;

  /** `script` is the worker script (tests give one that fails). */
  constructor(threads: number, script: URL = ALIGN_WORKER) {
    this.workers = Array.from({ length: threads }, () => new Worker(script));
    for (const worker of this.workers) {
      worker.on('message', (reply: ChunkReply) => {
        this.replies.set(reply.seq, reply);
        this.wake?.();
      });
      // A worker that fails, or ends without being told to, answers nothing more.
      const lost = (): void => {
        this.failed = true;
        this.wake?.();
      };
      worker.on('error', lost);
      worker.on('exit', lost);
      worker.on('messageerror', lost);
    }
  }

  async *outcomes(
    chunks: Iterable<Omit<ChunkRequest, 'seq'>>,
    fallback: Acceptance,
  ): AsyncGenerator<ChunkOutcome> {
    const source = chunks[Symbol.iterator]();
    const inFlight = new Map<number, Omit<ChunkRequest, 'seq'>>();
    let sent = 0;
    const fill = (): void => {
      while (!this.failed && inFlight.size < IN_FLIGHT_PER_WORKER * this.workers.length) {
        const next = source.next();
        if (next.done) return;
        inFlight.set(sent, next.value);
        this.workers[sent % this.workers.length]!.postMessage({ ...next.value, seq: sent });
        sent++;
      }
    };
    try {
      fill();
      for (let seq = 0; seq < sent; seq++) {
        let reply = this.replies.get(seq);
        while (!reply && !this.failed) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          reply = this.replies.get(seq);
        }
        this.replies.delete(seq);
        const chunk = inFlight.get(seq)!;
        inFlight.delete(seq);
        fill();
        yield reply && !('error' in reply) ? reply : alignChunk(chunk, fallback);
      }
      // Once a worker failed nothing more is sent: the rest is aligned here.
      for (const chunk of { [Symbol.iterator]: () => source }) yield alignChunk(chunk, fallback);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Cuts `pairs` (indexes into `pages`, and how they were found) into chunks of CHUNK_PAIRS, each
 * with the pages its pairs need, packed, as it is asked for.
 */
export function* pairChunks(
  pairs: readonly (readonly [number, number, number])[],
  pages: readonly AlignSide[],
  numbers: readonly number[],
  dim?: number,
): Generator<Omit<ChunkRequest, 'seq'>> {
  for (let from = 0; from < pairs.length; from += CHUNK_PAIRS) {
    const local = new Map<number, number>();
    const sides: AlignSide[] = [];
    const counts: number[] = [];
    const place = (page: number): number => {
      let k = local.get(page);
      if (k === undefined) {
        k = sides.length;
        local.set(page, k);
        sides.push(pages[page]!);
        counts.push(numbers[page]!);
      }
      return k;
    };
    const chunk = pairs.slice(from, from + CHUNK_PAIRS);
    const triples = new Uint32Array(3 * chunk.length);
    chunk.forEach(([i, j, via], p) => {
      triples.set([place(i), place(j), via], 3 * p);
    });
    yield { sides: packSides(sides, counts, dim), pairs: triples };
  }
}
