/**
 * Cosine similarity of two beads' sentence vectors (each side's vectors summed), from dot products
 * of unit vectors computed once per sentence pair: |u + v|^2 = 2 + 2 u.v.
 */
export class BeadSimilarity {
  private readonly dim: number;
  /** a_i . b_j, NaN until computed. */
  private readonly cross: Float64Array;
  /** a_i . a_(i+1) and b_j . b_(j+1). */
  private readonly nextA: Float64Array;
  private readonly nextB: Float64Array;

  constructor(
    private readonly a: Float32Array,
    n: number,
    private readonly b: Float32Array,
    private readonly m: number,
  ) {
    this.dim = a.length / n;
    this.cross = new Float64Array(n * m).fill(NaN);
    this.nextA = Float64Array.from({ length: n }, (_, i) => (i + 1 < n ? this.dot(a, i, a, i + 1) : 0));
    this.nextB = Float64Array.from({ length: m }, (_, j) => (j + 1 < m ? this.dot(b, j, b, j + 1) : 0));
  }

  private dot(x: Float32Array, i: number, y: Float32Array, j: number): number {
    const d = this.dim;
    let s = 0;
    for (let k = 0, xi = i * d, yj = j * d; k < d; k++) s += x[xi + k]! * y[yj + k]!;
    return s;
  }

  private pair(i: number, j: number): number {
    const k = i * this.m + j;
    let v = this.cross[k]!;
    if (Number.isNaN(v)) {
      v = this.dot(this.a, i, this.b, j);
      this.cross[k] = v;
    }
    return v;
  }

  /** Cosine of sentences [a0, a1) against [b0, b1), beads of one or two sentences a side. */
  bead(a0: number, a1: number, b0: number, b1: number): number {
    let s = 0;
    for (let i = a0; i < a1; i++) for (let j = b0; j < b1; j++) s += this.pair(i, j);
    const na = a1 - a0 === 2 ? Math.sqrt(2 + 2 * this.nextA[a0]!) : 1;
    const nb = b1 - b0 === 2 ? Math.sqrt(2 + 2 * this.nextB[b0]!) : 1;
    return s / (na * nb);
  }
}
