import { MGT_CLASSES } from '../models/label-map.js';
import { fitLogistic, logits, softmax, standardize } from './logistic.js';
import { auroc } from './roc.js';
import { MACHINE_CLASSES, type MachineClass } from './verdict-file.js';

/** The L2 penalties the grouped cross-validation chooses from (per page, on standardized features). */
export const L2_GRID = [0.001, 0.01, 0.1, 1] as const;

/** What the grouped cross-validation found, recorded in the verdict file. */
export interface CombinerChoice {
  /** The penalty with the best mean AUROC over the machine classes, held out by source. */
  l2: number;
  /** The penalty the fit used (fitVerdict's `choosePenalty`: this one, else the default). */
  used?: number;
  /** Sources (groups) held out one at a time. */
  groups: number;
  /** Per penalty, the held-out AUROC per machine class. */
  cv: Record<string, Record<MachineClass, number>>;
  /** Per machine class, the best single feature on the same pages (either orientation), for comparison. */
  bestSingle: Record<MachineClass, { feature: string; auroc: number }>;
}

/**
 * Chooses the combiner's L2 penalty by leave-one-source-out cross-validation: each group (a
 * source, MT direction or generator) is scored by a fit on the others, so the penalty is the one
 * that carries best to text from a source the fit never saw, which is what the verdict meets on
 * the web. A group whose removal leaves a class without pages is not held out.
 */
export function chooseL2(
  xs: readonly Float64Array[],
  ys: readonly number[],
  groups: readonly string[],
  featureNames: readonly string[],
): CombinerChoice {
  const names = [...new Set(groups)].sort();
  const cv: CombinerChoice['cv'] = {};
  let best = { l2: L2_GRID[0] as number, score: -Infinity };
  for (const l2 of L2_GRID) {
    const probs = new Array<number[] | undefined>(xs.length);
    for (const group of names) {
      const train = xs.flatMap((_, i) => (groups[i] === group ? [] : [i]));
      if (MGT_CLASSES.some((_, c) => !train.some((i) => ys[i] === c))) continue;
      const model = fitLogistic(
        train.map((i) => xs[i]!),
        train.map((i) => ys[i]!),
        MGT_CLASSES.length,
        { l2 },
      );
      xs.forEach((x, i) => {
        if (groups[i] === group) probs[i] = softmax(logits(standardize(x, model), model));
      });
    }
    const byClass = {} as Record<MachineClass, number>;
    for (const cls of MACHINE_CLASSES)
      byClass[cls] = classAuroc(
        probs.map((p) => p?.[MGT_CLASSES.indexOf(cls)]),
        ys,
        cls,
      );
    cv[String(l2)] = byClass;
    const score = MACHINE_CLASSES.reduce((a, cls) => a + byClass[cls], 0) / MACHINE_CLASSES.length;
    if (score > best.score + 1e-9) best = { l2, score };
  }
  const bestSingle = {} as CombinerChoice['bestSingle'];
  for (const cls of MACHINE_CLASSES) {
    bestSingle[cls] = { feature: '', auroc: 0.5 };
    featureNames.forEach((feature, f) => {
      const a = classAuroc(
        xs.map((x) => (Number.isNaN(x[f]!) ? undefined : x[f]!)),
        ys,
        cls,
      );
      const oriented = Math.max(a, 1 - a);
      if (oriented > bestSingle[cls].auroc) bestSingle[cls] = { feature, auroc: Number(oriented.toFixed(4)) };
    });
  }
  return { l2: best.l2, groups: names.length, cv, bestSingle };
}

/** AUROC of `scores` for class `cls` against human pages, over the pages with a score. */
function classAuroc(
  scores: readonly (number | undefined)[],
  ys: readonly number[],
  cls: MachineClass,
): number {
  const c = MGT_CLASSES.indexOf(cls);
  const human = MGT_CLASSES.indexOf('human');
  const pick = (y: number): number[] => scores.flatMap((s, i) => (ys[i] === y && s !== undefined ? [s] : []));
  const a = auroc(pick(c), pick(human));
  return Number.isNaN(a) ? 0.5 : Number(a.toFixed(4));
}
