import type { Verdict } from '../db/types.js';
import { auroc, rateAtOrAbove, tprAtFpr } from '../detectors/verdict/roc.js';
import { MACHINE_CLASSES, type MachineClass, type VerdictModel } from '../detectors/verdict/verdict-model.js';

/**
 * The tables of `npm run eval:detect`, for any labelled world: each detector alone and the
 * combined verdict per machine class, the shipped operating points, TPR per kind of machine text
 * (MT direction, generator, spinner), and false positives on human text per language.
 */
export type Cls = 'human' | MachineClass;

export interface Row {
  cls: Cls;
  language: string;
  /** What made the text (MT direction, generator, ...), or the source for human pages. */
  kind: string;
  scores: Map<string, number>;
  probs: Record<string, number>;
  /** The verdict's label: human, a machine class, or insufficient. */
  label: string;
  /** The verdict's probabilities reach its 5% threshold for a machine class. */
  flagged5: boolean;
  /** Why the verdict abstained (`no_reference_for_language`, `out_of_distribution`, ...), if it did. */
  abstained?: string | undefined;
  /** The built-in policy rejected the page. */
  rejected: boolean;
  /** The verdict on the page from the stored scores of the optional detectors `detectors` only. */
  judge: (detectors: readonly string[]) => Verdict;
}

/** Each detector alone, oriented so that higher means machine (the sign each paper uses; Fast-DetectGPT both ways). */
export const DETECTORS: { name: string; score: (r: Row, cls: MachineClass) => number | undefined }[] = [
  {
    name: 'classifier',
    score: (r, cls) => r.scores.get(`mgt_classifier.p_${cls.replace(/-/g, '_')}`),
  },
  { name: 'log-likelihood', score: (r) => r.scores.get('zero_shot.ll') },
  { name: 'log-rank', score: (r) => neg(r.scores.get('zero_shot.logrank')) },
  { name: 'entropy', score: (r) => neg(r.scores.get('zero_shot.entropy')) },
  { name: 'fast-detectgpt', score: (r) => r.scores.get('zero_shot.fastdetect') },
  // The other tail (the verdict's zero_shot_improbable): text less likely than the model expects.
  { name: 'fast-detectgpt, low tail', score: (r) => neg(r.scores.get('zero_shot.fastdetect')) },
  { name: 'binoculars', score: (r) => neg(r.scores.get('zero_shot.binoculars')) },
  { name: 'text incohesion', score: (r) => neg(r.scores.get('text_stats.cohesion')) },
  { name: 'mwp share 3+', score: (r) => r.scores.get('mwp.share_3plus') ?? 0 },
  { name: 'mt plugin', score: (r) => r.scores.get('mt_markers.plugins') ?? 0 },
  { name: 'verdict', score: (r, cls) => r.probs[cls] },
];
function neg(v: number | undefined): number | undefined {
  return v === undefined ? undefined : -v;
}

const pct = (v: number): string => (Number.isNaN(v) ? '  n/a' : (100 * v).toFixed(1).padStart(5));
const defined = (xs: (number | undefined)[]): number[] => xs.filter((v): v is number => v !== undefined);

export interface DetectorMetrics {
  auroc: number;
  tpr1: number;
  tpr5: number;
  positives: number;
  negatives: number;
}

