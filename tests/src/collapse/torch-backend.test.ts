import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollapseBackend } from '../../../src/collapse/backend.js';
import { loadCorpus, type CollapseCorpus } from '../../../src/collapse/corpus.js';
import { runCollapse } from '../../../src/collapse/harness.js';
import { torchBackend, TorchBackendError } from '../../../src/collapse/torch-backend.js';

/** A transformer small enough for a test on two cores; the real one is the script's default. */
const tiny = { d_model: 32, layers: 1, heads: 2, context: 32, epochs: 2, batch: 16 };
let backend: CollapseBackend;
let corpus: CollapseCorpus;
let vocabulary: Set<string>;

beforeAll(async () => {
  backend = await torchBackend({ config: tiny });
  corpus = loadCorpus({ source: 'brown', maxDocs: 10 });
  vocabulary = new Set(corpus.train.flat(2));
}, 120_000);

afterAll(async () => {
  await backend.close();
});

describe('the transformer backend (PyTorch in a child process)', () => {
  it('learns from the training data: perplexity far below a uniform guess, the same for the same seed', async () => {
    const a = await backend.train(corpus.train, vocabulary, 5);
    const b = await backend.train(corpus.train, vocabulary, 5);
    const test = corpus.test.flat();
    const [pa] = await a.perplexities([test]);
    const [pb] = await b.perplexities([test]);
    expect(Number.isFinite(pa)).toBe(true);
    expect(pa!).toBeLessThan(vocabulary.size / 4);
    expect(pb).toBe(pa);
    await a.dispose();
    await b.dispose();
  }, 120_000);

  it('samples only words of its training data, the same for the same seed', async () => {
    const small = corpus.train.slice(0, 3);
    const seen = new Set(small.flat(2));
    const model = await backend.train(small, vocabulary, 1);
    const prompts = [
      ['The', 'jury', 'said'],
      ['In', 'the'],
    ];
    const settings = { temperature: 1, topP: 0.9, greedy: false };
    const one = await model.generate(prompts, 12, settings, 42);
    const two = await model.generate(prompts, 12, settings, 42);
    expect(one).toEqual(two);
    expect(one.map((o) => o.length)).toEqual([12, 12]);
    for (const t of one.flat()) expect(t === '</s>' || seen.has(t), t).toBe(true);
    const greedy = await model.generate(prompts, 6, { ...settings, greedy: true }, 1);
    expect(await model.generate(prompts, 6, { ...settings, greedy: true }, 2)).toEqual(greedy);
    await model.dispose();
  }, 120_000);

  it('runs in the harness: generation 0 and a replace generation, with finite metrics', async () => {
    const results = await runCollapse({
      corpus,
      backend,
      generations: 1,
      seeds: [1],
      regimes: ['replace'],
      sampleBlocks: 20,
    });
    expect(results.map((r) => r.generation)).toEqual([0, 1]);
    for (const r of results) {
      expect(Number.isFinite(r.testPerplexity)).toBe(true);
      expect(r.samples.tailWords.more).toBeGreaterThan(0);
    }
  }, 240_000);

  it('says what is wrong when Python cannot run the script', async () => {
    await expect(torchBackend({ python: '/nonexistent/python3' })).rejects.toThrow(/CORPUS_AUDIT_PYTHON/);
    // Node is not Python: the script fails at once, and the error carries its last words.
    const err = await torchBackend({ python: process.execPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TorchBackendError);
    expect((err as Error).message).toMatch(/exited with code/);
  }, 60_000);
});
