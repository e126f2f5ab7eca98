import type { Store, StoredDoc } from '../../db/store.js';
import type { StepStats, Verdict } from '../../db/types.js';
import type { ModelInfo } from '../../detectors/models/model-dir.js';
import { judgeableLength } from '../../detectors/normalize.js';
import { codeVersion } from '../../db/version.js';
import {
  loadScorers,
  MODEL_OPTION_NAMES,
  SCORE_DETECTORS,
  type LoadedScorers,
  type ModelOptions,
} from './scorers.js';
import {
  checkOptionNames,
  checkWholeNumber,
  type ListsEveryOption,
  type MustHold,
} from '../../db/options.js';

export { SCORE_DETECTORS, type ScoreDetector } from './scorers.js';

export interface ScoreOptions extends ModelOptions {
  store: Store;
  /** Models already loaded (the caller disposes them); default: loaded from the options, disposed at the end. */
  loaded?: LoadedScorers;
  /** Pages per stored batch (the unit an interrupted run resumes from). @default 32 */
  batchDocs?: number;
  /** Only pages it accepts are run through the models (verdicts still cover every page). @default all */
  filter?: (doc: StoredDoc) => boolean;
  /** Score pages again even when the same model version scored them. @default false */
  force?: boolean;
  /** Stops after the batch in flight; the run is recorded as interrupted. */
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number) => void;
  command?: string;
}

export interface ScoreSummary {
  runId: number;
  models: ModelInfo[];
  /** Per detector: pages scored now, pages already scored by the same model version. */
  counts: Record<string, { scored: number; skipped: number; tooShort: number }>;
  verdicts: number;
  /** Things the user should know, e.g. a verdict fitted on other models' scores. */
  warnings: string[];
  interrupted: boolean;
  elapsedMs: number;
  stats: StepStats[];
}

/** Pages shorter than this (`judgeableLength`) are not run through the models; their verdict is `insufficient`. */
export const MIN_SCORED_CHARS = 200;

/**
 * `corpus-audit score`: runs the model detectors over every stored page in batches, each batch
 * stored in one transaction and marked with the model version, so an interrupted run continues
 * where it stopped; then recomputes every verdict from the stored scores and evidence.
 */
