import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { LabelsError, loadGroundTruth, type GroundTruth } from '../../../reports/ground-truth.js';
import { MACHINE_CLASSES } from '../../../detectors/verdict/verdict-model.js';
import {
  FitVerdictError,
  fitVerdictOnLabels,
  MIN_FIT_PAGES,
  type FitVerdictResult,
} from '../../score/fit-verdict.js';
import { formatCount } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';

interface FitVerdictFlags {
  db?: string;
  labels: string;
  out: string;
  holdout: string;
  seed: string;
  json?: boolean;
}

const pct = (v: number): string => (Number.isNaN(v) ? 'n/a' : `${(100 * v).toFixed(1)}%`);

/** What the command prints: the pages it used, then per class how the fit does on the held-out pages. */
export function describeFit(r: FitVerdictResult, out: string): string[] {
  const count = (c: Record<string, number>): string =>
    Object.entries(c)
      .map(([k, n]) => `${k} ${formatCount(n)}`)
      .join(', ');
  const lines = [
    `Fitted on ${count(r.pages.fit)}; held out ${count(r.pages.holdout)}`,
    `  left out: ${formatCount(r.skipped.tooShort)} too short to judge, ${formatCount(r.skipped.unscored)} never scored; ` +
      `${formatCount(r.unmatched)} labels with no page in the database`,
    'Held-out pages (AUROC; TPR at 1% and 5% FPR on the held-out humans; the fitted thresholds there):',
  ];
  for (const cls of MACHINE_CLASSES) {
    const h = r.holdout[cls];
    const at = Object.entries(h.atThresholds)
      .map(([level, m]) => `${Number(level) * 100}% threshold: TPR ${pct(m.tpr)}, FPR ${pct(m.fpr)}`)
      .join('; ');
    lines.push(
      `  ${cls.padEnd(20)} ${formatCount(h.positives)} pages against ${formatCount(h.negatives)} human: ` +
        `AUROC ${Number.isNaN(h.auroc) ? 'n/a' : h.auroc.toFixed(3)}, TPR ${pct(h.tprAt1)} / ${pct(h.tprAt5)}; ${at}`,
    );
  }
  lines.push(`Wrote ${out}; use it with: corpus-audit score --detectors verdict --verdict-model ${out}`);
  return lines;
}

export function registerFitVerdict(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('fit-verdict')
    .description(
      'fit the verdict on your own labelled pages, with thresholds for 1% and 5% false positives on your human pages',
    )
    .requiredOption(
      '--labels <labels.jsonl>',
      'one JSON object per line with the page\'s "url" and its "origin"',
    )
    .requiredOption('--out <verdict.json>', 'where to write the fitted verdict')
    .option('--db <path>', 'audit database, already scored (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option(
      '--holdout <percent>',
      'labelled pages held out to measure the fit (by a hash of the page id)',
      '25',
    )
    .option('--seed <n>', "seed of the holdout's hash", '1')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
The shipped verdict was fitted on the demo world; its probabilities and thresholds mean little on
other text. This command refits it on pages of yours that you labelled, from the scores
\`corpus-audit score\` stored for them (run it first, with the models you will keep using: the
file records their digests, and score warns when they differ). origin is one of human,
human-translation (counted as human), machine-translation, lm-generated; the labels file of
\`corpus-audit demo labels\` has this shape. Every class needs at least ${MIN_FIT_PAGES} scored pages in the
fit part. Thresholds are set on the fit part's human pages; the held-out pages say how the fit
does on pages it did not see.

Examples:
  corpus-audit fit-verdict --db audit.sqlite --labels my-labels.jsonl --out my-verdict.json
  corpus-audit score --db audit.sqlite --detectors verdict --verdict-model my-verdict.json`,
    )
    .action((opts: FitVerdictFlags) => {
      const dbPath = resolveDbPath(opts.db, io);
      const holdout = integerFlag(opts.holdout, '--holdout', 0, 90) / 100;
      const seed = integerFlag(opts.seed, '--seed', 0, 2 ** 32 - 1);
      const out = resolve(io.cwd, opts.out);
      let truth: GroundTruth;
      try {
        truth = loadGroundTruth(resolve(io.cwd, opts.labels));
      } catch (err) {
        if (err instanceof LabelsError) throw new UsageError(err.message);
        throw err;
      }
      const store = openExistingStore(dbPath, 'read');
      let result: FitVerdictResult;
      try {
        result = fitVerdictOnLabels({ store, truth, holdout, seed });
      } catch (err) {
        if (err instanceof FitVerdictError) throw new UsageError(err.message);
        throw err;
      } finally {
        store.close();
      }
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify(result.file, null, 1) + '\n');
      if (opts.json) {
        const { file, ...rest } = result;
        io.stdout.write(JSON.stringify({ out, thresholds: file.thresholds, ...rest }, null, 2) + '\n');
      } else {
        io.stdout.write(describeFit(result, out).join('\n') + '\n');
      }
      done(0);
    });
}
