import { parentPort } from 'node:worker_threads';
import { alignChunk, type ChunkReply, type ChunkRequest } from './align-pairs.js';
import { acceptAlignment } from './translation-tuples.js';

/** Worker thread side of `ParallelAligner`: a chunk of candidate pairs in, their outcomes out. */
parentPort?.on('message', ({ seq, ...chunk }: ChunkRequest) => {
  let reply: ChunkReply;
  try {
    reply = { seq, ...alignChunk(chunk, acceptAlignment) };
  } catch (err) {
    reply = { seq, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply);
});
