import { createHash } from 'node:crypto';
import type { Store, StoredDoc } from '../../db/store.js';
import type { DocScore, StepStats, Verdict } from '../../db/types.js';
import { CausalLm } from '../../detectors/models/causal-lm.js';
import { CLASSIFIER_DETECTOR, TransformerClassifier } from '../../detectors/models/classifier.js';
import type { LoadOptions, ModelInfo } from '../../detectors/models/model-dir.js';
import { ZeroShotScorer } from '../../detectors/models/zero-shot-scorer.js';
import { ZERO_SHOT_DETECTOR } from '../../detectors/models/zero-shot.js';
import { VerdictModel } from '../../detectors/verdict/verdict-model.js';
import { judgeableLength } from '../../detectors/normalize.js';
import { codeVersion } from '../version.js';
import { defaultModels } from './default-models.js';

export const SCORE_DETECTORS = ['classifier', 'zero-shot', 'verdict'] as const;
export type ScoreDetector = (typeof SCORE_DETECTORS)[number];

export interface ScoreOptions extends LoadOptions {
  store: Store;
  /** @default all three */
  detectors?: readonly ScoreDetector[];
  /** Folders or ids; default: the shipped models. */
  classifierModel?: string;
  observerModel?: string;
  /** Binoculars' performer; default: the shipped one when the observer is the shipped one, else the observer. */
  performerModel?: string;
  verdictModel?: string;
  labelMap?: Record<string, string>;
  /** Pages per stored batch (the unit an interrupted run resumes from). @default 32 */
  batchDocs?: number;
  /** Windows per forward pass. @default 16 for the classifier, 1 for the language models */
  batchSize?: number;
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

interface BatchScorer {
  detector: string;
  digest: string;
  score(docs: StoredDoc[]): Promise<DocScore[]>;
  dispose(): Promise<void>;
}

/**
 * `corpus-audit score`: runs the model detectors over every stored page in batches, each batch
 * stored in one transaction and marked with the model version, so an interrupted run continues
 * where it stopped; then recomputes every verdict from the stored scores and evidence.
 */
export async function scoreStore(options: ScoreOptions): Promise<ScoreSummary> {
  const started = performance.now();
  const { store } = options;
  const detectors = new Set(options.detectors ?? SCORE_DETECTORS);
  const defaults = defaultModels();
  const load: LoadOptions = {
    ...(options.allowRemote !== undefined && { allowRemote: options.allowRemote }),
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    dtype: options.dtype ?? 'fp32',
  };
  const scorers: BatchScorer[] = [];
  const models: ModelInfo[] = [];
  const verdictModel = detectors.has('verdict')
    ? VerdictModel.load(options.verdictModel ?? defaults.verdict)
    : undefined;
  try {
    if (detectors.has('classifier')) {
      const classifier = await TransformerClassifier.load({
        ...load,
        model: options.classifierModel ?? defaults.classifier,
        ...(options.labelMap && { labelMap: options.labelMap }),
        ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      });
      models.push(classifier.info);
      scorers.push(classifierScorer(classifier));
    }
    if (detectors.has('zero-shot')) {
      const observerSpec = options.observerModel ?? defaults.observer;
      const performerSpec =
        options.performerModel ?? (observerSpec === defaults.observer ? defaults.performer : undefined);
      const observer = await CausalLm.load({ ...load, model: observerSpec });
      const performer = performerSpec ? await CausalLm.load({ ...load, model: performerSpec }) : undefined;
      models.push(observer.info, ...(performer ? [performer.info] : []));
      scorers.push(
        zeroShotScorer(
          new ZeroShotScorer({
            observer,
            ...(performer && { performer }),
            ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
          }),
        ),
      );
    }
  } catch (err) {
    await Promise.all(scorers.map((s) => s.dispose()));
    throw err;
  }

  const runId = store.beginRun({
    command: options.command ?? 'score',
    config: {
      detectors: [...detectors],
      models: models.map((m) => ({ spec: m.spec, digest: m.digest, dtype: m.dtype, modelType: m.modelType })),
      ...(verdictModel && {
        verdictModel: { path: options.verdictModel ?? defaults.verdict, digest: verdictModel.digest },
      }),
      batchDocs: options.batchDocs ?? 32,
      force: options.force === true,
    },
    codeVersion: codeVersion(),
  });
  const counts: ScoreSummary['counts'] = {};
  const warnings: string[] = [];
  if (verdictModel) {
    const fittedOn = new Set(Object.values(verdictModel.file.models).map((m) => m.digest));
    for (const m of models) {
      if (!fittedOn.has(m.digest)) {
        warnings.push(
          `the verdict was fitted on other models' scores than ${m.spec} gives (sha256 ${m.digest.slice(0, 12)}); ` +
            'its probabilities and thresholds are not calibrated for it: refit it, or leave verdict out of --detectors',
        );
      }
    }
  }
  const stats: StepStats[] = [];
  let interrupted = false;
  try {
    const total = store.countDocs();
    for (const scorer of scorers) {
      const t0 = performance.now();
      const done = options.force ? new Map<string, string>() : store.detections.scoredDocs(scorer.detector);
      const c = { scored: 0, skipped: 0, tooShort: 0 };
      counts[scorer.detector] = c;
      let batch: StoredDoc[] = [];
      let seen = 0;
      const flush = async (): Promise<void> => {
        const long = batch.filter((d) => judgeableLength(d.text) >= MIN_SCORED_CHARS);
        const scores = long.length > 0 ? await scorer.score(long) : [];
        // Pages too short for the models are not marked as scored: a later run with another
        // length rule sees them again.
        store.detections.putScoreBatch(
          scorer.detector,
          scorer.digest,
          long.map((d) => d.id),
          scores,
        );
        c.scored += long.length;
        c.tooShort += batch.length - long.length;
        batch = [];
        options.onProgress?.(scorer.detector, seen, total);
      };
      for (const doc of store.iterDocs()) {
        seen++;
        if (options.filter && !options.filter(doc)) continue;
        if (done.get(doc.id) === scorer.digest) {
          c.skipped++;
          continue;
        }
        batch.push(doc);
        if (batch.length >= (options.batchDocs ?? 32)) {
          await flush();
          if (options.signal?.aborted) break;
        }
      }
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      if (batch.length > 0) await flush();
      options.onProgress?.(scorer.detector, total, total);
      stats.push(stepStats(scorer.detector, c, performance.now() - t0));
    }
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
    await Promise.all(scorers.map((s) => s.dispose()));
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

function classifierScorer(classifier: TransformerClassifier): BatchScorer {
  return {
    detector: CLASSIFIER_DETECTOR,
    digest: classifier.info.digest,
    async score(docs) {
      const results = await classifier.classify(docs.map((d) => d.text));
      return docs.flatMap((d, i) => {
        const r = results[i]!;
        const s = (name: string, value: number): DocScore => ({
          docId: d.id,
          detector: CLASSIFIER_DETECTOR,
          name,
          value,
        });
        return [
          ...Object.entries(r.probs).map(([cls, p]) => s(`p_${cls.replace(/-/g, '_')}`, p)),
          s('windows', r.windows),
        ];
      });
    },
    dispose: () => classifier.dispose(),
  };
}

function zeroShotScorer(scorer: ZeroShotScorer): BatchScorer {
  const digest = createHash('sha256')
    .update(`${scorer.observer.info.digest}:${scorer.performer.info.digest}`)
    .digest('hex');
  return {
    detector: ZERO_SHOT_DETECTOR,
    digest,
    async score(docs) {
      const results = await scorer.score(docs.map((d) => d.text));
      return docs.flatMap((d, i) =>
        Object.entries(results[i]!).map(([name, value]: [string, number]) => ({
          docId: d.id,
          detector: ZERO_SHOT_DETECTOR,
          name,
          value,
        })),
      );
    },
    async dispose() {
      await scorer.observer.dispose();
      if (scorer.performer !== scorer.observer) await scorer.performer.dispose();
    },
  };
}