/** Prints and returns every table for one world's judged rows. */
export function detectTables(
  rows: Row[],
  verdict: VerdictModel,
  print: (line: string) => void,
): Record<string, unknown> {
  const humans = rows.filter((r) => r.cls === 'human');
  const result: Record<string, unknown> = {};
  for (const cls of MACHINE_CLASSES) {
    const pos = rows.filter((r) => r.cls === cls);
    if (pos.length === 0) continue;
    print(`\n${cls}: detector            AUROC  TPR@1%  TPR@5%`);
    const table: Record<string, DetectorMetrics> = {};
    for (const d of DETECTORS) {
      const p = defined(pos.map((r) => d.score(r, cls)));
      const n = defined(humans.map((r) => d.score(r, cls)));
      const m = {
        auroc: auroc(p, n),
        tpr1: tprAtFpr(p, n, 0.01),
        tpr5: tprAtFpr(p, n, 0.05),
        positives: p.length,
        negatives: n.length,
      };
      table[d.name] = m;
      print(`  ${d.name.padEnd(28)} ${m.auroc.toFixed(3)}  ${pct(m.tpr1)}   ${pct(m.tpr5)}`);
    }
    const best = Object.entries(table)
      .filter(([name]) => name !== 'verdict')
      .sort((a, b) => b[1].auroc - a[1].auroc)[0]!;
    // Issue 35's check: the combination must not rank worse than any of its parts.
    const holds = table.verdict!.auroc >= best[1].auroc;
    print(
      `  verdict AUROC ${table.verdict!.auroc.toFixed(3)} against the best single detector (${best[0]}) ${best[1].auroc.toFixed(3)}: ${holds ? 'not worse (check met)' : 'WORSE (check not met)'}`,
    );
    const shipped: Record<string, unknown> = {};
    for (const level of ['0.01', '0.05']) {
      const t = verdict.file.thresholds[cls][level]!;
      const tpr = rateAtOrAbove(
        pos.map((r) => r.probs[cls] ?? 0),
        t,
      );
      const fpr = rateAtOrAbove(
        humans.map((r) => r.probs[cls] ?? 0),
        t,
      );
      shipped[level] = { threshold: t, tpr, fpr };
      print(
        `  shipped threshold for ${Number(level) * 100}% FPR: TPR ${pct(tpr)}, FPR on these human pages ${pct(fpr)}`,
      );
    }
    // By kind of machine text: the verdict at this world's 1%/5% FPR thresholds, and the classifier alone.
    const byKind: Record<string, unknown> = {};
    const n = humans.map((r) => r.probs[cls] ?? 0);
    const nc = defined(humans.map((r) => DETECTORS[0]!.score(r, cls)));
    const kinds = [...new Set(pos.map((r) => r.kind))].sort();
    for (const kind of kinds) {
      const rowsOf = pos.filter((r) => r.kind === kind);
      const p = rowsOf.map((r) => r.probs[cls] ?? 0);
      const pc = defined(rowsOf.map((r) => DETECTORS[0]!.score(r, cls)));
      byKind[kind] = {
        pages: p.length,
        tpr1: tprAtFpr(p, n, 0.01),
        tpr5: tprAtFpr(p, n, 0.05),
        classifierTpr1: tprAtFpr(pc, nc, 0.01),
        rejected: rowsOf.filter((r) => r.rejected).length / rowsOf.length,
      };
    }
    print(`  by kind (pages): verdict TPR@1% / @5%, classifier TPR@1%, rejected by the built-in policy`);
    for (const kind of kinds) {
      const m = byKind[kind] as {
        pages: number;
        tpr1: number;
        tpr5: number;
        classifierTpr1: number;
        rejected: number;
      };
      print(
        `    ${kind.padEnd(26)} ${String(m.pages).padStart(4)}  ${pct(m.tpr1)} / ${pct(m.tpr5)}   ${pct(m.classifierTpr1)}   ${pct(m.rejected)}`,
      );
    }
    result[cls] = {
      detectors: table,
      shipped,
      byKind,
      stackingCheck: { verdict: table.verdict!.auroc, best: best[0], bestAuroc: best[1].auroc, met: holds },
    };
  }

  // Abstentions per class and reason (issue 35: report them; < 10% of human pages in languages with calibration).
  const abstentions: Record<string, Record<string, number>> = {};
  print('\nAbstained (insufficient), share of each class, by reason:');
  for (const cls of ['human', ...MACHINE_CLASSES] as const) {
    const list = rows.filter((r) => r.cls === cls);
    const by: Record<string, number> = {};
    for (const r of list) if (r.abstained) by[r.abstained] = (by[r.abstained] ?? 0) + 1;
    abstentions[cls] = by;
    const total = Object.values(by).reduce((a, b) => a + b, 0);
    print(
      `  ${cls.padEnd(20)} ${pct(total / list.length)}%  ` +
        Object.entries(by)
          .map(([reason, n]) => `${reason} ${n}`)
          .join(', '),
    );
  }
  result.abstentions = abstentions;

  // Human pages the built-in policy rejects, per language (the goal: <= 2% overall, <= 5% per language with 30+ pages).
  const byLanguage: Record<
    string,
    { pages: number; rejected: number; flagged5: number; insufficient: number }
  > = {};
  for (const r of humans) {
    const row = (byLanguage[r.language] ??= { pages: 0, rejected: 0, flagged5: 0, insufficient: 0 });
    row.pages++;
    if (r.rejected) row.rejected++;
    if (r.label === 'insufficient') row.insufficient++;
    else if (r.flagged5) row.flagged5++;
  }
  const rejected = humans.filter((r) => r.rejected).length;
  print(
    `\nHuman pages (translations included) rejected by the built-in policy: ${rejected}/${humans.length} (${pct(rejected / humans.length).trim()}%)`,
  );
  // The verdict's human calibration pages in the language (the verdict abstains on a page whose detected language has none).
  const reference = (lang: string): number => verdict.file.languageReference?.languages[lang]?.pages ?? 0;
  print('  language pages  rejected  flagged at 5%  not judged  calibration pages');
  for (const [lang, r] of Object.entries(byLanguage).sort((a, b) => b[1].pages - a[1].pages)) {
    print(
      `  ${lang.padEnd(8)} ${String(r.pages).padStart(5)}  ${pct(r.rejected / r.pages)}%   ${String(r.flagged5).padStart(5)}   ${String(r.insufficient).padStart(5)}   ${String(reference(lang)).padStart(5)}`,
    );
  }
  const byHumanKind: Record<string, { pages: number; rejected: number }> = {};
  for (const r of humans) {
    const row = (byHumanKind[r.kind] ??= { pages: 0, rejected: 0 });
    row.pages++;
    if (r.rejected) row.rejected++;
  }
  print(
    '  by source: ' +
      Object.entries(byHumanKind)
        .map(([k, r]) => `${k} ${r.rejected}/${r.pages}`)
        .join(', '),
  );
  result.humanRejected = { pages: humans.length, rejected, byLanguage, bySource: byHumanKind };
  return result;
}

/** Whether a verdict's probability of some machine class reaches its threshold at `level`. */
export function flaggedAt(v: Verdict | undefined, level: number, cls?: MachineClass): boolean {
  if (!v || v.label === 'insufficient') return false;
  return MACHINE_CLASSES.some((c) => {
    const t = v.thresholds[c]?.[String(level)];
    return (cls === undefined || c === cls) && t !== undefined && (v.probs[c] ?? 0) >= t;
  });
}
