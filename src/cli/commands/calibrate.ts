import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { codeVersion } from '../../../db/version.js';
import { FPR_LEVELS } from '../../../detectors/verdict/verdict-model.js';
import {
  CalibrationError,
  SMALL_SAMPLE,
  calibrateThresholds,
  pagesForLevel,
  type CalibrationFile,
} from '../../../policy/calibrate.js';
import { calibrationPages, readHumanList, type SampleCounts } from '../../../policy/calibration-sample.js';
import { formatCount } from '../format.js';
import { integerFlag, type Io } from '../io.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';

interface CalibrateFlags {
  db?: string;
  human: string;
  out: string;
  seed: string;
  json?: boolean;
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const levelName = (level: string | number): string => `${Number(level) * 100}%`;

/** What the command prints: the sample, then per language its guarantee and the measured rates. */
export function describeCalibration(file: CalibrationFile, counts: SampleCounts, out: string): string[] {
  const lines = [
    `Calibrated on ${formatCount(file.sample.pages)} human pages in ${file.sample.languages} ${file.sample.languages === 1 ? 'language' : 'languages'} ` +
      `(${formatCount(counts.listed)} listed: ${formatCount(counts.missing)} not in the database, ` +
      `${formatCount(counts.unscored)} without a verdict, ${formatCount(counts.tooShort)} too short, ` +
      `${formatCount(counts.unjudged)} not judged)`,
    `Per language: the levels its own pages promise (5% needs ${pagesForLevel(0.05)}, 1% needs ${pagesForLevel(0.01)}), ` +
      'and the share of its human pages flagged for any machine class when each half is judged by thresholds set on the other half:',
    '  lang   pages  own levels   flagged at 5%   flagged at 1%',
  ];
  const own = (lang: string): string => {
    const levels = new Set<string>();
    for (const fit of Object.values(file.fits)) {
      for (const byClass of Object.values(fit.languages[lang]?.thresholds ?? {})) {
        for (const level of Object.keys(byClass)) levels.add(level);
      }
    }
    return levels.size === 0
      ? 'none'
      : [...levels]
          .sort((a, b) => Number(b) - Number(a))
          .map(levelName)
          .join(', ');
  };
  for (const [lang, m] of Object.entries(file.measured).sort((a, b) => b[1].pages - a[1].pages)) {
    const at = (level: number): string => {
      const r = m.levels[String(level)]!;
      return (r.heldOut === 0 ? 'n/a' : `${pct(r.fpr)} (${r.flagged}/${r.heldOut})`).padEnd(16);
    };
    lines.push(
      `  ${lang.padEnd(5)} ${String(m.pages).padStart(6)}  ${own(lang).padEnd(11)}  ${FPR_LEVELS.map((l) =>
        at(l),
      )
        .reverse()
        .join('')}`.trimEnd(),
    );
  }
  lines.push(
    `  (n/a: half of the language's pages are too few for the level, so the measurement needs ${2 * pagesForLevel(0.05)}+ pages for 5%, ${2 * pagesForLevel(0.01)}+ for 1%)`,
  );
  for (const w of file.warnings) lines.push(`Note: ${w}`);
  lines.push(`Wrote ${out}; name it in your policy file (a path relative to the policy): thresholds: ${out}`);
  return lines;
}

export function registerCalibrate(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('calibrate')
    .description(
      'set the verdict thresholds, per language, on pages of your corpus you know to be human, with their false-positive rates measured',
    )
    .requiredOption(
      '--human <list>',
      'the human pages: one URL per line, or JSON lines with "url" (lines whose "origin" is not human are left out)',
    )
    .option('--out <thresholds.json>', 'where to write the thresholds', 'thresholds.json')
    .option('--db <path>', 'audit database, already scored (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--seed <n>', 'seed of the hash that splits the pages in two halves for the measurement', '1')
    .option('--json', 'print the thresholds file instead of the table')
    .addHelpText(
      'after',
      `
The verdict's shipped thresholds were set on the training worlds' human pages, not yours: on an
unseen collection they flagged 35-53% of the human Galician pages at the 5% level. Give this
command ${SMALL_SAMPLE}+ pages of your corpus that you know to be human (in the database, scored with
\`corpus-audit score\`); per language, thresholds are set on them by split-conformal calibration, so a
new human page of that language, like those, is flagged for a class at a level with probability at
most the level: 5% needs ${pagesForLevel(0.05)} pages of the language, 1% needs ${pagesForLevel(0.01)}. Languages without enough pages keep
the verdict's own thresholds. Each half of the pages is judged by thresholds set on the other half
to show the rate you can expect. The policy reads the file with \`thresholds: <file>\`; in those
languages it also judges pages the verdict abstained on for want of human calibration pages.
Run it again after scoring with another verdict file (the thresholds read its probabilities).

Examples:
  corpus-audit calibrate --db audit.sqlite --human known-human.txt --out my-thresholds.json
  printf 'version: 1\\nthresholds: my-thresholds.json\\n' > my-policy.yaml
  corpus-audit export --db audit.sqlite --policy my-policy.yaml --out clean.jsonl`,
    )
    .action((opts: CalibrateFlags) => {
      const dbPath = resolveDbPath(opts.db, io);
      const seed = integerFlag(opts.seed, '--seed', 0, 2 ** 32 - 1);
      const out = resolve(io.cwd, opts.out);
      const { urls, notHuman } = readHumanList(resolve(io.cwd, opts.human));
      if (urls.length === 0) {
        throw new CalibrationError(
          `${opts.human} lists no human page${notHuman > 0 ? ` (${notHuman} lines with another origin)` : ''}`,
        );
      }
      const store = openExistingStore(dbPath, 'read');
      let file: CalibrationFile;
      let counts: SampleCounts;
      try {
        const sample = calibrationPages(store, urls);
        counts = sample.counts;
        if (sample.pages.length === 0) {
          throw new CalibrationError(
            counts.missing === counts.listed
              ? `none of the ${counts.listed} listed URLs is in ${dbPath}: list pages by the URL they were stored under`
              : `none of the listed pages has a verdict to calibrate (${counts.unscored} not scored, ${counts.tooShort} too short): run corpus-audit score first`,
          );
        }
        file = calibrateThresholds(sample.pages, {
          seed,
          fittedOn: {
            human: opts.human,
            db: dbPath,
            command: 'corpus-audit calibrate',
            codeVersion: codeVersion(),
          },
        });
      } finally {
        store.close();
      }
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
      if (opts.json) io.stdout.write(JSON.stringify(file, null, 2) + '\n');
      else io.stdout.write(describeCalibration(file, counts, relative(io.cwd, out) || out).join('\n') + '\n');
      done(0);
    });
}
