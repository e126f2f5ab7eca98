import { NgramModel } from '../lm/ngram.js';
import { generate } from '../lm/sample.js';
import { UNK } from '../lm/vocab.js';
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
  /**
   * `vocabulary`: the real training data's words. Perplexities are computed on it in every
   * generation, so they compare (a model that lost a word still assigns it some mass); samples
   * come only from words the generation's data holds.
   */
  train(docs: readonly TokenDoc[], vocabulary: ReadonlySet<string>): CollapseModel;
}

/** The demo world's Kneser-Ney n-gram model (trigram by default): fast, deterministic. */
export function ngramBackend(order = 3): CollapseBackend {
  return {
    name: `ngram-${order}`,
    train(docs, vocabulary) {
      const sentences = docs.flat();
      // Sampling uses the model of the generation's own data: a word it never saw is never drawn.
      const model = NgramModel.train(sentences, { order, minCount: 1 });
      // Perplexity uses the same counts on the real vocabulary, so generations compare; it is
      // trained again only when the data lacks some real word.
      let scorer: NgramModel | undefined;
      const scoring = (): NgramModel =>
        (scorer ??= [...vocabulary].every((w) => model.vocab.id(w) !== UNK)
          ? model
          : NgramModel.train(sentences, { order, minCount: 1, vocabulary }));
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
        perplexity: (sents) => scoring().perplexity(sents).perplexity,
      };
    },
  };
}