/** Every option `scoreStore()` takes: another key is a typo, refused (`checkOptionNames`). */
const SCORE_OPTION_NAMES = [
  'store',
  'loaded',
  'batchDocs',
  'filter',
  'force',
  'signal',
  'onProgress',
  'command',
  ...MODEL_OPTION_NAMES,
] as const satisfies readonly (keyof ScoreOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _ScoreOptionsListed = MustHold<ListsEveryOption<typeof SCORE_OPTION_NAMES, ScoreOptions>>;

export async function scoreStore(options: ScoreOptions): Promise<ScoreSummary> {
  checkOptionNames('scoreStore()', options, SCORE_OPTION_NAMES);
  checkWholeNumber('scoreStore()', 'batchDocs', options.batchDocs, 1);
  checkWholeNumber('scoreStore()', 'batchSize', options.batchSize, 1);
  checkWholeNumber('scoreStore()', 'zeroShotThreads', options.zeroShotThreads, 0);
  checkWholeNumber('scoreStore()', 'threads', options.threads, 1);
  const started = performance.now();
  const { store } = options;
  const detectors = new Set(options.detectors ?? SCORE_DETECTORS);
  const { scorers, models, verdictModel, verdictPath, warnings, zeroShotThreads, policy, engine } =
    options.loaded ?? (await loadScorers(options));
  const runId = store.beginRun({
    command: options.command ?? 'score',
    config: {
      detectors: [...detectors],
      models: models.map((m) => ({ spec: m.spec, digest: m.digest, dtype: m.dtype, modelType: m.modelType })),
      ...(verdictModel && {
        verdictModel: { path: verdictPath, digest: verdictModel.digest },
        // Labels are decisions at this policy's levels.
        labelPolicy: { source: policy.source, digest: policy.digest },
      }),
      batchDocs: options.batchDocs ?? 32,
      force: options.force === true,
      ...(zeroShotThreads !== undefined && { zeroShotThreads }),
    },
    codeVersion: codeVersion(),
  });
  const counts: ScoreSummary['counts'] = {};
  const stats: StepStats[] = [];
  let interrupted = false;
  try {
    const total = store.countDocs();
    const batchDocs = options.batchDocs ?? 32;
    const phase = scorers.map((s) => s.detector).join(' + ');
    const lanes = scorers.map((scorer) => ({
      scorer,
      done: options.force ? new Map<string, string>() : store.detections.scoredDocs(scorer.detector),
      counts: { scored: 0, skipped: 0, tooShort: 0 },
      timeMs: 0,
    }));
    for (const lane of lanes) counts[lane.scorer.detector] = lane.counts;
    let batch: StoredDoc[] = [];
    let seen = 0;
    const flush = async (): Promise<void> => {
      // Each detector gets the pages of the batch it has not scored yet, and the detectors run at
      // the same time: the classifier on this thread, the language models on their workers.
      const work = lanes.map((lane) => {
        const mine = batch.filter((d) => lane.done.get(d.id) !== lane.scorer.digest);
        const long = mine.filter((d) => judgeableLength(d.text) >= MIN_SCORED_CHARS);
        // Pages too short for the models are not marked as scored: a later run with another
        // length rule sees them again.
        lane.counts.tooShort += mine.length - long.length;
        return { lane, long };
      });
      const results = await Promise.all(
        work.map(async ({ lane, long }) => {
          const t0 = performance.now();
          const scores = long.length > 0 ? await lane.scorer.score(long) : [];
          lane.timeMs += performance.now() - t0;
          return scores;
        }),
      );
      work.forEach(({ lane, long }, i) => {
        store.detections.putScoreBatch(
          lane.scorer.detector,
          lane.scorer.digest,
          long.map((d) => d.id),
          results[i]!,
        );
        lane.counts.scored += long.length;
      });
      batch = [];
      options.onProgress?.(phase, seen, total);
    };
    for (const doc of store.iterDocs()) {
      seen++;
      if (options.filter && !options.filter(doc)) continue;
      let needed = false;
      for (const lane of lanes) {
        if (lane.done.get(doc.id) === lane.scorer.digest) lane.counts.skipped++;
        else needed = true;
      }
      if (!needed) continue;
      batch.push(doc);
      if (batch.length >= batchDocs) {
        await flush();
        if (options.signal?.aborted) break;
      }
    }
    if (options.signal?.aborted) {
      interrupted = true;
    } else {
      if (batch.length > 0) await flush();
      if (lanes.length > 0) options.onProgress?.(phase, total, total);
    }
    // Each detector's time is its own; they overlap, so they add up to more than the run took.
    for (const lane of lanes) stats.push(stepStats(lane.scorer.detector, lane.counts, lane.timeMs));
    let verdicts = 0;
    if (verdictModel && !interrupted) {
      const t0 = performance.now();
      const reasons: Record<string, number> = {};
      store.detections.replaceVerdicts(
        (function* (): Iterable<Verdict> {
          for (const doc of store.iterDocs()) {
            const v = verdictModel.decide(
              doc.id,
              doc.text,
              store.detections.docScores(doc.id),
              store.detections.docEvidence(doc.id),
              doc.lang?.code,
              (v) => engine.labelOf(v, doc.lang?.code),
            );
            verdicts++;
            reasons[v.label] = (reasons[v.label] ?? 0) + 1;
            yield v;
          }
        })(),
      );
      stats.push({
        name: 'verdict',
        total: verdicts,
        kept: reasons.human ?? 0,
        dropped: verdicts - (reasons.human ?? 0),
        timeMs: performance.now() - t0,
        reasons,
      });
    }
    store.finishRun(runId, { status: interrupted ? 'interrupted' : 'completed', stats });
    return {
      runId,
      models,
      counts,
      verdicts,
      warnings,
      interrupted,
      elapsedMs: performance.now() - started,
      stats,
    };
  } catch (err) {
    store.finishRun(runId, { status: 'failed', stats });
    throw err;
  } finally {
    if (!options.loaded) await Promise.all(scorers.map((s) => s.dispose()));
  }
}

function stepStats(
  name: string,
  c: { scored: number; skipped: number; tooShort: number },
  timeMs: number,
): StepStats {
  return {
    name,
    total: c.scored + c.skipped + c.tooShort,
    kept: c.scored,
    dropped: c.tooShort,
    timeMs,
    reasons: { already_scored: c.skipped, too_short: c.tooShort },
  };
}
