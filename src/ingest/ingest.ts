import { availableParallelism } from 'node:os';
import type { Store } from '../../db/store.js';
import type { Problem, StepStats } from '../../db/types.js';
import { expandInputs, type ExpandOptions } from '../../crawlers/expand-inputs.js';
import { inputName, readInput, type InputFile } from '../../crawlers/open-input.js';
import { FetchError, headRemote } from '../../crawlers/remote-fetch.js';
import { discardInput, fetchInput } from '../../crawlers/spool.js';
import {
  DEFAULT_MAX_RECORD_BYTES,
  type ReaderContext,
  type RecordFields,
} from '../../crawlers/reader-context.js';
import { sniffFile } from '../../crawlers/sniff.js';
import type { DedupResult } from '../../detectors/dedup-clusters.js';
import type { MarkerSummary } from '../../detectors/mt-markers.js';
import type { MwpResult } from '../../detectors/mwp/translation-tuples.js';
import { runPipeline, statsRegistry } from '../pipeline/runner.js';
import { countDrop } from '../pipeline/stats.js';
import { codeVersion } from '../../db/version.js';
import { markInterruptedRuns } from './runs.js';
import {
  analysisPool,
  analysisSteps,
  skipStoredStep,
  stagesAfterReading,
  storeWriterStep,
  type AnalysisPool,
} from './steps.js';
import {
  checkOptionNames,
  checkWholeNumber,
  type ListsEveryOption,
  type MustHold,
} from '../../db/options.js';

export interface IngestOptions extends Omit<ExpandOptions, 'cwd'> {
  /**
   * Files, folders, globs, `http(s)://` and `s3://` URLs, lists of archive paths (`*.paths.gz`)
   * and `-` for standard input (see `expandInputs`).
   */
  inputs: readonly string[];
  /** The inputs already expanded (`expandInputs`): used instead of expanding `inputs` again. */
  files?: readonly InputFile[];
  store: Store;
  /** Read files again even when an earlier run ingested them completely and they are unchanged. @default false */
  force?: boolean;
  /** Records with a larger payload are reported and skipped unread. @default 10 MiB */
  maxRecordBytes?: number;
  /**
   * Worker threads for extraction, language ID and fingerprints; 0 runs them in process. When given,
   * also the most threads the translation detector's alignment uses (from 100,000 candidate pairs on).
   * @default os.availableParallelism(), or 0 when the inputs total under 16 MB (starting workers
   * costs more than they save on small inputs)
   */
  workers?: number;
  /** JSONL and Parquet: the fields that hold the text, the id and the URL. @default DEFAULT_FIELDS */
  fields?: RecordFields;
  /** Resolve relative inputs against this folder. @default process.cwd() */
  cwd?: string;
  /** Called often (per record) while files are read. */
  onProgress?: (progress: IngestProgress) => void;
  /** Called once per problem, as it is found. */
  onProblem?: (problem: Problem) => void;
  /**
   * After reading, run the cross-document detectors (translation tuples, MT plugin traces) over the
   * whole Store; duplicate clusters are always computed. @default true
   */
  detectors?: boolean;
  /** Called as the cross-document stages advance: phase, done, total (0 when unknown). */
  onStageProgress?: (phase: string, done: number, total: number) => void;
  /** Recorded with the run, beside the resolved options. */
  command?: string;
}

export interface IngestProgress {
  file: string;
  fileIndex: number;
  files: number;
  /** Input bytes consumed, over all files. */
  bytesDone: number;
  bytesTotal: number;
  /** Documents stored so far in this run (they are stored in batches). */
  docs: number;
  /** Documents read so far in this run, stored or not yet. */
  docsRead?: number;
}

export interface IngestSummary {
  runId: number;
  files: number;
  /** Files skipped because an earlier run ingested them completely and they have not changed. */
  filesUnchanged: number;
  bytes: number;
  docsStored: number;
  docsAlreadyStored: number;
  problems: number;
  problemCounts: Record<string, number>;
  stats: StepStats[];
  dedup: DedupResult;
  /** Translation tuples over the whole Store (absent with `detectors: false`). */
  translations?: MwpResult;
  markers?: MarkerSummary;
  /** Why the corpus stages' side thread failed, when it did (`CorpusStagesResult.sideThreadError`). */
  sideThreadError?: string;
  elapsedMs: number;
}

function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return err instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** Below this much input, worker threads are not started unless asked for: their start-up would dominate. */
const AUTO_WORKERS_MIN_BYTES = 16_000_000;

