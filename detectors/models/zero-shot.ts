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
/** The detector name the zero-shot scores are stored under. */
export const ZERO_SHOT_DETECTOR = 'zero_shot';

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
    // One model in both roles needs one pass: its own cross-entropy is its entropy.
    const second = perf === obs ? undefined : perf;
    for (let t = 0; t < targets.length; t++) {
      const y = targets[t]!;
      if (y < 0) continue;
      const o = rowStats(obs, offset + t * vocab, vocab, y, second);
      this.tokens++;
      this.ll += o.logp;
      this.logrank += Math.log(o.rank);
      this.entropy += o.entropy;
      this.varLogp += o.variance;
      this.perfNll -= o.perfLogp;
      this.crossNll += o.crossEntropy;
    }
  }

  scores(): ZeroShotScores {
    const n = Math.max(this.tokens, 1);
    return {
      tokens: this.tokens,
      ll: this.ll / n,
      logrank: this.logrank / n,
      entropy: this.entropy / n,
      // E[log p] at a position is minus its entropy.
      fastdetect: this.varLogp > 0 ? (this.ll + this.entropy) / Math.sqrt(this.varLogp) : 0,
      binoculars: this.crossNll > 0 ? this.perfNll / this.crossNll : 0,
    };
  }
}

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
 * exp(d) for d <= 0 from a table of exp(-k/256) and a cubic for the remainder (|x| < 1/256; relative
 * error under 1e-10, tested): a table read and four multiplications, cheaper than Math.exp in the
 * hot loop (`npm run bench:score`). Below -40 it is 0: such a term (under 4.3e-18 of the row's
 * largest) cannot change a sum that holds a 1.
 */
const EXP_STEPS = 256;
const EXP_FLOOR = 40;
const EXP_LIMIT = EXP_FLOOR * EXP_STEPS;
const EXP_TABLE = Float64Array.from({ length: EXP_LIMIT + 1 }, (_, k) => Math.exp(-k / EXP_STEPS));

/** exp(d) for d <= 0 (see EXP_TABLE). */
export function expNonPositive(d: number): number {
  const y = -d * EXP_STEPS;
  if (y >= EXP_LIMIT) return 0;
  const k = y | 0;
  const x = d + k / EXP_STEPS;
  return EXP_TABLE[k]! * (1 + x * (1 + x * (0.5 + x * 0.16666666666666666)));
}

/** The largest entry of `row[base..end)`. */
function rowMax(row: Float32Array, base: number, end: number): number {
  let max = -Infinity;
  for (let j = base; j < end; j++) if (row[j]! > max) max = row[j]!;
  return max;
}

/**
 * One position's statistics from the observer's logits row at `base` and, in the same pass, what
 * Binoculars needs of the performer's row when there is one: a maximum pass per row, then one pass
 * of sums (one exponential per entry, two with a performer), nothing stored.
 */
export function rowStats(
  obs: Float32Array,
  base: number,
  vocab: number,
  target: number,
  perf?: Float32Array,
): RowStats {
  const end = base + vocab;
  const maxO = rowMax(obs, base, end);
  const ly = obs[base + target]!;
  let sum = 0;
  let s1 = 0;
  let s2 = 0;
  let above = 0;
  let sumP = 0;
  let cross = 0;
  let maxP = 0;
  // Two copies of the loop rather than a branch inside one: this is the hot loop of zero-shot scoring.
  if (perf) {
    maxP = rowMax(perf, base, end);
    for (let j = base; j < end; j++) {
      const l = obs[j]!;
      if (l > ly) above++;
      const d = l - maxO;
      const e = expNonPositive(d);
      sum += e;
      s1 += e * d;
      s2 += e * d * d;
      const lp = perf[j]!;
      sumP += expNonPositive(lp - maxP);
      cross += e * lp;
    }
  } else {
    for (let j = base; j < end; j++) {
      const l = obs[j]!;
      if (l > ly) above++;
      const d = l - maxO;
      const e = expNonPositive(d);
      sum += e;
      s1 += e * d;
      s2 += e * d * d;
    }
  }
  const logSum = Math.log(sum);
  const meanD = s1 / sum;
  const logp = ly - maxO - logSum;
  const entropy = logSum - meanD;
  const lseP = maxP + Math.log(sumP);
  return {
    logp,
    rank: above + 1,
    entropy,
    variance: Math.max(0, s2 / sum - meanD * meanD),
    perfLogp: perf ? perf[base + target]! - lseP : logp,
    crossEntropy: perf ? lseP - cross / sum : entropy,
  };
}
