import { describe, expect, it } from 'vitest';
import { rng } from '../../../db/random.js';
import { MGT_CLASSES } from '../../../detectors/models/label-map.js';
import { L2_GRID, chooseL2 } from '../../../detectors/verdict/grouped-cv.js';
import { fitLogistic, logits, softmax, standardize } from '../../../detectors/verdict/logistic.js';
import { auroc } from '../../../detectors/verdict/roc.js';

describe('chooseL2', () => {
  it('holds out one source at a time, so a feature that only marks the training sources does not win', () => {
    const random = rng(9);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const xs: Float64Array[] = [];
    const ys: number[] = [];
    const groups: string[] = [];
    // Six sources per class. Feature 0 carries the class weakly everywhere; feature 1 is a
    // per-source quirk (each source's own offset), which in-sample looks like strong evidence.
    for (let source = 0; source < 18; source++) {
      const y = source % MGT_CLASSES.length;
      const quirk = 3 * gauss();
      for (let k = 0; k < 30; k++) {
        xs.push(Float64Array.from([gauss() + (y === 0 ? 0 : 1), quirk + 0.3 * gauss()]));
        ys.push(y);
        groups.push(`s${source}`);
      }
    }
    const choice = chooseL2(xs, ys, groups, ['signal', 'quirk']);
    expect(choice.groups).toBe(18);
    expect(L2_GRID).toContain(choice.l2);
    expect(Object.keys(choice.cv).sort()).toEqual(L2_GRID.map(String).sort());
    // The chosen penalty has the best mean held-out AUROC over the machine classes.
    const mean = (l2: string): number =>
      (choice.cv[l2]!['machine-translation'] + choice.cv[l2]!['lm-generated']) / 2;
    for (const l2 of L2_GRID) expect(mean(String(choice.l2))).toBeGreaterThanOrEqual(mean(String(l2)));
    // In-sample, the per-source quirk makes the fit look strong; held out by source, it does not.
    const model = fitLogistic(xs, ys, MGT_CLASSES.length, { l2: choice.l2 });
    const probs = xs.map((x) => softmax(logits(standardize(x, model), model)));
    for (const cls of ['machine-translation', 'lm-generated'] as const) {
      const c = MGT_CLASSES.indexOf(cls);
      const of = (y: number): number[] => probs.flatMap((p, i) => (ys[i] === y ? [p[c]!] : []));
      const inSample = auroc(of(c), of(0));
      expect(choice.cv[String(choice.l2)]![cls]).toBeLessThan(inSample - 0.1);
      expect(choice.bestSingle[cls].auroc).toBeGreaterThan(0.5);
    }
  });
});
