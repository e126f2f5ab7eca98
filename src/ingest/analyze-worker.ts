import { parentPort } from 'node:worker_threads';
import type { Doc } from '../../db/types.js';
import { analyzeDoc } from './analyze.js';

/** Worker thread side of the `analyze` step: one document in, the document or a drop reason out. */
export interface AnalyzeRequest {
  seq: number;
  doc: Doc;
}

export type AnalyzeReply =
  { seq: number; doc: Doc } | { seq: number; drop: string } | { seq: number; error: string };

parentPort?.on('message', ({ seq, doc }: AnalyzeRequest) => {
  let reply: AnalyzeReply;
  try {
    const out = analyzeDoc(doc);
    reply = typeof out === 'string' ? { seq, drop: out } : { seq, doc: out };
  } catch (err) {
    reply = { seq, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply);
});
