import type { FeatureExtractionPipeline, Tensor } from '@huggingface/transformers';
import type { Store } from '../../db/store.js';
import { describeLoaded, resolveModel, type LoadOptions, type ModelInfo } from '../models/model-dir.js';
import { loadTransformers } from '../models/transformers-lib.js';
import { normalizeForModel } from '../normalize.js';

/**
 * The optional neural similarity of the translation detector: a multilingual sentence-embedding
 * model (LaBSE, a multilingual MiniLM, or the small one `npm run models:embedder` trains on the
 * demo world), run through @huggingface/transformers feature extraction from a local folder. Off
 * unless a model is given; the detector works without one.
 */
export interface EmbedderOptions extends LoadOptions {
  /** A model folder, or a Hugging Face id under `cacheDir`. */
  model: string;
  /** How token states become one vector: `mean` (sentence-transformers' default) or `cls` (LaBSE). @default mean */
  pooling?: 'mean' | 'cls';
  /** Sentences per forward pass. @default 64 */
  batchSize?: number;
}

/** Unit vectors, `dim` numbers per sentence, row after row. */
export interface SentenceVectors {
  dim: number;
  /** Per document id: its sentences' vectors, in sentence order. */
  byDoc: Map<string, Float32Array>;
}

export class SentenceEmbedder {
  private constructor(
    readonly info: ModelInfo,
    /**
     * The languages (ISO 639-3) the model was trained on, from `corpus_audit.languages` in its
     * config.json; undefined when the config does not say (then every page is embedded).
     */
    readonly languages: ReadonlySet<string> | undefined,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly pooling: 'mean' | 'cls',
    private readonly batchSize: number,
  ) {}

  static async load(options: EmbedderOptions): Promise<SentenceEmbedder> {
    const dtype = options.dtype ?? 'fp32';
    const where = await resolveModel(options.model, options);
    const { pipeline } = await loadTransformers();
    const extractor = await pipeline('feature-extraction', where.id, { dtype, device: 'cpu' });
    const { info, config } = describeLoaded(options.model, where, dtype, extractor.model.config);
    const declared = (config.corpus_audit as { languages?: unknown } | undefined)?.languages;
    const languages = Array.isArray(declared) ? new Set(declared.map(String)) : undefined;
    return new SentenceEmbedder(
      info,
      languages,
      extractor,
      options.pooling ?? 'mean',
      options.batchSize ?? 64,
    );
  }

  /** L2-normalised vectors of `texts` (normalised as the other models see text), row after row. */
  async embed(texts: readonly string[]): Promise<{ dim: number; data: Float32Array }> {
    let dim = 0;
    let data = new Float32Array(0);
    // Similar lengths share a batch, so little of it is padding; rows go back in input order.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      const out: Tensor = await this.extractor(
        batch.map((i) => normalizeForModel(texts[i]!)),
        { pooling: this.pooling, normalize: true },
      );
      if (start === 0) {
        dim = out.dims[1]!;
        data = new Float32Array(texts.length * dim);
      }
      const rows = out.data as Float32Array;
      batch.forEach((i, b) => {
        data.set(rows.subarray(b * dim, (b + 1) * dim), i * dim);
      });
    }
    return { dim, data };
  }

  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}

/**
 * Embeds the sentences of every page the translation detector reads (pages with sentences and a
 * language the model knows, when its config names them), in batches across pages. A page left out
 * is aligned as without a model: similarities from a model that never saw a language are noise.
 * Held in memory: 4 x dim bytes a sentence (about 130 MB for the 10,000-page demo world at 128
 * dimensions).
 */
export async function embedStoreSentences(
  store: Store,
  embedder: SentenceEmbedder,
  onProgress?: (done: number, total: number) => void,
): Promise<SentenceVectors> {
  const byDoc = new Map<string, Float32Array>();
  let dim = 0;
  let pending: { id: string; sentences: string[] }[] = [];
  let pendingCount = 0;
  const total = store.countDocs();
  let seen = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const out = await embedder.embed(pending.flatMap((p) => p.sentences));
    dim = out.dim;
    let row = 0;
    for (const p of pending) {
      byDoc.set(p.id, out.data.slice(row * dim, (row + p.sentences.length) * dim));
      row += p.sentences.length;
    }
    pending = [];
    pendingCount = 0;
    onProgress?.(seen, total);
  };
  for (const doc of store.iterDocs()) {
    seen++;
    const sentences = doc.sentences ?? [];
    const lang = doc.lang?.code ?? 'und';
    if (sentences.length === 0 || lang === 'und') continue;
    if (embedder.languages && !embedder.languages.has(lang)) continue;
    pending.push({ id: doc.id, sentences: sentences.map((s) => doc.text.slice(s.start, s.end)) });
    pendingCount += sentences.length;
    if (pendingCount >= 512) await flush();
  }
  await flush();
  return { dim, byDoc };
}
