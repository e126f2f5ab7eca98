import { NgramModel } from '../lm/ngram.js';
import { generate } from '../lm/sample.js';
import { UNK } from '../lm/vocab.js';
import { rng } from '../../db/random.js';
import type { TokenDoc } from './corpus.js';

export interface GenerateSettings {
  temperature: number;
  topP: number;
  /** Greedy decoding (temperature 0), the beam-like option. */
  greedy: boolean;
}

/** A trained model: what the harness asks of any backend. Batched, so a subprocess backend pays one round trip per call. */
export interface CollapseModel {
  /** `tokens` tokens continuing each prompt; `</s>` marks sentence ends. Same seed, same output. */
  generate(
    prompts: readonly (readonly string[])[],
    tokens: number,
    settings: GenerateSettings,
    seed: number,
  ): Promise<string[][]>;
  /** Perplexity of each group of whole sentences. */
  perplexities(groups: readonly (readonly (readonly string[])[])[]): Promise<number[]>;
  /** Frees what the model holds (a subprocess backend's memory). */
  dispose(): Promise<void>;
}

export interface CollapseBackend {
  name: string;
  /** What a run should record about the backend besides its name (versions, device). */
  info?: Record<string, string>;
  /**
   * `vocabulary`: the real training data's words. Perplexities are computed on it in every
   * generation, so they compare (a model that lost a word still assigns it some mass); samples
   * come only from words the generation's data holds. `seed` seeds training where it is random.
   */
  train(docs: readonly TokenDoc[], vocabulary: ReadonlySet<string>, seed: number): Promise<CollapseModel>;
  /** Ends what the backend runs (a subprocess). */
  close(): Promise<void>;
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
      return Promise.resolve({
        generate: (prompts, tokens, s, seed) => {
          const random = rng(seed);
          return Promise.resolve(
            prompts.map((prompt) =>
              generate(model, {
                prompt,
                maxTokens: tokens,
                stopAtEnd: false,
                random,
                temperature: s.greedy ? 0 : s.temperature,
                topP: s.topP,
              }),
            ),
          );
        },
        perplexities: (groups) => Promise.resolve(groups.map((g) => scoring().perplexity(g).perplexity)),
        dispose: () => Promise.resolve(),
      });
    },
    close: () => Promise.resolve(),
  };
}
