/**
 * Zero-shot scores from a causal language model's logits, reduced position by position without
 * materializing a softmax: each vocabulary row is read twice (its maximum, then the sums).
 *
 * - `ll`: mean log-likelihood of the observed tokens (higher: more predictable, more machine-like);
 * - `logrank`: mean log of the observed token's rank, 1 for the argmax (GLTR, Mitchell et al.);
 * - `entropy`: mean entropy of the predictive distribution;
 * - `fastdetect`: Fast-DetectGPT's analytic sampling discrepancy (Bao et al. 2024), one model for
 *   both roles: (sum log p(x_t) - sum E[log p]) / sqrt(sum Var[log p]), higher: machine;
 * - `binoculars`: Hans et al. 2024 with the official roles: the performer's log-perplexity divided
 *   by the cross-perplexity, the performer's cross-entropy against the observer's distribution;
 *   lower: machine.
 */
export interface ZeroShotScores {
  tokens: number;
  ll: number;
  logrank: number;
  entropy: number;
  fastdetect: number;
  binoculars: number;
}

/** Sums over scored positions, so windows of one document can be added up. */
export class ZeroShotAccumulator {
  tokens = 0;
  private ll = 0;
  private logrank = 0;
  private entropy = 0;
  private meanLogp = 0;
  private varLogp = 0;
  private perfNll = 0;
  private crossNll = 0;

  /**
   * Adds the positions of one sequence: `obs` (and `perf`, which may be the same array) hold the
   * logits of a [length, vocab] slab starting at `offset`; position t predicts `targets[t]`.
   * Positions with a negative target are skipped.
   */
  add(
    obs: Float32Array,
    perf: Float32Array,
    offset: number,
    vocab: number,
    targets: ArrayLike<number>,
  ): void {
    for (let t = 0; t < targets.length; t++) {
      const y = targets[t]!;
      if (y < 0) continue;
      const base = offset + t * vocab;
      if (perf === obs) {
        // One model in both roles: its own cross-entropy is its entropy.
        const o = rowStats(obs, base, vocab, y);
        this.addRow(o, o.logp, o.entropy);
      } else {
        const o = pairStats(obs, perf, base, vocab, y);
        this.addRow(o, o.perfLogp, o.crossEntropy);
      }
    }
  }

  private addRow(o: RowStats, perfLogp: number, crossEntropy: number): void {
    this.tokens++;
    this.ll += o.logp;
    this.logrank += Math.log(o.rank);
    this.entropy += o.entropy;
    this.meanLogp += -o.entropy;
    this.varLogp += o.variance;
    this.perfNll -= perfLogp;
    this.crossNll += crossEntropy;
  }

  scores(): ZeroShotScores {
    const n = Math.max(this.tokens, 1);
    return {
      tokens: this.tokens,
      ll: this.ll / n,
      logrank: this.logrank / n,
      entropy: this.entropy / n,
      fastdetect: this.varLogp > 0 ? (this.ll - this.meanLogp) / Math.sqrt(this.varLogp) : 0,
      binoculars: this.crossNll > 0 ? this.perfNll / this.crossNll : 0,
    };
  }
}

export interface RowStats {
  max: number;
  /** Sum of exp(logit - max). */
  sum: number;
  lse: number;
  logp: number;
  rank: number;
  entropy: number;
  /** Variance of log p under p (the logits' variance under p: a shift does not change it). */
  variance: number;
}

export function rowStats(logits: Float32Array, base: number, vocab: number, target: number): RowStats {
  let max = -Infinity;
  for (let j = 0; j < vocab; j++) if (logits[base + j]! > max) max = logits[base + j]!;
  const ly = logits[base + target]!;
  let sum = 0;
  let s1 = 0;
  let s2 = 0;
  let above = 0;
  for (let j = 0; j < vocab; j++) {
    const l = logits[base + j]!;
    const d = l - max;
    const e = Math.exp(d);
    sum += e;
    s1 += e * d;
    s2 += e * d * d;
    if (l > ly) above++;
  }
  const logSum = Math.log(sum);
  const meanD = s1 / sum;
  return {
    max,
    sum,
    lse: max + logSum,
    logp: ly - max - logSum,
    rank: above + 1,
    entropy: logSum - meanD,
    variance: Math.max(0, s2 / sum - meanD * meanD),
  };
}

/**
 * The observer's row statistics and, in the same pass, what Binoculars needs of the performer: the
 * observed token's log-probability and the cross-entropy sum over j of softmax(obs)_j times
 * -log softmax(perf)_j. Two exponentials per vocabulary entry, nothing stored.
 */
export function pairStats(
  obs: Float32Array,
  perf: Float32Array,
  base: number,
  vocab: number,
  target: number,
): RowStats & { perfLogp: number; crossEntropy: number } {
  let maxO = -Infinity;
  let maxP = -Infinity;
  for (let j = base; j < base + vocab; j++) {
    if (obs[j]! > maxO) maxO = obs[j]!;
    if (perf[j]! > maxP) maxP = perf[j]!;
  }
  const ly = obs[base + target]!;
  let sum = 0;
  let s1 = 0;
  let s2 = 0;
  let above = 0;
  let sumP = 0;
  let cross = 0;
  for (let j = base; j < base + vocab; j++) {
    const l = obs[j]!;
    const d = l - maxO;
    const e = Math.exp(d);
    sum += e;
    s1 += e * d;
    s2 += e * d * d;
    if (l > ly) above++;
    const lp = perf[j]!;
    sumP += Math.exp(lp - maxP);
    cross += e * lp;
  }
  const logSum = Math.log(sum);
  const meanD = s1 / sum;
  const lseP = maxP + Math.log(sumP);
  return {
    max: maxO,
    sum,
    lse: maxO + logSum,
    logp: ly - maxO - logSum,
    rank: above + 1,
    entropy: logSum - meanD,
    variance: Math.max(0, s2 / sum - meanD * meanD),
    perfLogp: perf[base + target]! - lseP,
    crossEntropy: lseP - cross / sum,
  };
}
