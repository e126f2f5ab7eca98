import { resolve } from 'node:path';
import type { Command } from 'commander';
import { deprecatedFlag } from '../flags.js';
import { exportStore, type ExportSummary } from '../../export/export-store.js';
import { ExportFormatError } from '../../export/sinks.js';
import { formatCount, formatDuration } from '../format.js';
import { UsageError, type Io } from '../io.js';
import { phaseLine } from '../progress.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';
import { policyFromFlag } from './policy.js';

interface ExportFlags {
  db?: string;
  out?: string;
  rejected?: string;
  policy?: string;
  format?: string;
  source?: string;
  json?: boolean;
}

/** The summary lines export prints: counts, then pages per reason code. */
export function describeExport(s: ExportSummary, policySource: string): string[] {
  const t = s.tally;
  const lines = [
    `Exported ${formatCount(t.pages)} pages in ${formatDuration(s.elapsedMs)} (policy ${policySource}, run ${s.runId})`,
    `  clean:    ${formatCount(s.clean.docs).padStart(8)}  ${s.clean.path}`,
    `  rejected: ${formatCount(s.rejected.docs).padStart(8)}  ${s.rejected.path}`,
  ];
  const codes = Object.entries(t.codes).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (codes.length > 0) {
    lines.push('  pages per reason (a page may have several; kept pages count when label-only or allowed):');
    for (const [code, n] of codes) lines.push(`    ${code.padEnd(30)} ${formatCount(n).padStart(8)}`);
  }
  if (t.noVerdict > 0) {
    lines.push(
      `  note: ${formatCount(t.noVerdict)} pages have no verdict (run \`corpus-audit score\`); only the detector, duplicate and domain rules applied to them`,
    );
  }
  if (s.calibrationMismatched > 0) {
    lines.push(
      `  note: ${formatCount(s.calibrationMismatched)} pages were judged by another verdict file than the policy's thresholds file calibrated: they kept the verdict's own thresholds (run corpus-audit calibrate again)`,
    );
  }
  return lines;
}

export function registerExport(program: Command, io: Io, done: (code: number) => void): void {
  const command = program
    .command('export')
    .description('write the clean corpus and the rejected pages with their reasons, as the policy decides')
    .option('--out <file>', 'the clean corpus: .jsonl, .jsonl.gz or .parquet (required)')
    .option(
      '--rejected <file>',
      'the rejected pages (default: the --out name with .rejected before its extension)',
    )
    .option(
      '--policy <file>',
      'YAML or JSON policy (default: the built-in one, see `corpus-audit policy --show`)',
    )
    .option('--format <format>', "jsonl or parquet, for both files (default: each file's, from its name)")
    .option(
      '--source <name>',
      "the records' source field (default: each page's source kind: warc, jsonl, crawl, ...)",
    )
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      `
Records follow the dolma / datatrove convention: id, text, source, added, created and metadata
(url, language, provenance, scores, verdict, decision and reasons). Pages come in id order, so
the same database and policy give the same files. Every page goes to exactly one of the two files.
A file appears under its name only once complete (it is written as <file>.partial first).

Examples:
  corpus-audit export --out clean.jsonl.gz
  corpus-audit export --out clean.parquet --rejected rejected.parquet --policy policy.yaml`,
    )
    .action(async (opts: ExportFlags) => {
      const dbPath = resolveDbPath(opts.db, io);
      const policy = policyFromFlag(opts.policy, io);
      if (opts.format !== undefined && opts.format !== 'jsonl' && opts.format !== 'parquet')
        throw new UsageError(`--format must be jsonl or parquet, got '${opts.format}'`);
      if (opts.out === undefined) {
        throw new UsageError(
          'export needs --out <file>: where the clean corpus goes (.jsonl, .jsonl.gz or .parquet)',
        );
      }
      const clean = resolve(io.cwd, opts.out);
      const rejected = opts.rejected === undefined ? undefined : resolve(io.cwd, opts.rejected);
      if (rejected === clean) throw new UsageError('--out and --rejected name the same file');
      const store = openExistingStore(dbPath, 'read');
      const line = phaseLine(io, !opts.json);
      const abort = new AbortController();
      const stop = (): void => {
        abort.abort();
      };
      process.once('SIGINT', stop);
      try {
        const summary = await exportStore({
          store,
          policy,
          clean,
          ...(rejected && { rejected }),
          ...(opts.format && { format: opts.format }),
          ...(opts.source && { source: opts.source }),
          signal: abort.signal,
          onProgress: (d, t) => line?.update('export', d, t),
        }).catch((err: unknown) => {
          // A file name that says no format, checked before anything is written: the user's to fix.
          throw err instanceof ExportFormatError ? new UsageError(err.message) : err;
        });
        line?.done();
        if (summary.interrupted) {
          io.stderr.write('export interrupted: no output written (partial files removed)\n');
          done(130);
          return;
        }
        io.stdout.write(
          opts.json
            ? JSON.stringify(
                {
                  db: dbPath,
                  policy: { source: policy.source, digest: policy.digest },
                  runId: summary.runId,
                  clean: summary.clean,
                  rejected: summary.rejected,
                  pages: summary.tally.pages,
                  reasons: summary.tally.codes,
                  noVerdict: summary.tally.noVerdict,
                  calibrationMismatched: summary.calibrationMismatched,
                },
                null,
                2,
              ) + '\n'
            : describeExport(summary, policy.source).join('\n') + '\n',
        );
        done(0);
      } finally {
        process.off('SIGINT', stop);
        line?.done();
        store.close();
      }
    });
  deprecatedFlag(command, '--clean <file>', '--out <file>', io);
}
