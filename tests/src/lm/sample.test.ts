import { describe, expect, it } from 'vitest';
import { NgramModel } from '../../../src/lm/ngram.js';
import { generate, nextTokenId } from '../../../src/lm/sample.js';
import { rng } from '../../../src/random.js';
import { brownCatalogue, brownSentences } from '../../../src/world/brown.js';

const tiny = NgramModel.train(
  [
    ['a', 'b'],
    ['a', 'c'],
    ['a', 'b', 'b'],
  ],
  { order: 2, minCount: 1, discount: 0.5 },
);
const ids = (model: NgramModel, h: string[]): number[] => model.historyIds(h);

function histogram(
  model: NgramModel,
  h: string[],
  options: { temperature?: number; topP?: number },
  n: number,
) {
  const random = rng(7);
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const w = model.vocab.word(nextTokenId(model, ids(model, h), { random, ...options }));
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

describe('sampling', () => {
  it('draws from the model distribution at temperature 1 (unknown words excluded)', () => {
    const n = 40_000;
    const unk = tiny.prob('<unk>', ['a']);
    // The level-walking draw (temperature 1, no truncation) and the explicit form (a nucleus
    // that keeps practically everything) must both give the model's distribution.
    for (const options of [{}, { topP: 0.999999 }]) {
      const counts = histogram(tiny, ['a'], options, n);
      for (const w of ['a', 'b', 'c', '</s>']) {
        const expected = tiny.prob(w, ['a']) / (1 - unk);
        expect((counts.get(w) ?? 0) / n).toBeCloseTo(expected, 1);
      }
      expect(counts.has('<unk>')).toBe(false);
      expect(counts.has('<s>')).toBe(false);
    }
  });

  it('keeps only the nucleus under top-p and sharpens under low temperature', () => {
    // After "a": b is by far the most likely word; a small nucleus holds only it.
    expect([...histogram(tiny, ['a'], { topP: 0.3 }, 2000).keys()]).toEqual(['b']);
    const cold = histogram(tiny, ['a'], { temperature: 0.3 }, 5000);
    const warm = histogram(tiny, ['a'], { temperature: 1 }, 5000);
    expect(cold.get('b')!).toBeGreaterThan(warm.get('b')!);
  });

  it('decodes greedily at temperature 0', () => {
    const w = nextTokenId(tiny, ids(tiny, ['a']), { random: () => 0.99, temperature: 0 });
    expect(tiny.vocab.word(w)).toBe('b');
  });

  it('is deterministic per seed', () => {
    const model = NgramModel.train(
      brownSentences(
        brownCatalogue()
          .slice(0, 40)
          .map((c) => c.id),
      ),
    );
    const run = (seed: number) =>
      generate(model, { random: rng(seed), maxTokens: 200, stopAtEnd: false, topP: 0.95, temperature: 0.9 });
    const a = run(1);
    expect(a).toHaveLength(200);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    // A prompt conditions the continuation.
    const prompted = generate(model, { random: rng(1), maxTokens: 5, prompt: ['The', 'jury'] });
    expect(prompted.length).toBeGreaterThan(0);
  });
});
