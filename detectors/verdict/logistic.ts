/**
 * Multinomial logistic regression on standardized features with an L2 penalty, fitted by Newton's
 * method (the loss is convex; a few thousand pages and a dozen features take a fraction of a
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

export interface FitOptions {
  /** L2 penalty on the weights (not the intercepts), per page. @default 1e-3 */
  l2?: number;
  /** Newton steps at most. @default 100 */
  iterations?: number;
}

/**
 * Fits the model by Newton's method with a backtracking line search on the penalized mean
 * log-loss: convex, so it reaches the optimum in a few dozen steps whatever the scale of the data
 * (full-batch gradient descent, used before, needed thousands and stopped short of the optimum on
 * nearly separable classes).
 */
export function fitLogistic(
  xs: readonly Float64Array[],
  ys: readonly number[],
  classes: number,
  options: FitOptions = {},
): LogisticModel {
  const l2 = options.l2 ?? 1e-3;
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
  // Each page's standardized features with a trailing 1 for the intercept.
  const width = d + 1;
  const zs = xs.map((x) => {
    const z = new Float64Array(width);
    z.set(standardize(x, { means, stds }));
    z[d] = 1;
    return z;
  });
  const size = classes * width;
  const theta = new Float64Array(size);
  const penalty = (k: number): number => (k % width === d ? 0 : l2);
  const probs = (t: Float64Array, z: Float64Array, out: Float64Array): void => {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let f = 0; f < width; f++) s += t[c * width + f]! * z[f]!;
      out[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[c] = Math.exp(out[c]! - max);
    for (let c = 0; c < classes; c++) out[c]! /= sum;
  };
  const p = new Float64Array(classes);
  const loss = (t: Float64Array): number => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      probs(t, zs[i]!, p);
      total -= Math.log(Math.max(p[ys[i]!]!, 1e-300));
    }
    let reg = 0;
    for (let k = 0; k < size; k++) reg += penalty(k) * t[k]! ** 2;
    return total / Math.max(n, 1) + reg / 2;
  };
  let current = loss(theta);
  for (let step = 0; step < (options.iterations ?? 100); step++) {
    const grad = new Float64Array(size);
    const hess = new Float64Array(size * size);
    for (let i = 0; i < n; i++) {
      const z = zs[i]!;
      probs(theta, z, p);
      for (let a = 0; a < classes; a++) {
        const err = p[a]! - (ys[i] === a ? 1 : 0);
        for (let f = 0; f < width; f++) grad[a * width + f]! += err * z[f]!;
        for (let b = a; b < classes; b++) {
          const w = (a === b ? p[a]! : 0) - p[a]! * p[b]!;
          if (w === 0) continue;
          for (let f = 0; f < width; f++) {
            const wf = w * z[f]!;
            const row = (a * width + f) * size + b * width;
            for (let g = 0; g < width; g++) hess[row + g]! += wf * z[g]!;
          }
        }
      }
    }
    for (let k = 0; k < size; k++) {
      grad[k] = grad[k]! / Math.max(n, 1) + penalty(k) * theta[k]!;
      // The intercepts are free to move together (softmax ignores a shift); a tiny ridge fixes them.
      hess[k * size + k]! += n * (penalty(k) || 1e-9);
    }
    // Fill the lower blocks from the upper ones and scale to the mean.
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < r; c++) hess[r * size + c] = hess[c * size + r]!;
    }
    for (let k = 0; k < size * size; k++) hess[k]! /= Math.max(n, 1);
    const delta = solveSymmetric(hess, grad, size);
    let rate = 1;
    let next = theta;
    let value = current;
    for (let tries = 0; tries < 30; tries++, rate /= 2) {
      next = theta.map((v, k) => v - rate * delta[k]!);
      value = loss(next);
      if (value <= current) break;
    }
    if (!(value <= current)) break;
    const moved = Math.max(...delta.map((v) => Math.abs(rate * v)));
    theta.set(next);
    const gain = current - value;
    current = value;
    if (moved < 1e-9 || gain < 1e-14) break;
  }
  const weights = Array.from({ length: classes }, (_, c) =>
    Array.from(theta.subarray(c * width, (c + 1) * width)),
  );
  return { means, stds, weights };
}

/** Solves `a x = b` for a symmetric positive definite `a` (row-major, n x n) by Cholesky. */
function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}
