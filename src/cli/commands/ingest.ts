import type { Command } from 'commander';
import { expandInputs, type ExpandOptions } from '../../../crawlers/expand-inputs.js';
import { parseShard } from '../../../crawlers/paths-list.js';
import { discardInput } from '../../../crawlers/spool.js';
import { COMMON_CRAWL_BASE_URL } from '../../../crawlers/remote-input.js';
import { ingest, type IngestSummary } from '../../ingest/ingest.js';
import { flatStats } from '../../pipeline/stats.js';
import { formatBytes, formatCount, formatDuration, table } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { exitOnInterrupt } from '../interrupt.js';
import { phaseLine, ProgressBar } from '../progress.js';
import { describeStages } from './detect.js';
import { describeProblem } from '../problems.js';
import { openStore, resolveDbPath } from '../store-path.js';

/** Problems printed one by one before they are only counted (all of them are stored). */
const PRINTED_PROBLEMS = 20;

export interface IngestCliOptions {
  db?: string;
  json?: boolean;
  force?: boolean;
  maxRecordMb: string;
  workers?: string;
  progress?: boolean;
  detect?: boolean;
  baseUrl?: string;
  limit?: string;
  shard?: string;
  s3Endpoint?: string;
  spoolDir?: string;
  textField?: string;
  idField?: string;
  urlField?: string;
}

export function registerIngest(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('ingest')
    .description(
      'read WARC/ARC/WET, JSONL(.gz), Parquet, HTML and text into the audit database: files, folders, URLs, Common Crawl paths lists, standard input',
    )
    .argument(
      '<inputs...>',
      'files, folders, globs (quoted, so the shell leaves them alone), http(s):// or s3:// URLs, lists of archive paths (*.paths.gz), or - for standard input',
    )
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--force', 're-read files an earlier run already ingested completely')
    .option('--max-record-mb <n>', 'skip (and report) records larger than this', '10')
    .option(
      '--workers <n>',
      'worker threads for extraction and language ID (default: one per core for 16 MB of input or more, else none), and the most for translation alignment from 100,000 candidate pairs on (default: one per core); 0 = none',
    )
    .option(
      '--base-url <url>',
      'what the paths in a paths list (*.paths.gz) are relative to',
      COMMON_CRAWL_BASE_URL,
    )
    .option('--limit <n>', 'read only the first n archives of each paths list')
    .option('--shard <i/n>', 'read only the archives of a paths list whose index is i modulo n (i from 0)')
    .option(
      '--s3-endpoint <url>',
      "s3://bucket/key is fetched from <url>/bucket/key (default: the bucket's public https endpoint)",
    )
    .option(
      '--spool-dir <dir>',
      'where URLs and standard input are saved while read (default: the system temp folder)',
    )
    .option('--text-field <name>', 'JSONL / Parquet: the field holding the text', 'text')
    .option('--id-field <name>', 'JSONL / Parquet: the field holding the record id', 'id')
    .option('--url-field <name>', 'JSONL / Parquet: the field holding the URL (else metadata.url)', 'url')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .option(
      '--no-detect',
      'skip the translation and plugin-trace detectors (run `corpus-audit detect` later)',
    )
    .addHelpText(
      'after',
      `
Documents already in the database are skipped, so running the same ingest again, or again after
it was interrupted, ends with the same stored documents. Problems in the input (truncated gzip,
corrupt records, binary payloads...) are reported with file and offset, stored, and skipped.
Formats are told by content: WARC, ARC, WET (plain or gzip), JSONL (plain or gzip) and Parquet in
the dolma / datatrove layout (a "text" column; id, url, added, metadata kept), HTML and text.
URLs are downloaded to --spool-dir (retried, resumed by range where the server allows) and deleted
once read; a paths list names one archive per line, fetched in turn. A URL input whose server
gives its size and date is skipped when unchanged, like a file.

Exit codes: 0 done; 1 an input is empty or in no format read here, or the inputs held no document
(the summary is printed all the same); 2 wrong usage or a database that cannot be used.

Examples:
  corpus-audit ingest crawl/*.warc.gz --db audit.sqlite
  corpus-audit ingest 'shards/**/*.jsonl.gz' --json
  corpus-audit ingest 'data/train-*.parquet' --text-field content
  curl -s https://example.org/crawl.warc.gz | corpus-audit ingest -
  corpus-audit ingest https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/wet.paths.gz --limit 2`,
    )
    .action(async (inputs: string[], opts: IngestCliOptions) => {
      const maxRecordMb = Number(opts.maxRecordMb);
      if (!Number.isFinite(maxRecordMb) || maxRecordMb <= 0) {
        throw new UsageError(`--max-record-mb must be a positive number, got "${opts.maxRecordMb}"`);
      }
      // At most 1,024, as for `detect`: a mistyped 10000 must not start ten thousand threads.
      const workers =
        opts.workers === undefined ? undefined : integerFlag(opts.workers, '--workers', 0, 1024);
      const limit = opts.limit === undefined ? undefined : integerFlag(opts.limit, '--limit', 1);
      const expand: ExpandOptions = {
        ...(opts.baseUrl !== undefined && { baseUrl: opts.baseUrl }),
        ...(limit !== undefined && { limit }),
        ...(opts.shard !== undefined && { shard: parseShard(opts.shard) }),
        ...(opts.s3Endpoint !== undefined && { s3Endpoint: opts.s3Endpoint }),
        ...(opts.spoolDir !== undefined && { spoolDir: opts.spoolDir }),
        ...(io.stdin && { stdin: io.stdin }),
      };
      // Check the inputs before creating a database: a typo must not leave an empty audit behind.
      const files = await expandInputs(inputs, io.cwd, expand);
      const dbPath = resolveDbPath(opts.db, io);
      let store: ReturnType<typeof openStore>;
      try {
        store = openStore(dbPath);
      } catch (err) {
        // Standard input saved to a temporary file: not left behind by a database that cannot open.
        await Promise.all(files.map(discardInput));
        throw err;
      }
      const bar =
        opts.progress !== false && !opts.json ? new ProgressBar(io.stderr, !io.stderr.isTTY) : undefined;
      const phases = phaseLine(io, opts.progress !== false && !opts.json);
      let printed = 0;
      let stored = 0;
      const stopWatching = exitOnInterrupt(
        store,
        io.stderr,
        () =>
          `interrupted with ${formatCount(stored)} documents stored in ${dbPath}; the same command continues: ` +
          'files read completely are skipped, the rest read again without storing anything twice',
      );
      try {
        const summary = await ingest({
          inputs,
          files,
          ...expand,
          fields: { text: opts.textField ?? 'text', id: opts.idField ?? 'id', url: opts.urlField ?? 'url' },
          store,
          cwd: io.cwd,
          force: opts.force ?? false,
          ...(workers !== undefined && { workers }),
          maxRecordBytes: Math.round(maxRecordMb * 1024 * 1024),
          command: `ingest ${inputs.join(' ')}`,
          detectors: opts.detect !== false,
          onProgress: (p) => {
            stored = p.docs;
            bar?.update(p);
          },
          onStageProgress: (phase, d, t) => {
            bar?.done();
            phases?.update(phase, d, t);
          },
          onProblem: (p) => {
            if (opts.json || printed++ >= PRINTED_PROBLEMS) return;
            bar?.done();
            io.stderr.write(`problem ${describeProblem(p)}\n`);
          },
        });
        bar?.done();
        phases?.done();
        io.stdout.write(
          opts.json
            ? JSON.stringify({ db: dbPath, ...summary }, null, 2) + '\n'
            : renderSummary(summary, dbPath),
        );
        const failure = nothingUsable(summary);
        if (failure) io.stderr.write(`corpus-audit: ${failure}\n`);
        done(failure ? 1 : 0);
      } finally {
        stopWatching();
        bar?.done();
        phases?.done();
        store.close();
      }
    });
}

