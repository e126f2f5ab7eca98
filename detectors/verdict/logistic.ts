/**
 * Multinomial logistic regression on standardized features with an L2 penalty, fitted by full-batch
 * gradient descent (the loss is convex; a few thousand pages and a dozen features take well under a
 * second). Missing features (NaN) are imputed with the training mean.
 */
export interface LogisticModel {
  means: number[];
  stds: number[];
  /** weights[c][f], and the intercept at weights[c][features]. */
  weights: number[][];
}

export function standardize(x: Float64Array, model: Pick<LogisticModel, 'means' | 'stds'>): Float64Array {
  const z = new Float64Array(x.length);
  for (let f = 0; f < x.length; f++)
    z[f] = Number.isNaN(x[f]!) ? 0 : (x[f]! - model.means[f]!) / model.stds[f]!;
  return z;
}

/** Per-class logits of standardized features. */
export function logits(z: Float64Array, model: LogisticModel): number[] {
  return model.weights.map((w) => {
    let s = w[z.length]!;
    for (let f = 0; f < z.length; f++) s += w[f]! * z[f]!;
    return s;
  });
}

export function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const e = values.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export function fitLogistic(
  xs: readonly Float64Array[],
  ys: readonly number[],
  classes: number,
  options: { l2?: number; iterations?: number; rate?: number } = {},
): LogisticModel {
  const l2 = options.l2 ?? 1e-3;
  const iterations = options.iterations ?? 3000;
  const rate = options.rate ?? 0.5;
  const n = xs.length;
  const d = xs[0]?.length ?? 0;
  const means: number[] = [];
  const stds: number[] = [];
  for (let f = 0; f < d; f++) {
    const present = xs.map((x) => x[f]!).filter((v) => !Number.isNaN(v));
    const mean = present.reduce((a, b) => a + b, 0) / Math.max(present.length, 1);
    const variance = present.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(present.length, 1);
    means.push(mean);
    stds.push(Math.sqrt(variance) || 1);
  }
  const zs = xs.map((x) => standardize(x, { means, stds }));
  const weights = Array.from({ length: classes }, () => new Array<number>(d + 1).fill(0));
  const model = { means, stds, weights };
  for (let it = 0; it < iterations; it++) {
    const grad = Array.from({ length: classes }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const p = softmax(logits(zs[i]!, model));
      for (let c = 0; c < classes; c++) {
        const err = p[c]! - (ys[i] === c ? 1 : 0);
        const g = grad[c]!;
        for (let f = 0; f < d; f++) g[f]! += err * zs[i]![f]!;
        g[d]! += err;
      }
    }
    for (let c = 0; c < classes; c++) {
      for (let f = 0; f <= d; f++) {
        const penalty = f < d ? l2 * weights[c]![f]! : 0;
        weights[c]![f]! -= rate * (grad[c]![f]! / n + penalty);
      }
    }
  }
  return model;
}
