import { parentPort } from 'node:worker_threads';
import { analyzeDoc, type Analyzed } from './analyze.js';

/**
 * Worker thread side of the `analyze` step: what the analysis needs of one document in
 * (`analysisInput`), what it found or a drop reason out.
 */
export interface AnalyzeRequest {
  seq: number;
  doc: Analyzed;
}

export type AnalyzeReply =
  { seq: number; doc: Analyzed } | { seq: number; drop: string } | { seq: number; error: string };

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
