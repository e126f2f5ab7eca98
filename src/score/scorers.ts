import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { DocScore } from '../../db/types.js';
import { CLASSIFIER_DETECTOR, TransformerClassifier } from '../../detectors/models/classifier.js';
import type { LoadOptions, ModelInfo } from '../../detectors/models/model-dir.js';
import { ParallelZeroShot, defaultZeroShotThreads } from '../../detectors/models/zero-shot-pool.js';
import { ZERO_SHOT_DETECTOR } from '../../detectors/models/zero-shot.js';
import { TEXT_STATS_DETECTOR, TEXT_STATS_VERSION, textStats } from '../../detectors/text-stats.js';
import { VerdictModel, VerdictModelError } from '../../detectors/verdict/verdict-model.js';
import { PolicyEngine } from '../../policy/apply-policy.js';
import { defaultPolicy, type LoadedPolicy } from '../../policy/load-policy.js';
import { defaultModels } from './default-models.js';

export const SCORE_DETECTORS = ['classifier', 'zero-shot', 'text-stats', 'verdict'] as const;
export type ScoreDetector = (typeof SCORE_DETECTORS)[number];

/** Which models to load, and how: what `score`, `gate` and `serve` share. */
export interface ModelOptions extends LoadOptions {
  /** @default all of SCORE_DETECTORS */
  detectors?: readonly ScoreDetector[];
  /** Folders or ids; default: the shipped models. */
  classifierModel?: string;
  observerModel?: string;
  /** Binoculars' performer; default: the shipped one when the observer is the shipped one, else the observer. */
  performerModel?: string;
  verdictModel?: string;
  labelMap?: Record<string, string>;
  /** Windows per forward pass. @default 16 for the classifier, 1 for the language models */
  batchSize?: number;
  /**
   * Worker threads for the zero-shot scores, each with its own copy of the language models; 0 runs
   * them on the calling thread. @default defaultZeroShotThreads(): 2 where there are 2 cores
   */
  zeroShotThreads?: number;
  /**
   * The policy whose levels a verdict's label is decided at (its `reject_at_fpr`, `min_probability`,
   * language overrides and thresholds file), so that labels count what the policy does.
   * @default the built-in policy
   */
  policy?: LoadedPolicy;
}

/** Every key of ModelOptions, for the entry points that check their options' names. */
export const MODEL_OPTION_NAMES = [
  'allowRemote',
  'cacheDir',
  'dtype',
  'threads',
  'detectors',
  'classifierModel',
  'observerModel',
  'performerModel',
  'verdictModel',
  'labelMap',
  'batchSize',
  'zeroShotThreads',
  'policy',
] as const satisfies readonly (keyof ModelOptions)[];

/** A model detector over texts: one page's scores per input, stored under `detector`. */
export interface BatchScorer {
  detector: string;
  /** Identifies the model version (the digest of its weights, or of both LMs' for zero-shot). */
  digest: string;
  /** Stops early (rejecting with the signal's reason) once `signal` aborts, where the scorer can. */
  score(docs: readonly { id: string; text: string }[], signal?: AbortSignal): Promise<DocScore[]>;
  dispose(): Promise<void>;
}

export interface LoadedScorers {
  scorers: BatchScorer[];
  models: ModelInfo[];
  verdictModel: VerdictModel | undefined;
  /** The verdict file's path, when the verdict was loaded. */
  verdictPath: string | undefined;
  /** Things the user should know, e.g. a verdict fitted on other models' scores. */
  warnings: string[];
  /** Worker threads running the zero-shot language models (0: the calling thread); undefined without zero-shot. */
  zeroShotThreads: number | undefined;
  /** The policy that labels verdicts (ModelOptions.policy), and its engine. */
  policy: LoadedPolicy;
  engine: PolicyEngine;
}

