import { describe, expect, it } from 'vitest';
import { fitLogistic, logits, softmax, standardize } from '../../../detectors/verdict/logistic.js';
import { auroc, thresholdAtFpr, tprAtFpr } from '../../../detectors/verdict/roc.js';
import { rng } from '../../../db/random.js';

describe('logistic regression', () => {
  it('separates three classes and gives calibrated-looking probabilities', () => {
    const random = rng(3);
    const xs: Float64Array[] = [];
    const ys: number[] = [];
    const centers = [
      [0, 0],
      [3, 0],
      [0, 3],
    ];
    for (let i = 0; i < 600; i++) {
      const c = i % 3;
      xs.push(Float64Array.from([centers[c]![0]! + random() - 0.5, centers[c]![1]! + random() - 0.5]));
      ys.push(c);
    }
    const model = fitLogistic(xs, ys, 3);
    let correct = 0;
    xs.forEach((x, i) => {
      const p = softmax(logits(standardize(x, model), model));
      if (p.indexOf(Math.max(...p)) === ys[i]) correct++;
    });
    expect(correct / xs.length).toBeGreaterThan(0.99);
    const middle = softmax(logits(standardize(Float64Array.from([1.5, 1.5]), model), model));
    expect(Math.max(...middle)).toBeLessThan(0.9);
  });

  it('reaches the optimum of the penalized log-loss, also on nearly separable classes', () => {
    const random = rng(5);
    const xs: Float64Array[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 900; i++) {
      const c = i % 3;
      // Class 1 is separable from class 0 along the first feature; class 2 overlaps both.
      xs.push(Float64Array.from([c === 1 ? 4 + random() : random(), random() + c * 0.3, random()]));
      ys.push(c);
    }
    const l2 = 1e-3;
    const model = fitLogistic(xs, ys, 3, { l2 });
    const grad = model.weights.map((w) => w.map(() => 0));
    xs.forEach((x, i) => {
      const z = standardize(x, model);
      const p = softmax(logits(z, model));
      p.forEach((pc, c) => {
        const err = pc - (ys[i] === c ? 1 : 0);
        z.forEach((v, f) => (grad[c]![f]! += err * v));
        grad[c]![z.length]! += err;
      });
    });
    const worst = Math.max(
      ...grad.flatMap((g, c) =>
        g.map((v, f) => Math.abs(v / xs.length + (f < 3 ? l2 * model.weights[c]![f]! : 0))),
      ),
    );
    expect(worst).toBeLessThan(1e-7);
  });

  it('imputes a missing feature with the training mean', () => {
    const model = fitLogistic([Float64Array.from([0, 1]), Float64Array.from([2, 3])], [0, 1], 2);
    const z = standardize(Float64Array.from([NaN, 3]), model);
    expect(z[0]).toBe(0);
  });
});

describe('ROC metrics', () => {
  it('computes AUROC with ties counted half', () => {
    expect(auroc([3, 4], [1, 2])).toBe(1);
    expect(auroc([1, 2], [3, 4])).toBe(0);
    expect(auroc([1], [1])).toBe(0.5);
  });

  it('flags at most the allowed share of negatives', () => {
    const negatives = Array.from({ length: 100 }, (_, i) => i);
    const t = thresholdAtFpr(negatives, 0.05);
    expect(negatives.filter((v) => v >= t).length).toBe(5);
    expect(tprAtFpr([93.5, 96, 200], negatives, 0.05)).toBeCloseTo(2 / 3);
    expect(tprAtFpr([97.5], negatives, 0.01)).toBe(0);
  });
});
