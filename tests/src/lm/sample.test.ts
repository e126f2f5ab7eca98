import { describe, expect, it } from 'vitest';
import { NgramModel } from '../../../src/lm/ngram.js';
import { generate, nextTokenId } from '../../../src/lm/sample.js';
import { rng } from '../../../db/random.js';
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

describe('tempered and nucleus sampling against brute force', () => {
  const model = NgramModel.train(
    brownSentences(
      brownCatalogue()
        .slice(0, 60)
        .map((c) => c.id),
    ),
  );

  /** The exact target distribution, by scoring every word. */
  function exact(h: string[], temperature: number, topP: number): Map<string, number> {
    const scored = model.vocab.words
      .filter((w) => w !== '<s>' && w !== '<unk>')
      .map((w) => [w, model.prob(w, h) ** (1 / temperature)] as const)
      .sort((a, b) => b[1] - a[1]);
    const total = scored.reduce((s, [, q]) => s + q, 0);
    const out = new Map<string, number>();
    let mass = 0;
    for (const [w, q] of scored) {
      out.set(w, q);
      mass += q;
      if (mass >= topP * total) break;
    }
    for (const [w, q] of out) out.set(w, q / mass);
    return out;
  }

  for (const [h, temperature, topP] of [
    [['of', 'the'], 0.7, 0.8],
    [['The'], 1.3, 1],
    [[], 0.9, 0.95],
    [['zzz', 'qqq'], 0.8, 0.5],
  ] as const) {
    it(`matches after [${h.join(' ')}] at T=${temperature}, top-p=${topP}`, () => {
      const target = exact([...h], temperature, topP);
      const counts = histogram(model, [...h], { temperature, topP }, 30_000);
      for (const w of counts.keys()) expect(target.has(w), `${w} outside the nucleus`).toBe(true);
      const top = [...target].slice(0, 8);
      for (const [w, p] of top) expect((counts.get(w) ?? 0) / 30_000, w).toBeCloseTo(p, 1);
    });
  }
});