function renderSummary(s: IngestSummary, dbPath: string): string {
  const lines = [
    `Ingested ${formatCount(s.files)} file(s), ${formatBytes(s.bytes)} in ${formatDuration(s.elapsedMs)}` +
      ` (${(s.bytes / 1e6 / Math.max(s.elapsedMs / 1000, 1e-3)).toFixed(1)} MB/s) into ${dbPath} (run ${s.runId})`,
    `  documents stored: ${formatCount(s.docsStored)}   already stored: ${formatCount(s.docsAlreadyStored)}` +
      (s.filesUnchanged ? `   unchanged files skipped: ${s.filesUnchanged} (use --force to re-read)` : ''),
    ...describeStages(s),
  ];
  if (s.problems) {
    const codes = Object.entries(s.problemCounts).sort((a, b) => b[1] - a[1]);
    lines.push(
      `  problems: ${s.problems} (${codes.map(([c, n]) => `${c} ${n}`).join(', ')}); see \`corpus-audit stats --problems\``,
    );
  } else {
    lines.push('  problems: none');
  }
  lines.push('', 'Steps:');
  lines.push(
    table(
      ['step', 'in', 'kept', 'dropped', 'time', 'drop reasons'],
      s.stats.map((st) => {
        const flat = flatStats(st);
        const reasons = Object.entries(flat)
          .filter(([k]) => k.startsWith('dropped_'))
          .map(([k, v]) => `${k.slice(8)} ${v}`)
          .join(', ');
        return [
          st.name,
          formatCount(st.total),
          formatCount(st.kept),
          formatCount(st.dropped),
          formatDuration(st.timeMs),
          reasons || '-',
        ];
      }),
    ),
  );
  return lines.join('\n') + '\n';
}

/**
 * Why the run is a failure for a pipeline although nothing crashed (exit 1): an input in no format
 * ingest reads, or inputs read that held no document at all. Undefined when it is not.
 */
export function nothingUsable(s: IngestSummary): string | undefined {
  const unknown =
    (s.problemCounts.unknown_format ?? 0) +
    (s.problemCounts.empty_file ?? 0) +
    (s.problemCounts.paths_list ?? 0);
  if (unknown > 0) {
    return `${unknown} input file(s) are empty or in no format ingest reads (WARC, ARC, WET, JSONL, Parquet, HTML, text): see the problems above (exit 1)`;
  }
  const unfetched = s.problemCounts.fetch_failed ?? 0;
  if (unfetched > 0) {
    return `${unfetched} URL input(s) could not be downloaded: see the problems above; the same command fetches them again (exit 1)`;
  }
  if (s.docsStored + s.docsAlreadyStored === 0 && s.files > s.filesUnchanged) {
    return 'the inputs held no document: see the problems and the read step above (exit 1)';
  }
  return undefined;
}