/** Loads the model detectors and the verdict once; the caller disposes the scorers. */
export async function loadScorers(options: ModelOptions): Promise<LoadedScorers> {
  const detectors = new Set(options.detectors ?? SCORE_DETECTORS);
  const defaults = defaultModels();
  const load: LoadOptions = {
    ...(options.allowRemote !== undefined && { allowRemote: options.allowRemote }),
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    dtype: options.dtype ?? 'fp32',
  };
  const verdictPath = detectors.has('verdict') ? (options.verdictModel ?? defaults.verdict) : undefined;
  const verdictModel = verdictPath === undefined ? undefined : VerdictModel.load(verdictPath);
  const modelDetectors = [
    ...(detectors.has('classifier') ? [CLASSIFIER_DETECTOR] : []),
    ...(detectors.has('zero-shot') ? [ZERO_SHOT_DETECTOR] : []),
  ];
  // A verdict judges each page by its fit for the detectors that scored it; refuse a run whose
  // detectors it has no fit for (a run of the verdict alone judges what earlier runs stored).
  const refusal = modelDetectors.length > 0 ? verdictModel?.refusal(modelDetectors) : undefined;
  if (refusal) throw new VerdictModelError(`${verdictPath!}: ${refusal}`);
  const scorers: BatchScorer[] = [];
  const models: ModelInfo[] = [];
  let zeroShotThreads: number | undefined;
  const lmWorkers = detectors.has('zero-shot') ? (options.zeroShotThreads ?? defaultZeroShotThreads()) : 0;
  try {
    if (detectors.has('classifier')) {
      const classifier = await TransformerClassifier.load({
        ...load,
        // Beside language-model workers, one ONNX thread; alone, a second thread gave it 1.1-1.2x.
        threads: lmWorkers > 0 ? 1 : Math.min(availableParallelism(), 4),
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
      const pool = await ParallelZeroShot.start(
        {
          observer: { ...load, model: observerSpec },
          ...(performerSpec && { performer: { ...load, model: performerSpec } }),
          ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
        },
        lmWorkers,
      );
      models.push(pool.observer, ...(performerSpec ? [pool.performer] : []));
      zeroShotThreads = pool.threads;
      scorers.push(zeroShotScorer(pool));
    }
    // The verdict's fits all read the text statistics, which need no model: they run with it.
    if (detectors.has('text-stats') || detectors.has('verdict')) scorers.push(textStatsScorer());
  } catch (err) {
    await Promise.all(scorers.map((s) => s.dispose()));
    throw err;
  }
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
  const policy = options.policy ?? defaultPolicy();
  const engine = PolicyEngine.of(policy);
  return { scorers, models, verdictModel, verdictPath, warnings, zeroShotThreads, policy, engine };
}

/** Makes one page's scores of one detector: `score(name, value)`. */
function scoresOf(docId: string, detector: string): (name: string, value: number) => DocScore {
  return (name, value) => ({ docId, detector, name, value });
}

function classifierScorer(classifier: TransformerClassifier): BatchScorer {
  return {
    detector: CLASSIFIER_DETECTOR,
    digest: classifier.info.digest,
    async score(docs, signal) {
      const results = await classifier.classify(
        docs.map((d) => d.text),
        signal,
      );
      return docs.flatMap((d, i) => {
        const r = results[i]!;
        const s = scoresOf(d.id, CLASSIFIER_DETECTOR);
        return [
          ...Object.entries(r.probs).map(([cls, p]) => s(`p_${cls.replace(/-/g, '_')}`, p)),
          s('windows', r.windows),
        ];
      });
    },
    dispose: () => classifier.dispose(),
  };
}

function zeroShotScorer(pool: ParallelZeroShot): BatchScorer {
  const digest = createHash('sha256')
    .update(`${pool.observer.digest}:${pool.performer.digest}`)
    .digest('hex');
  return {
    detector: ZERO_SHOT_DETECTOR,
    digest,
    async score(docs, signal) {
      // The language models run on their workers and finish the batch they have (at most
      // ZERO_SHOT_MAX_TOKENS per page); a request already given up is not sent to them.
      signal?.throwIfAborted();
      const results = await pool.score(docs.map((d) => d.text));
      return docs.flatMap((d, i) => {
        const s = scoresOf(d.id, ZERO_SHOT_DETECTOR);
        return Object.entries(results[i]!).map(([name, value]: [string, number]) => s(name, value));
      });
    },
    dispose: () => pool.close(),
  };
}

/** Page statistics (`detectors/text-stats.ts`): no model, its version is its digest. */
function textStatsScorer(): BatchScorer {
  return {
    detector: TEXT_STATS_DETECTOR,
    digest: createHash('sha256').update(TEXT_STATS_VERSION).digest('hex'),
    score(docs) {
      return Promise.resolve(
        docs.flatMap((d) => {
          const { cohesion, contentWords } = textStats(d.text);
          const s = scoresOf(d.id, TEXT_STATS_DETECTOR);
          return [
            s('content_words', contentWords),
            ...(cohesion === undefined ? [] : [s('cohesion', cohesion)]),
          ];
        }),
      );
    },
    dispose: () => Promise.resolve(),
  };
}
