import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { normalizeForModel } from '../normalize.js';
import { mapLabels, type MgtClass } from './label-map.js';
import {
  describeLoaded,
  resolveModel,
  sessionOptions,
  type LoadOptions,
  type ModelInfo,
} from './model-dir.js';
import { loadTransformers } from './transformers-lib.js';
import { batchTensors, tokenId, tokenWindows } from './windows.js';

/** The detector name the classifier's scores are stored under. */
export const CLASSIFIER_DETECTOR = 'mgt_classifier';

export interface ClassifierOptions extends LoadOptions {
  /** A model folder or a Hugging Face id. */
  model: string;
  /** Chunks per forward pass. @default 16 */
  batchSize?: number;
  /** Long pages are scored on at most this many windows, spread over the text. @default 8 */
  maxWindows?: number;
  /** Label name to class, for models whose labels are not self-explaining. */
  labelMap?: Record<string, string>;
}

/** Probability per class the model knows (a binary human/AI model knows two), and the windows read. */
export interface ClassProbabilities {
  probs: Partial<Record<MgtClass, number>>;
  windows: number;
  tokens: number;
}

/**
 * A text classifier run through @huggingface/transformers: pages are normalized, tokenized, cut
 * into windows of the model's length, scored in batches, and the window probabilities averaged,
 * weighted by window length.
 */
export class TransformerClassifier {
  private constructor(
    readonly info: ModelInfo,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly labels: Map<number, MgtClass>,
    private readonly window: number,
    private readonly batchSize: number,
    private readonly maxWindows: number,
  ) {}

  static async load(options: ClassifierOptions): Promise<TransformerClassifier> {
    const dtype = options.dtype ?? 'fp32';
    const where = await resolveModel(options.model, options);
    const { AutoModelForSequenceClassification, AutoTokenizer } = await loadTransformers();
    const tokenizer = await AutoTokenizer.from_pretrained(where.id);
    const model = await AutoModelForSequenceClassification.from_pretrained(where.id, {
      dtype,
      device: 'cpu',
      session_options: sessionOptions(options),
    });
    const { info, config } = describeLoaded(options.model, where, dtype, model.config);
    const id2label = (config.id2label ?? {}) as Record<string, string>;
    const labels = mapLabels(id2label, options.labelMap);
    const window = Math.min(Number(tokenizer.model_max_length) || 512, 4096);
    return new TransformerClassifier(
      info,
      tokenizer,
      model,
      labels,
      window,
      options.batchSize ?? 16,
      options.maxWindows ?? CLASSIFIER_MAX_WINDOWS,
    );
  }

  /** Scores pages (raw text: normalization happens here). */
  async classify(texts: readonly string[], signal?: AbortSignal): Promise<ClassProbabilities[]> {
    const chunks: { doc: number; ids: number[] }[] = [];
    const tokens: number[] = [];
    texts.forEach((text, doc) => {
      const ids = this.encode(normalizeForModel(text));
      tokens.push(ids.length);
      for (const w of tokenWindows(ids, this.window - 2, this.maxWindows)) {
        chunks.push({
          doc,
          ids: [tokenId(this.tokenizer.bos_token_id) ?? 1, ...w, tokenId(this.tokenizer.eos_token_id) ?? 2],
        });
      }
    });
    const sums = texts.map(() => new Map<MgtClass, number>());
    const weight = texts.map(() => 0);
    const windows = texts.map(() => 0);
    // Similar lengths share a batch, so little of a batch is padding.
    const order = chunks.map((_, i) => i).sort((a, b) => chunks[a]!.ids.length - chunks[b]!.ids.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      // A caller that no longer wants the answer (a request that timed out) stops the work here.
      signal?.throwIfAborted();
      const batch = order.slice(start, start + this.batchSize).map((i) => chunks[i]!);
      const { inputIds, attentionMask } = batchTensors(
        batch.map((c) => c.ids),
        tokenId(this.tokenizer.pad_token_id) ?? 0,
      );
      const out = (await this.model({ input_ids: inputIds, attention_mask: attentionMask })) as {
        logits: Tensor;
      };
      const data = out.logits.data as Float32Array;
      const k = out.logits.dims[1]!;
      batch.forEach((c, b) => {
        const probs = softmax(data, b * k, k);
        const w = c.ids.length;
        for (const [label, cls] of this.labels) {
          const sum = sums[c.doc]!;
          sum.set(cls, (sum.get(cls) ?? 0) + w * probs[label]!);
        }
        weight[c.doc]! += w;
        windows[c.doc]!++;
      });
    }
    return texts.map((_, i) => {
      const probs: Partial<Record<MgtClass, number>> = {};
      for (const [cls, s] of sums[i]!) probs[cls] = weight[i]! > 0 ? s / weight[i]! : 0;
      return { probs, windows: windows[i]!, tokens: tokens[i]! };
    });
  }

  private encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

function softmax(data: Float32Array, offset: number, k: number): number[] {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, data[offset + j]!);
  const e: number[] = [];
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const v = Math.exp(data[offset + j]! - max);
    e.push(v);
    sum += v;
  }
  return e.map((v) => v / sum);
}

/** Windows of the model's context read from one page at most (spread over it): the page's token budget. */
export const CLASSIFIER_MAX_WINDOWS = 8;
