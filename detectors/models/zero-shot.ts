import type { RowStats } from './row-reducer.js';

/**
 * Zero-shot scores from a causal language model's logits, from per-position statistics of its
 * predictive distribution (`RowReducer`):
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

  /** Adds scored positions (from `RowReducer.reduce`). */
  add(rows: readonly RowStats[]): void {
    for (const o of rows) {
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