/** Problems are written in batches of this size (and at the end of each file). */
const PROBLEM_FLUSH = 200;

/**
 * Reads every input into the Store: extraction, language ID and fingerprints per document, then
 * duplicate clusters over the whole Store. Idempotent: documents already stored are skipped, so a
 * repeated or interrupted-then-repeated ingest ends with the same stored documents.
 */
/** Every option `ingest()` takes: another key is a typo, refused (`checkOptionNames`). */
const INGEST_OPTION_NAMES = [
  'inputs',
  'files',
  'store',
  'force',
  'maxRecordBytes',
  'workers',
  'fields',
  'cwd',
  'onProgress',
  'onProblem',
  'detectors',
  'onStageProgress',
  'command',
  'stdin',
  'spoolDir',
  'baseUrl',
  'limit',
  'shard',
  's3Endpoint',
] as const satisfies readonly (keyof IngestOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _IngestOptionsListed = MustHold<ListsEveryOption<typeof INGEST_OPTION_NAMES, IngestOptions>>;

export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  checkOptionNames('ingest()', options, INGEST_OPTION_NAMES);
  checkWholeNumber('ingest()', 'maxRecordBytes', options.maxRecordBytes, 1);
  const started = performance.now();
  const { store } = options;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0)) {
    throw new Error(`workers must be a whole number from 0 up, got ${options.workers}`);
  }
  const files = options.files ?? (await expandInputs(options.inputs, options.cwd, options));
  // Remote inputs count once their size is known (when they are reached).
  let bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const workers = options.workers ?? (bytesTotal >= AUTO_WORKERS_MIN_BYTES ? availableParallelism() : 0);
  markInterruptedRuns(store);
  const runId = store.beginRun({
    command: options.command ?? 'ingest',
    config: {
      inputs: files.map(inputName),
      force: options.force ?? false,
      maxRecordBytes,
      workers,
      pid: process.pid,
    },
    codeVersion: codeVersion(),
  });

  const { registry, sourceStats } = statsRegistry('read');
  const problemCounts: Record<string, number> = {};
  let pendingProblems: Problem[] = [];
  const flushProblems = (): void => {
    if (pendingProblems.length) store.addProblems(runId, pendingProblems);
    pendingProblems = [];
  };
  const report = (problem: Problem): void => {
    problemCounts[problem.code] = (problemCounts[problem.code] ?? 0) + 1;
    pendingProblems.push(problem);
    options.onProblem?.(problem);
    if (pendingProblems.length >= PROBLEM_FLUSH) flushProblems();
  };

  let bytesBefore = 0;
  let docsStored = 0;
  let docsRead = 0;
  let filesUnchanged = 0;
  let stats: StepStats[] = [];
  const pool = analysisPool(workers);
  try {
    for (const [index, listed] of files.entries()) {
      const name = inputName(listed);
      let file = listed;
      if (listed.url) {
        const head = await headRemote(listed.url);
        file = { ...listed, ...head };
        bytesTotal += head.size;
      }
      const previous = store.getSource(name);
      // A remote input whose server gives neither size nor date cannot be known unchanged.
      const comparable = !file.url || (file.size > 0 && file.mtimeMs > 0);
      const unchanged =
        comparable &&
        previous?.status === 'complete' &&
        previous.size === file.size &&
        previous.mtimeMs === file.mtimeMs;
      if (unchanged && !options.force) {
        filesUnchanged++;
      } else {
        const progress = (bytesRead: number): void =>
          options.onProgress?.({
            file: name,
            fileIndex: index,
            files: files.length,
            bytesDone: bytesBefore + bytesRead,
            bytesTotal,
            docs: docsStored,
            docsRead,
          });
        try {
          if (file.url) {
            const known = file.size;
            file = await fetchRemote(file, options, report, progress);
            bytesTotal += file.size - known;
          }
          stats = await ingestFile(file, {
            store,
            runId,
            maxRecordBytes,
            pool,
            registry,
            sourceStats,
            report,
            progress,
            fields: options.fields,
            onRead: () => {
              docsRead++;
            },
            onStored: (inserted) => {
              docsStored += inserted;
            },
          });
        } catch (err) {
          // A file that vanished or cannot be read is one bad input, not the end of the run. Its
          // documents stored so far stay; the file stays `partial`, so the next run reads it again.
          if (err instanceof FetchError) {
            report({ code: 'fetch_failed', message: err.message, path: name });
          } else if (isFileSystemError(err)) {
            report({ code: 'read_error', message: `cannot read: ${err.message}`, path: name });
          } else {
            throw err;
          }
        } finally {
          await discardInput(file);
        }
      }
      bytesBefore += file.size;
      flushProblems();
      options.onProgress?.({
        file: name,
        fileIndex: index + 1,
        files: files.length,
        bytesDone: bytesBefore,
        bytesTotal,
        docs: docsStored,
        docsRead,
      });
    }
    const stages = await stagesAfterReading(store, pool, options);
    const finalStats = [...(stats.length ? stats : [...registry.values()]), ...stages.stats];
    store.finishRun(runId, { status: 'completed', stats: finalStats });
    return {
      runId,
      files: files.length,
      filesUnchanged,
      bytes: bytesTotal,
      docsStored,
      docsAlreadyStored: finalStats.find((s) => s.name === 'skip_stored')?.reasons.already_stored ?? 0,
      problems: Object.values(problemCounts).reduce((a, b) => a + b, 0),
      problemCounts,
      stats: finalStats,
      dedup: stages.dedup,
      ...(stages.translations && { translations: stages.translations }),
      ...(stages.markers && { markers: stages.markers }),
      ...(stages.sideThreadError !== undefined && { sideThreadError: stages.sideThreadError }),
      elapsedMs: performance.now() - started,
    };
  } catch (err) {
    flushProblems();
    store.finishRun(runId, { status: 'failed', stats: [...registry.values()] });
    throw err;
  } finally {
    await pool?.close();
  }
}

