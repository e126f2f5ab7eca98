import { NgramModel } from '../lm/ngram.js';
import { generate } from '../lm/sample.js';
import type { TokenDoc } from './corpus.js';

export interface GenerateSettings {
  temperature: number;
  topP: number;
  /** Greedy decoding (temperature 0), the beam-like option. */
  greedy: boolean;
}

/** A trained model: what the harness asks of any backend. */
export interface CollapseModel {
  /** Tokens continuing `prompt`; `</s>` marks sentence ends. */
  generate(
    prompt: readonly string[],
    tokens: number,
    settings: GenerateSettings,
    random: () => number,
  ): string[];
  /** Perplexity over whole sentences. */
  perplexity(sentences: readonly (readonly string[])[]): number;
}

export interface CollapseBackend {
  name: string;
  train(docs: readonly TokenDoc[]): CollapseModel;
}

/** The demo world's Kneser-Ney n-gram model (trigram by default): fast, deterministic. */
export function ngramBackend(order = 3): CollapseBackend {
  return {
    name: `ngram-${order}`,
    train(docs) {
      const model = NgramModel.train(
        (function* () {
          for (const d of docs) yield* d;
        })(),
        { order, minCount: 1 },
      );
      return {
        generate: (prompt, tokens, s, random) =>
          generate(model, {
            prompt,
            maxTokens: tokens,
            stopAtEnd: false,
            random,
            temperature: s.greedy ? 0 : s.temperature,
            topP: s.topP,
          }),
        perplexity: (sentences) => model.perplexity(sentences).perplexity,
      };
    },
  };
}
