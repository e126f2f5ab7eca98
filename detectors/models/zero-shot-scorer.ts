import { normalizeForModel } from '../normalize.js';
import { CausalLm, type CausalLmOptions } from './causal-lm.js';
import { ZeroShotAccumulator, type ZeroShotScores } from './zero-shot.js';

export interface ZeroShotOptions {
  observer: CausalLm;
  /** Binoculars' second model; it must share the observer's tokenizer. Omitted: the observer. */
  performer?: CausalLm;
  /**
   * Windows per forward pass. @default 1: on 2 CPU cores the logit reductions, not the forward
   * pass, take most of the time, and larger batches made no consistent difference (`npm run
   * bench:score`: 0.65x to 1.15x of batch 1 over three runs).
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

  constructor(options: ZeroShotOptions) {
    this.observer = options.observer;
    this.performer = options.performer ?? options.observer;
    this.batchSize = options.batchSize ?? 1;
    this.maxTokens = options.maxTokens ?? 512;
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
      batch.forEach((w, b) => {
        const targets = new Int32Array(w.ids.length - 1);
        for (let t = 0; t < targets.length; t++) targets[t] = w.ids[t + 1]!;
        const offset = b * obs.length * obs.vocab;
        acc[w.doc]!.add(obs.data, perf.data, offset, obs.vocab, targets);
      });
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
