import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CollapseFileError, loadCollapseRun } from '../../collapse/results-file.js';
import { LabelsError, loadGroundTruth, type GroundTruth } from '../../../reports/ground-truth.js';
import { writeReport, type WrittenReport } from '../../../reports/write-report.js';
import type { LoadedPolicy } from '../../../policy/load-policy.js';
import type { Store } from '../../../db/store.js';
import { formatCount, formatDuration } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';
import { policyFromFlag } from './policy.js';

interface ReportFlags {
  db?: string;
  out: string;
  policy?: string;
  labels?: string;
  collapse?: string;
  evidence: string;
  seed: string;
}

export interface ReportInputs {
  store: Store;
  database: string;
  policy: LoadedPolicy;
  out: string;
  labels?: string;
  collapse?: string;
  evidencePages?: number;
  seed?: number;
}

/** Loads the optional inputs (labels, collapse results) with errors a user can act on, then writes. */
export function buildReport(inputs: ReportInputs): WrittenReport {
  let truth: GroundTruth | undefined;
  let collapse: ReturnType<typeof loadCollapseRun> | undefined;
  try {
    truth = inputs.labels === undefined ? undefined : loadGroundTruth(inputs.labels);
    collapse = inputs.collapse === undefined ? undefined : loadCollapseRun(inputs.collapse);
  } catch (err) {
    if (err instanceof LabelsError || err instanceof CollapseFileError) throw new UsageError(err.message);
    throw err;
  }
  return writeReport({
    store: inputs.store,
    database: inputs.database,
    policy: inputs.policy,
    out: inputs.out,
    ...(truth && { truth }),
    ...(collapse && { collapse: collapse.run, collapseCharts: collapse.charts }),
    ...(inputs.evidencePages !== undefined && { evidencePages: inputs.evidencePages }),
    ...(inputs.seed !== undefined && { seed: inputs.seed }),
  });
}

/** The lines that say where the report went. */
export function describeReport(written: WrittenReport, elapsedMs: number): string[] {
  const r = written.report;
  return [
    `Report of ${formatCount(r.overview.documents)} pages (${formatCount(r.overview.decisions.reject)} rejected, ` +
      `${formatCount(r.evidence.sampled)} with evidence, ${r.charts.length} charts) in ${formatDuration(elapsedMs)}:`,
    ...written.files.map((f) => `  ${f}`),
  ];
}

export function registerReport(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('report')
    .description('write the audit report: one self-contained HTML file, plus JSON and CSV')
    .option(
      '--out <dir>',
      'folder for index.html, report.json, report.schema.json and the CSV files',
      'report',
    )
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--policy <file>', 'the policy that decides kept and rejected (default: the built-in one)')
    .option('--labels <labels.jsonl>', 'ground truth by URL (the demo world: `corpus-audit demo labels`)')
    .option('--collapse <results.json>', 'include a collapse run (what `corpus-audit collapse --out` wrote)')
    .option('--evidence <n>', 'flagged pages shown with their evidence', '40')
    .option('--seed <n>', 'seed of the evidence sample', '1')
    .addHelpText(
      'after',
      `
index.html opens offline: charts are SVG drawn when the report is written, tables sort (click a
header) and page without any network. report.json holds the same numbers and validates against
report.schema.json; documents.csv has one row per page with its verdict, decision and reasons.
The same database, policy, labels and seed give the same report, apart from its timestamps.

Examples:
  corpus-audit report --db audit.sqlite --out report/
  corpus-audit report --out report/ --labels labels.jsonl --collapse collapse-results.json`,
    )
    .action((opts: ReportFlags) => {
      const started = performance.now();
      const dbPath = resolveDbPath(opts.db, io);
      const policy = policyFromFlag(opts.policy, io);
      const evidencePages = integerFlag(opts.evidence, '--evidence', 0);
      const seed = integerFlag(opts.seed, '--seed', 0, 2 ** 32 - 1);
      const out = resolve(io.cwd, opts.out);
      if (existsSync(out) && !existsSync(join(out, 'index.html')) && !isEmptyDir(out)) {
        // Never mix the report into a folder of other things without saying so.
        io.stderr.write(
          `corpus-audit: note: ${out} already holds other files; the report's files are added beside them\n`,
        );
      }
      const store = openExistingStore(dbPath, 'read');
      try {
        const written = buildReport({
          store,
          database: dbPath,
          policy,
          out,
          ...(opts.labels !== undefined && { labels: resolve(io.cwd, opts.labels) }),
          ...(opts.collapse !== undefined && { collapse: resolve(io.cwd, opts.collapse) }),
          evidencePages,
          seed,
        });
        io.stdout.write(describeReport(written, performance.now() - started).join('\n') + '\n');
        done(0);
      } finally {
        store.close();
      }
    });
}

function isEmptyDir(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}
