import type { Command } from 'commander';
import type { Store } from '../../../db/store.js';
import { runCorpusStages, type CorpusStagesResult } from '../../detect/corpus-stages.js';
import { codeVersion } from '../../version.js';
import { formatCount, formatDuration } from '../format.js';
import type { Io } from '../io.js';
import { PhaseLine } from '../progress.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';

/** The lines ingest, crawl and detect print about the cross-document stages. */
export function describeStages(s: Pick<CorpusStagesResult, 'dedup' | 'translations' | 'markers'>): string[] {
  const lines = [`  duplicate clusters: ${s.dedup.exactClusters} exact, ${s.dedup.nearClusters} near`];
  const t = s.translations;
  if (t) {
    const c = t.candidates;
    lines.push(
      `  translations: ${formatCount(t.accepted)} page pairs of ${formatCount(c.pairs)} candidates ` +
        `(hreflang ${formatCount(c.hreflang)}, url ${formatCount(c.url)}, fingerprint ${formatCount(c.fingerprint)}); ` +
        `${formatCount(t.tuples)} tuples holding ${formatCount(t.sentencesInTuples)} sentences; see \`corpus-audit mt-saturation\``,
    );
  }
  if (s.markers) {
    const codes = Object.entries(s.markers.codes).sort((a, b) => b[1] - a[1]);
    lines.push(
      `  MT plugin traces: ${formatCount(s.markers.pages)} page(s)` +
        (codes.length ? ` (${codes.map(([c, n]) => `${c} ${n}`).join(', ')})` : ''),
    );
  }
  return lines;
}

/** Runs the cross-document stages as a recorded run. */
export function detectRun(
  store: Store,
  onProgress?: (phase: string, done: number, total: number) => void,
): {
  runId: number;
  result: CorpusStagesResult;
  elapsedMs: number;
} {
  const started = performance.now();
  const runId = store.beginRun({
    command: 'detect',
    config: { detectors: true },
    codeVersion: codeVersion(),
  });
  try {
    const result = runCorpusStages(store, { ...(onProgress && { onProgress }) });
    store.finishRun(runId, { status: 'completed', stats: result.stats });
    return { runId, result, elapsedMs: performance.now() - started };
  } catch (err) {
    store.finishRun(runId, { status: 'failed', stats: [] });
    throw err;
  }
}

export function registerDetect(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('detect')
    .description(
      'run the cross-document detectors again over the whole database: duplicate clusters, translation tuples, MT plugin traces',
    )
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      `
ingest and crawl run these stages after reading (unless --no-detect); run detect after several
ingests made with --no-detect, or after upgrading corpus-audit. Each stage replaces its earlier
output, so the result does not depend on how the documents arrived.

Examples:
  corpus-audit detect --db audit.sqlite
  corpus-audit detect --json`,
    )
    .action((opts: { db?: string; json?: boolean }) => {
      const dbPath = resolveDbPath(opts.db, io);
      const store = openExistingStore(dbPath);
      const line = io.stderr.isTTY && !opts.json ? new PhaseLine(io.stderr) : undefined;
      try {
        const { runId, result, elapsedMs } = detectRun(store, (phase, d, t) => line?.update(phase, d, t));
        line?.done();
        io.stdout.write(
          opts.json
            ? JSON.stringify({ db: dbPath, runId, ...result, elapsedMs }, null, 2) + '\n'
            : [
                `Detectors over ${dbPath} (run ${runId}) in ${formatDuration(elapsedMs)}`,
                ...describeStages(result),
              ].join('\n') + '\n',
        );
        done(0);
      } finally {
        line?.done();
        store.close();
      }
    });
}