interface FileRun {
  store: Store;
  runId: number;
  maxRecordBytes: number;
  pool: AnalysisPool | undefined;
  registry: Map<string, StepStats>;
  sourceStats: StepStats;
  report: (problem: Problem) => void;
  progress: (bytesRead: number) => void;
  fields: RecordFields | undefined;
  /** Told of each document read, before it is stored. */
  onRead: () => void;
  /** Told after each committed batch how many documents it inserted. */
  onStored: (inserted: number) => void;
}

/**
 * Downloads a remote input into a temporary file, showing the download as progress through the
 * file; a transfer that only completed after retries or resumes is reported, so the run says so.
 */
async function fetchRemote(
  file: InputFile,
  options: IngestOptions,
  report: (problem: Problem) => void,
  progress: (bytes: number) => void,
): Promise<InputFile> {
  const fetched = await fetchInput(file, {
    ...(options.spoolDir !== undefined && { spoolDir: options.spoolDir }),
    onProgress: progress,
  });
  if (fetched.fetched?.retried) {
    const { retried, resumed } = fetched.fetched;
    report({
      code: 'fetch_retried',
      message: `downloaded after ${retried} retr${retried === 1 ? 'y' : 'ies'} (${resumed} resumed by range)`,
      path: inputName(file),
    });
  }
  return fetched;
}

async function ingestFile(file: InputFile, run: FileRun): Promise<StepStats[]> {
  const sniffed = await sniffFile(file.path);
  const source = {
    path: inputName(file),
    size: file.size,
    mtimeMs: file.mtimeMs,
    format: sniffed.format,
    problems: 0,
    runId: run.runId,
  };
  const report = (problem: Problem): void => {
    source.problems++;
    run.report(problem);
  };
  const readerCtx: ReaderContext = {
    maxRecordBytes: run.maxRecordBytes,
    problem: report,
    skip: (reason) => {
      countDrop(run.sourceStats, reason);
    },
    progress: run.progress,
    ...(run.fields && { fields: run.fields }),
  };
  run.store.putSource({ ...source, status: 'partial', docs: run.store.getSource(source.path)?.docs ?? 0 });
  const skip = skipStoredStep(run.store);
  const skippedBefore = run.registry.get('skip_stored')?.reasons.already_stored ?? 0;
  const storedBefore = (): number =>
    (run.registry.get('skip_stored')?.reasons.already_stored ?? 0) - skippedBefore;
  return runPipeline(
    { name: 'read', docs: counted(readInput(file, readerCtx, sniffed), run.onRead), stats: run.sourceStats },
    [
      skip,
      ...analysisSteps(run.pool),
      storeWriterStep({ store: run.store, runId: run.runId, source, storedBefore, onStored: run.onStored }),
    ],
    { stats: run.registry, onProblem: report },
  );
}

async function* counted<T>(items: AsyncIterable<T>, onEach: () => void): AsyncIterable<T> {
  for await (const item of items) {
    onEach();
    yield item;
  }
}
