import { describe, expect, it } from 'vitest';
import { NgramModel } from '../../../src/lm/ngram.js';
import { brownCatalogue, brownSentences } from '../../../src/world/brown.js';

describe('NgramModel', () => {
  // Two sentences, bigrams, D = 0.5: small enough to check against a hand computation.
  const tiny = NgramModel.train(
    [
      ['a', 'b'],
      ['a', 'c'],
    ],
    { order: 2, minCount: 1, discount: 0.5 },
  );

  it('matches interpolated Kneser-Ney computed by hand', () => {
    // Continuation counts: a 1 (after <s>), b 1, c 1, </s> 2 (after b and c); total 5, 4 types.
    // P0(w) = max(c - 0.5, 0) / 5 + 0.5 * 4 / 5 * 1/5, over the 5 predictable words.
    expect(tiny.prob('b', ['x'])).toBeCloseTo(0.18, 12); // unseen context: the unigram level
    expect(tiny.prob('</s>', ['zzz'])).toBeCloseTo(0.38, 12);
    expect(tiny.prob('<unk>', ['zzz'])).toBeCloseTo(0.08, 12);
    // After "a": b and c seen once each: (1 - 0.5) / 2 + 0.5 * 2 / 2 * 0.18.
    expect(tiny.prob('b', ['a'])).toBeCloseTo(0.34, 12);
    // After <s>: "a" twice, a single follower: (2 - 0.5) / 2 + 0.5 * 1 / 2 * 0.18.
    expect(tiny.prob('a', [])).toBeCloseTo(0.795, 12);
    expect(tiny.prob('<s>', ['a'])).toBe(0);
  });

  it('gives distributions that sum to one', () => {
    for (const h of [[], ['a'], ['b'], ['nothing']]) {
      const sum = tiny.vocab.words.reduce((s, w) => s + tiny.prob(w, h), 0);
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('gives words of a fixed vocabulary only the uniform share when the data lacks them', () => {
    const fixed = NgramModel.train(
      [
        ['a', 'b'],
        ['a', 'c'],
      ],
      { order: 2, minCount: 1, discount: 0.5, vocabulary: ['a', 'd'] },
    );
    expect(fixed.vocab.words).toEqual(['<unk>', '<s>', '</s>', 'a', 'b', 'c', 'd']);
    // Six predictable words now: the uniform share 0.5 * 4 / 5 / 6 goes to d (and <unk>).
    expect(fixed.prob('d', ['zzz'])).toBeCloseTo((0.5 * 4) / 5 / 6, 12);
    expect(fixed.prob('d', ['zzz'])).toBe(fixed.prob('<unk>', ['zzz']));
    const sum = fixed.vocab.words.reduce((t, w) => t + fixed.prob(w, ['a']), 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(fixed.perplexity([['d']]).unknown).toBe(0);
  });

  const catalogue = brownCatalogue();
  const train = catalogue
    .filter((_, i) => i % 10 !== 0)
    .slice(0, 120)
    .map((c) => c.id);
  const heldOut = catalogue
    .filter((_, i) => i % 10 === 0)
    .slice(0, 10)
    .map((c) => c.id);
  const trigram = NgramModel.train(brownSentences(train), { order: 3 });

  it('sums to one on a Brown-trained trigram model, for seen and unseen histories', () => {
    for (const h of [[], ['The'], ['of', 'the'], ['in', 'the'], ['qqq', 'zzz']]) {
      let sum = 0;
      for (const w of trigram.vocab.words) sum += trigram.prob(w, h);
      expect(sum).toBeCloseTo(1, 9);
    }
  });

  it('has finite held-out perplexity, lower than a unigram model', () => {
    const unigram = NgramModel.train(brownSentences(train), { order: 1 });
    const tri = trigram.perplexity(brownSentences(heldOut));
    const uni = unigram.perplexity(brownSentences(heldOut));
    expect(Number.isFinite(tri.perplexity)).toBe(true);
    expect(tri.tokens).toBeGreaterThan(10_000);
    expect(tri.tokens).toBe(uni.tokens);
    expect(tri.perplexity).toBeLessThan(uni.perplexity * 0.8);
    // Held-out text has words the model never saw, scored as <unk>, not as impossible.
    expect(tri.unknown).toBeGreaterThan(0);
  });

  it('rejects an impossible order', () => {
    expect(() => NgramModel.train([['a']], { order: 0 })).toThrow(/order/);
  });
});
