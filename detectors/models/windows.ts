import type { Tensor } from '@huggingface/transformers';
import { loadedTransformers } from './transformers-lib.js';

/**
 * Cuts a token sequence into windows of at most `size` tokens. When there would be more than `max`
 * windows, `max` of them are taken evenly spread over the text (beginning, middle and end all
 * count), so a long page costs a bounded number of forward passes.
 */
export function tokenWindows(ids: readonly number[], size: number, max: number): number[][] {
  if (ids.length === 0) return [];
  const count = Math.ceil(ids.length / size);
  const picks =
    count <= max
      ? Array.from({ length: count }, (_, i) => i)
      : Array.from({ length: max }, (_, i) => Math.round((i * (count - 1)) / Math.max(max - 1, 1)));
  return [...new Set(picks)].map((i) => ids.slice(i * size, (i + 1) * size));
}

/** Right-padded int64 input_ids and attention_mask for a batch of sequences (once a model has loaded). */
export function batchTensors(
  seqs: readonly (readonly number[])[],
  padId: number,
): { inputIds: Tensor; attentionMask: Tensor; length: number } {
  const length = Math.max(...seqs.map((s) => s.length));
  const ids = new BigInt64Array(seqs.length * length).fill(BigInt(padId));
  const mask = new BigInt64Array(seqs.length * length);
  seqs.forEach((s, b) => {
    for (let t = 0; t < s.length; t++) {
      ids[b * length + t] = BigInt(s[t]!);
      mask[b * length + t] = 1n;
    }
  });
  const { Tensor } = loadedTransformers();
  return {
    inputIds: new Tensor('int64', ids, [seqs.length, length]),
    attentionMask: new Tensor('int64', mask, [seqs.length, length]),
    length,
  };
}

/** A special token's id as the tokenizer gives it: typed as a number, undefined when the model has none. */
export function tokenId(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
