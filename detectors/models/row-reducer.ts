import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { sessionOptions } from './model-dir.js';
import { ELEM, onnxModel, type GraphNode } from './onnx-graph.js';
import { loadOnnxRuntime } from './transformers-lib.js';

/** What zero-shot scoring needs of one position's predictive distribution. */
export interface RowStats {
  logp: number;
  /** 1 for the argmax. */
  rank: number;
  entropy: number;
  /** Variance of log p under p (the logits' variance under p: a shift does not change it). */
  variance: number;
  /** The performer's log-probability of the observed token (the observer's when there is none). */
  perfLogp: number;
  /** Sum over j of softmax(obs)_j * -log softmax(perf)_j (the entropy when there is no performer). */
  crossEntropy: number;
}

/**
 * Per row of observer logits `obs` [n, vocab] and targets [n, 1]: the row maximum m, the target's
 * logit, the sums over j of e_j, e_j d_j and e_j d_j^2 (d_j = obs_j - m, e_j = exp d_j), and how
 * many logits exceed the target's. With a performer row `perf`: its maximum m', the sum of
 * exp(perf_j - m'), the sum of e_j (perf_j - m'), and the target's logit.
 */
function reductionGraph(performer: boolean): Uint8Array {
  const sum = (input: string, output: string): GraphNode => ({
    op: 'ReduceSum',
    inputs: [input],
    outputs: [output],
    attrs: { axes: [1], keepdims: 1 },
  });
  /** Row maximum, logits shifted by it, their exponentials and the sum of those. */
  const shifted = (logits: string, max: string, d: string, e: string, total: string): GraphNode[] => [
    { op: 'ReduceMax', inputs: [logits], outputs: [max], attrs: { axes: [1], keepdims: 1 } },
    { op: 'Sub', inputs: [logits, max], outputs: [d] },
    { op: 'Exp', inputs: [d], outputs: [e] },
    sum(e, total),
  ];
  const nodes: GraphNode[] = [
    ...shifted('obs', 'max', 'd', 'e', 'sum'),
    { op: 'Mul', inputs: ['e', 'd'], outputs: ['ed'] },
    sum('ed', 's1'),
    { op: 'Mul', inputs: ['ed', 'd'], outputs: ['edd'] },
    sum('edd', 's2'),
    { op: 'GatherElements', inputs: ['obs', 'target'], outputs: ['y'], attrs: { axis: 1 } },
    { op: 'Greater', inputs: ['obs', 'y'], outputs: ['above_mask'] },
    { op: 'Cast', inputs: ['above_mask'], outputs: ['above_float'], attrs: { to: ELEM.float } },
    sum('above_float', 'above'),
  ];
  const columns = ['max', 'y', 'sum', 's1', 's2', 'above'];
  if (performer) {
    nodes.push(
      ...shifted('perf', 'pmax', 'pd', 'pe', 'psum'),
      { op: 'Mul', inputs: ['e', 'pd'], outputs: ['epd'] },
      sum('epd', 'cross'),
      { op: 'GatherElements', inputs: ['perf', 'target'], outputs: ['py'], attrs: { axis: 1 } },
    );
    columns.push('pmax', 'psum', 'cross', 'py');
  }
  nodes.push({ op: 'Concat', inputs: columns, outputs: ['stats'], attrs: { axis: 1 } });
  return onnxModel({
    name: performer ? 'zero_shot_rows_two_models' : 'zero_shot_rows',
    opset: 11,
    inputs: [
      { name: 'obs', type: 'float', shape: ['n', 'vocab'] },
      ...(performer ? [{ name: 'perf', type: 'float' as const, shape: ['n', 'vocab'] }] : []),
      { name: 'target', type: 'int64', shape: ['n', 1] },
    ],
    outputs: [{ name: 'stats', type: 'float', shape: ['n', columns.length] }],
    nodes,
  });
}

/**
 * The softmax reductions of zero-shot scoring, run by ONNX Runtime (vectorized exponentials and
 * sums, one thread) on the logits the models returned, instead of a JavaScript loop over every
 * vocabulary entry, which took 2.8x as long on the shipped models' 4,096-entry rows (746 windows of
 * demo pages, measured once when this replaced it).
 * Sums are taken in float32 over shifted logits (all exponentials at most 1); the per-position
 * statistics are finished in float64, within 1e-4 relative of a float64 softmax (tested).
 */
export class RowReducer {
  private readonly sessions = new Map<boolean, Promise<InferenceSession>>();

  private session(performer: boolean): Promise<InferenceSession> {
    let s = this.sessions.get(performer);
    if (!s) {
      s = loadOnnxRuntime().then(({ InferenceSession }) =>
        InferenceSession.create(reductionGraph(performer), {
          ...sessionOptions({}),
          executionProviders: ['cpu'],
        }),
      );
      this.sessions.set(performer, s);
    }
    return s;
  }

  /**
   * Statistics of rows `offset / vocab` onwards of `obs` (and `perf`, when it is another model's
   * logits of the same shape): row t predicts `targets[t]`.
   */
  async reduce(
    obs: Float32Array,
    perf: Float32Array | undefined,
    offset: number,
    vocab: number,
    targets: readonly number[],
  ): Promise<RowStats[]> {
    const n = targets.length;
    if (n === 0) return [];
    const two = perf !== undefined && perf !== obs;
    const target = new BigInt64Array(n);
    targets.forEach((y, t) => {
      if (!Number.isInteger(y) || y < 0 || y >= vocab)
        throw new RangeError(`target ${y} outside the vocabulary`);
      target[t] = BigInt(y);
    });
    const { Tensor } = await loadOnnxRuntime();
    const rows = (data: Float32Array): Tensor =>
      new Tensor('float32', data.subarray(offset, offset + n * vocab), [n, vocab]);
    const feeds: Record<string, Tensor> = { obs: rows(obs), target: new Tensor('int64', target, [n, 1]) };
    if (two) feeds.perf = rows(perf);
    const session = await this.session(two);
    const out = (await session.run(feeds)).stats!.data as Float32Array;
    const width = two ? 10 : 6;
    const stats: RowStats[] = [];
    for (let t = 0; t < n; t++) {
      const r = t * width;
      const sum = out[r + 2]!;
      const logSum = Math.log(sum);
      const meanD = out[r + 3]! / sum;
      const logp = out[r + 1]! - out[r]! - logSum;
      const entropy = logSum - meanD;
      const row: RowStats = {
        logp,
        rank: out[r + 5]! + 1,
        entropy,
        variance: Math.max(0, out[r + 4]! / sum - meanD * meanD),
        perfLogp: logp,
        crossEntropy: entropy,
      };
      if (two) {
        const logSumP = Math.log(out[r + 7]!);
        row.perfLogp = out[r + 9]! - out[r + 6]! - logSumP;
        row.crossEntropy = logSumP - out[r + 8]! / sum;
      }
      stats.push(row);
    }
    return stats;
  }

  async dispose(): Promise<void> {
    const sessions = await Promise.all(this.sessions.values());
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.release()));
  }
}
