import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ModelInfo } from '../../../detectors/models/model-dir.js';
import {
  embedStoreSentences,
  SentenceEmbedder,
  type SentenceVectors,
} from '../../../detectors/mwp/sentence-embedder.js';
import type { Store } from '../../../db/store.js';
import { runCorpusStages, type CorpusStagesResult } from '../../detect/corpus-stages.js';
import { codeVersion } from '../../../db/version.js';
import { formatCount, formatDuration } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { dtypeFlag, modelSpecFlag } from '../model-flags.js';
import { phaseLine } from '../progress.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';

interface DetectFlags {
  db?: string;
  json?: boolean;
  embedder?: string;
  modelsDir?: string;
  allowRemoteModels?: boolean;
  dtype: string;
  pooling: string;
  workers?: string;
}

/** The lines ingest, crawl and detect print about the cross-document stages. */
export function describeStages(
  s: Pick<CorpusStagesResult, 'dedup' | 'translations' | 'markers' | 'sideThreadError'>,
): string[] {
  const lines = [`  duplicate clusters: ${s.dedup.exactClusters} exact, ${s.dedup.nearClusters} near`];
  const t = s.translations;
  if (t) {
    const c = t.candidates;
    lines.push(
      `  translations: ${formatCount(t.accepted)} page pairs of ${formatCount(c.pairs)} candidates ` +
        `(hreflang ${formatCount(c.hreflang)}, url ${formatCount(c.url)}, fingerprint ${formatCount(c.fingerprint)}` +
        (c.embedding > 0 ? `, embedding ${formatCount(c.embedding)}` : '') +
        '); ' +
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
  if (s.sideThreadError !== undefined) {
    // The results stand (the stages ran here instead); the cause is worth a bug report.
    const cause = s.sideThreadError.split('\n')[0]!;
    lines.push(
      `  note: the side thread failed (${cause}); duplicates and plugin traces ran in the main thread`,
    );
  }
  return lines;
}

/** Runs the cross-document stages as a recorded run. */
export async function detectRun(
  store: Store,
  onProgress?: (phase: string, done: number, total: number) => void,
  embedding?: { vectors: SentenceVectors; model: ModelInfo },
  workers?: number,
): Promise<{
  runId: number;
  result: CorpusStagesResult;
  elapsedMs: number;
}> {
  const started = performance.now();
  const runId = store.beginRun({
    command: 'detect',
    config: {
      detectors: true,
      ...(workers !== undefined && { workers }),
      ...(embedding && {
        embedder: {
          spec: embedding.model.spec,
          digest: embedding.model.digest,
          dtype: embedding.model.dtype,
        },
      }),
    },
    codeVersion: codeVersion(),
  });
  try {
    const result = await runCorpusStages(store, {
      ...(onProgress && { onProgress }),
      ...(embedding && { vectors: embedding.vectors }),
      ...(workers !== undefined && { alignThreads: workers, sideThread: workers > 0 }),
    });
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
    .option(
      '--embedder <model>',
      'a multilingual sentence-embedding model (folder, or id under --models-dir) for the translation detector: candidates by page vectors and similarity in the alignment; off by default',
    )
    .option('--models-dir <dir>', 'where model ids are looked for (and downloaded to)')
    .option('--allow-remote-models', 'let an --embedder id be downloaded when it is not on disk')
    .option('--dtype <dtype>', 'fp32 or q8 weights of the embedder', 'fp32')
    .option(
      '--workers <n>',
      'at most this many worker threads align translation candidates, from 100,000 candidate pairs on (default: one per core), and from 2,000 documents one for duplicates and plugin traces beside the translation detector; 0 = none (the three stages run in turn)',
    )
    .option(
      '--pooling <how>',
      "how the embedder's token states become a sentence vector: mean, or cls (LaBSE)",
      'mean',
    )
    .addHelpText(
      'after',
      `
ingest and crawl run these stages after reading (unless --no-detect); run detect after several
ingests made with --no-detect, or after upgrading corpus-audit. Each stage replaces its earlier
output, so the result does not depend on how the documents arrived.

With --embedder, every sentence of the database is embedded first (held in memory: 4 bytes per
dimension per sentence) and every pair of pages is compared by page vector (time quadratic in
the pages): for corpora of tens of thousands of pages.

Examples:
  corpus-audit detect --db audit.sqlite
  corpus-audit detect --json
  corpus-audit detect --embedder models/sentence-embedder
  corpus-audit detect --embedder Xenova/LaBSE --pooling cls --models-dir ~/models --allow-remote-models`,
    )
    .action(async (opts: DetectFlags) => {
      const dbPath = resolveDbPath(opts.db, io);
      const dtype = dtypeFlag(opts.dtype);
      if (opts.pooling !== 'mean' && opts.pooling !== 'cls') {
        throw new UsageError(`--pooling must be mean or cls, got '${opts.pooling}'`);
      }
      const pooling = opts.pooling;
      const workers =
        opts.workers === undefined ? undefined : integerFlag(opts.workers, '--workers', 0, 1024);
      const store = openExistingStore(dbPath);
      const line = phaseLine(io, !opts.json);
      let embedder: SentenceEmbedder | undefined;
      try {
        let embedding: { vectors: SentenceVectors; model: ModelInfo } | undefined;
        let embedMs: number | undefined;
        if (opts.embedder !== undefined) {
          const t0 = performance.now();
          embedder = await SentenceEmbedder.load({
            model: modelSpecFlag(opts.embedder, io),
            dtype,
            pooling,
            ...(opts.modelsDir !== undefined && { cacheDir: resolve(io.cwd, opts.modelsDir) }),
            allowRemote: opts.allowRemoteModels === true,
          });
          const vectors = await embedStoreSentences(store, embedder, (d, t) =>
            line?.update('embedding sentences', d, t),
          );
          embedding = { vectors, model: embedder.info };
          embedMs = performance.now() - t0;
        }
        const { runId, result, elapsedMs } = await detectRun(
          store,
          (phase, d, t) => line?.update(phase, d, t),
          embedding,
          workers,
        );
        line?.done();
        io.stdout.write(
          opts.json
            ? JSON.stringify(
                { db: dbPath, runId, ...result, elapsedMs, ...(embedMs !== undefined && { embedMs }) },
                null,
                2,
              ) + '\n'
            : [
                ...(embedMs !== undefined && embedding
                  ? [
                      `Embedded the sentences of ${formatCount(embedding.vectors.byDoc.size)} pages with ` +
                        `${embedding.model.spec} in ${formatDuration(embedMs)}`,
                    ]
                  : []),
                `Detectors over ${dbPath} (run ${runId}) in ${formatDuration(elapsedMs)}`,
                ...describeStages(result),
              ].join('\n') + '\n',
        );
        done(0);
      } finally {
        line?.done();
        await embedder?.dispose();
        store.close();
      }
    });
}
