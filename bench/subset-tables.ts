import type { Verdict } from '../db/types.js';
import { allSubsets, subsetName } from '../detectors/verdict/detector-subsets.js';
import { auroc } from '../detectors/verdict/roc.js';
import { MACHINE_CLASSES, type MachineClass } from '../detectors/verdict/verdict-model.js';
import { flaggedAt, type Row } from './detect-tables.js';

/** Human pages of a language behind a per-language false-positive figure. */
const MIN_LANGUAGE_PAGES = 30;

const pct = (v: number): string => (Number.isNaN(v) ? '  n/a' : (100 * v).toFixed(1).padStart(5));

/**
 * The verdict as it judges pages scored by a subset of the optional detectors (`score --detectors
 * classifier,verdict`, the scoring service without translation tuples, ...): each page re-judged
 * from its stored scores without the other detectors', by the fit the verdict file has for that
 * subset, at its own thresholds (the page language's where the fit has them). Per subset: AUROC
 * and the share flagged at the 5% and 1% levels per machine class, the share of human pages
 * flagged, the worst language's (30+ human pages), and the share of human pages it abstained on.
 */
export function subsetTables(rows: readonly Row[], print: (line: string) => void): Record<string, unknown> {
  const humans = rows.filter((r) => r.cls === 'human');
  const out: Record<string, unknown> = {};
  print('\nDetector subsets: each page judged by the fit for the detectors named, at its own thresholds');
  print(
    '  subset                                      MT AUROC  flagged 5% / 1%    LM AUROC  flagged 5% / 1%    human flagged 5% / 1%  worst language 5%  abstained',
  );
  for (const subset of allSubsets()) {
    const verdicts = new Map<Row, Verdict>(rows.map((r) => [r, r.judge(subset)]));
    const flagged = (r: Row, level: number, cls?: MachineClass): boolean =>
      flaggedAt(verdicts.get(r), level, cls);
    const share = (list: readonly Row[], test: (r: Row) => boolean): number =>
      list.length === 0 ? NaN : list.filter(test).length / list.length;
    const classes: Record<string, unknown> = {};
    const cells: string[] = [];
    for (const cls of MACHINE_CLASSES) {
      const pos = rows.filter((r) => r.cls === cls);
      const probs = (list: readonly Row[]): number[] => list.map((r) => verdicts.get(r)!.probs[cls] ?? 0);
      const m = {
        auroc: auroc(probs(pos), probs(humans)),
        flagged5: share(pos, (r) => flagged(r, 0.05, cls)),
        flagged1: share(pos, (r) => flagged(r, 0.01, cls)),
      };
      classes[cls] = m;
      cells.push(`${m.auroc.toFixed(3)}   ${pct(m.flagged5)} / ${pct(m.flagged1)}`);
    }
    const byLanguage = new Map<string, Row[]>();
    for (const r of humans) byLanguage.set(r.language, [...(byLanguage.get(r.language) ?? []), r]);
    let worst = { language: '-', fpr: 0 };
    for (const [language, list] of byLanguage) {
      if (list.length < MIN_LANGUAGE_PAGES) continue;
      const fpr = share(list, (r) => flagged(r, 0.05));
      if (fpr > worst.fpr) worst = { language, fpr };
    }
    const human = {
      flagged5: share(humans, (r) => flagged(r, 0.05)),
      flagged1: share(humans, (r) => flagged(r, 0.01)),
      worstLanguage5: worst,
      abstained: share(humans, (r) => verdicts.get(r)!.label === 'insufficient'),
    };
    out[subsetName(subset)] = { ...classes, human };
    print(
      `  ${subsetName(subset).padEnd(42)}  ${cells.join('     ')}      ${pct(human.flagged5)} / ${pct(human.flagged1)}      ${worst.language} ${pct(worst.fpr)}     ${pct(human.abstained)}`,
    );
  }
  return out;
}
