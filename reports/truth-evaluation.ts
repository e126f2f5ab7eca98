import type { JudgedDoc } from '../policy/judge-store.js';
import type { GroundTruth } from './ground-truth.js';
import type { AuditReport } from './report-schema.js';
import { evaluateScores, SCORE_VIEWS } from './score-views.js';

const ratio = (a: number, b: number): number | null => (b > 0 ? Number((a / b).toFixed(4)) : null);

/**
 * The report's evaluation against ground truth, a judged page at a time: the confusion of truth
 * and verdict, each score's values on positives and negatives (for AUROC and TPR at fixed FPR),
 * and what the policy rejected. Pages of the split the shipped models were fitted on would flatter
 * them: they are counted, not evaluated.
 */
export class TruthEvaluation {
  private matched = 0;
  private inTrainSplit = 0;
  private readonly confusion = new Map<string, number>();
  private readonly values = new Map<string, { pos: number[]; neg: number[] }>();
  private readonly policy = { machinePages: 0, humanPages: 0, rejectedMachine: 0, rejectedHuman: 0 };

  constructor(private readonly truth: GroundTruth) {}

  add(j: JudgedDoc, rejected: boolean): void {
    const { doc, verdict } = j;
    const found = doc.url === undefined ? undefined : this.truth.byUrl.get(doc.url);
    const fitted = found?.split === 'train' || found?.split === 'calibrate';
    if (fitted) this.inTrainSplit++;
    const label = fitted ? undefined : found;
    if (!label) return;
    const truthClass = label.origin === 'human-translation' ? 'human' : label.origin;
    this.matched++;
    const key = `${label.origin}\u0000${verdict?.label ?? 'unscored'}`;
    this.confusion.set(key, (this.confusion.get(key) ?? 0) + 1);
    if (truthClass === 'human') {
      this.policy.humanPages++;
      this.policy.rejectedHuman += Number(rejected);
    } else {
      this.policy.machinePages++;
      this.policy.rejectedMachine += Number(rejected);
    }
    for (const view of SCORE_VIEWS) {
      if (truthClass !== 'human' && truthClass !== view.task) continue;
      const v = view.get(j.scores, verdict);
      if (v === undefined || !Number.isFinite(v)) continue;
      const tv = this.values.get(view.id) ?? { pos: [], neg: [] };
      this.values.set(view.id, tv);
      (truthClass === 'human' ? tv.neg : tv.pos).push(v);
    }
  }

  finish(documents: number): NonNullable<AuditReport['evaluation']> {
    const p = this.policy;
    return {
      labels: this.truth.path,
      matched: this.matched,
      trainSplit: this.inTrainSplit,
      unmatched: documents - this.matched - this.inTrainSplit,
      confusion: [...this.confusion].sort().map(([k, docs]) => {
        const [t, v] = k.split('\u0000') as [string, string];
        return { truth: t, verdict: v, docs };
      }),
      detectors: SCORE_VIEWS.filter((v) => this.values.has(v.id)).map((view) => {
        const tv = this.values.get(view.id)!;
        return {
          id: view.id,
          title: view.title,
          task: view.task,
          positives: tv.pos.length,
          negatives: tv.neg.length,
          ...evaluateScores(tv.pos, tv.neg, view.lowerIsMachine),
        };
      }),
      policy: {
        ...p,
        precision: ratio(p.rejectedMachine, p.rejectedMachine + p.rejectedHuman),
        recall: ratio(p.rejectedMachine, p.machinePages),
        humanRejectRate: ratio(p.rejectedHuman, p.humanPages),
      },
    };
  }
}
