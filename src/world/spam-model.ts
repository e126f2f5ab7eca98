import { NgramModel } from '../lm/ngram.js';
import { brownCatalogue, brownSentences } from './brown.js';
import { isMtSource } from './mt-languages.js';
import { splitOf } from './sources.js';

let model: NgramModel | undefined;

/**
 * The language model the spam blogs sample from: a Kneser-Ney trigram model trained on the human
 * Brown files of the training split (so test-split human pages were never in its training data).
 * Trained once per process, deterministically.
 */
export function spamModel(): NgramModel {
  model ??= NgramModel.train(
    brownSentences(
      brownCatalogue()
        .filter((c, i) => !isMtSource(i) && splitOf(`brown:${c.id}`) === 'train')
        .map((c) => c.id),
    ),
    { order: 3 },
  );
  return model;
}
