import { normalizeForModel } from '../normalize.js';
import { CausalLm, type CausalLmOptions } from './causal-lm.js';
import { RowReducer } from './row-reducer.js';
import { ZeroShotAccumulator, type ZeroShotScores } from './zero-shot.js';

export interface ZeroShotOptions {
  observer: CausalLm;
  /** Binoculars' second model; it must share the observer's tokenizer. Omitted: the observer. */
  performer?: CausalLm;
  /**
   * Windows per forward pass. @default 1: larger batches were slower on 2 CPU cores (`npm run
   * bench:score`: padding, and larger logit arrays to reduce).
   */
  batchSize?: number;
  /** Score at most this many tokens of a page (its start). @default 512 */
  maxTokens?: number;
}

/**
 * Runs the zero-shot scores over pages: each page is normalized, tokenized, prefixed with the
 * beginning-of-text token and cut into windows of the model's context that overlap by one token,
 * so every token is predicted exactly once; windows of many pages share a batch.
 */
export class ZeroShotScorer {
  readonly observer: CausalLm;
  readonly performer: CausalLm;
  private readonly batchSize: number;
  private readonly maxTokens: number;
  private readonly rows = new RowReducer();

  constructor(options: ZeroShotOptions) {
    this.observer = options.observer;
    this.performer = options.performer ?? options.observer;
    this.batchSize = options.batchSize ?? 1;
    this.maxTokens = options.maxTokens ?? ZERO_SHOT_MAX_TOKENS;
    if (this.performer !== this.observer) {
      const probe = 'Binoculars needs one tokenizer: 0123 ÄÖÜ';
      const a = this.observer.encode(probe).join(',');
      const b = this.performer.encode(probe).join(',');
      if (a !== b || this.observer.vocabSize !== this.performer.vocabSize) {
        throw new Error(
          `the observer (${this.observer.info.spec}) and performer (${this.performer.info.spec}) ` +
            'tokenize differently; Binoculars needs a pair that shares a tokenizer',
        );
      }
    }
  }

  async dispose(): Promise<void> {
    await this.rows.dispose();
    await this.observer.dispose();
    if (this.performer !== this.observer) await this.performer.dispose();
  }

  async score(texts: readonly string[]): Promise<ZeroShotScores[]> {
    const ctx = this.observer.context;
    const windows: { doc: number; ids: number[] }[] = [];
    texts.forEach((text, doc) => {
      const ids = [this.observer.bosId, ...this.observer.encode(normalizeForModel(text))].slice(
        0,
        this.maxTokens + 1,
      );
      for (let s = 0; s + 1 < ids.length; s += ctx - 1) windows.push({ doc, ids: ids.slice(s, s + ctx) });
    });
    const acc = texts.map(() => new ZeroShotAccumulator());
    const order = windows.map((_, i) => i).sort((a, b) => windows[a]!.ids.length - windows[b]!.ids.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize).map((i) => windows[i]!);
      const seqs = batch.map((w) => w.ids);
      const obs = await this.observer.logits(seqs);
      const perf = this.performer === this.observer ? obs : await this.performer.logits(seqs);
      for (let b = 0; b < batch.length; b++) {
        const ids = batch[b]!.ids;
        const offset = b * obs.length * obs.vocab;
        // Position t predicts token t + 1; a window's last token is the next one's first.
        const rows = await this.rows.reduce(obs.data, perf.data, offset, obs.vocab, ids.slice(1));
        acc[batch[b]!.doc]!.add(rows);
      }
    }
    return acc.map((a) => a.scores());
  }
}

/** Which language models to load for the zero-shot scores, and how: plain data, so a worker can be told. */
export interface ZeroShotModels {
  observer: CausalLmOptions;
  /** Omitted: the observer plays both roles. */
  performer?: CausalLmOptions;
  batchSize?: number;
  maxTokens?: number;
}

/** Loads the models and returns their scorer (the models are freed if the pair does not fit). */
export async function loadZeroShotScorer(models: ZeroShotModels): Promise<ZeroShotScorer> {
  const observer = await CausalLm.load(models.observer);
  let performer: CausalLm | undefined;
  try {
    performer = models.performer ? await CausalLm.load(models.performer) : undefined;
    return new ZeroShotScorer({
      observer,
      ...(performer && { performer }),
      ...(models.batchSize !== undefined && { batchSize: models.batchSize }),
      ...(models.maxTokens !== undefined && { maxTokens: models.maxTokens }),
    });
  } catch (err) {
    await observer.dispose();
    await performer?.dispose();
    throw err;
  }
}

/** Tokens of a page the zero-shot language models read at most (its beginning). */
export const ZERO_SHOT_MAX_TOKENS = 512;
