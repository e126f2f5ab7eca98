import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import {
  describeLoaded,
  resolveModel,
  sessionOptions,
  type LoadOptions,
  type ModelInfo,
} from './model-dir.js';
import { loadTransformers } from './transformers-lib.js';
import { batchTensors, tokenId } from './windows.js';

export interface CausalLmOptions extends LoadOptions {
  model: string;
}

/**
 * A causal language model for scoring: forward passes only, no key/value cache and no `generate()`
 * (the shipped models have no cache inputs; hub models that have them are fed empty ones).
 */
export class CausalLm {
  private constructor(
    readonly info: ModelInfo,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    /** Tokens per forward pass: the model's context, capped at 1,024. */
    readonly context: number,
    readonly vocabSize: number,
  ) {}

  static async load(options: CausalLmOptions): Promise<CausalLm> {
    const dtype = options.dtype ?? 'fp32';
    const where = await resolveModel(options.model, options);
    const { AutoModelForCausalLM, AutoTokenizer } = await loadTransformers();
    const tokenizer = await AutoTokenizer.from_pretrained(where.id);
    const model = await AutoModelForCausalLM.from_pretrained(where.id, {
      dtype,
      device: 'cpu',
      session_options: sessionOptions(options),
    });
    const { info, config } = describeLoaded(options.model, where, dtype, model.config);
    const positions = Number(config.n_positions ?? config.max_position_embeddings ?? 1024);
    const context = Math.min(positions, Number(tokenizer.model_max_length) || positions, 1024);
    return new CausalLm(info, tokenizer, model, context, Number(config.vocab_size ?? 0));
  }

  /** The token ids of a text, without special tokens. */
  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  get bosId(): number {
    return tokenId(this.tokenizer.bos_token_id) ?? tokenId(this.tokenizer.eos_token_id) ?? 0;
  }

  /** Logits [batch, length, vocab] for right-padded sequences. */
  async logits(
    seqs: readonly (readonly number[])[],
  ): Promise<{ data: Float32Array; length: number; vocab: number }> {
    const { inputIds, attentionMask, length } = batchTensors(seqs, tokenId(this.tokenizer.pad_token_id) ?? 0);
    const out = (await this.model({ input_ids: inputIds, attention_mask: attentionMask })) as {
      logits: Tensor;
    };
    const dims = out.logits.dims;
    return { data: out.logits.data as Float32Array, length, vocab: dims[2]! };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
