import { afterAll, describe, expect, it } from 'vitest';
import { RowReducer } from '../../../detectors/models/row-reducer.js';
import { ZeroShotAccumulator } from '../../../detectors/models/zero-shot.js';
import { rng } from '../../../db/random.js';

/** A softmax written out in float64: the reference the ONNX reductions are held to. */
function brute(logits: readonly number[], target: number) {
  const max = Math.max(...logits);
  const z = logits.reduce((a, l) => a + Math.exp(l - max), 0);
  const logp = logits.map((l) => l - max - Math.log(z));
  const p = logp.map(Math.exp);
  const mean = p.reduce((a, pi, j) => a + pi * logp[j]!, 0);
  const second = p.reduce((a, pi, j) => a + pi * logp[j]! ** 2, 0);
  return {
    logp: logp[target]!,
    rank: 1 + logits.filter((l) => l > logits[target]!).length,
    entropy: -mean,
    variance: second - mean * mean,
    probs: p,
    logps: logp,
  };
}

const rows = [
  [2.0, -1.0, 0.5, 3.5, 0.0],
  [10, 10, -5, 0, 1],
  [-300, 200, 199, 150, -1e3],
];

const reducer = new RowReducer();
afterAll(() => reducer.dispose());

/** Within `rel` of `want`, relative to max(1, |want|). */
function near(got: number, want: number, rel: number): void {
  expect(Math.abs(got - want) / Math.max(1, Math.abs(want))).toBeLessThan(rel);
}

describe('zero-shot reductions (ONNX Runtime)', () => {
  it('match a float64 softmax on a language-model-sized row of 4,096 logits, with a performer', async () => {
    const random = rng(5);
    const V = 4096;
    const obs = Float32Array.from({ length: 3 * V }, () => (random() - 0.5) * 30);
    const perf = obs.map((v) => v * 0.8 + (random() - 0.5) * 4);
    const targets = [17, 4095, 0];
    // Rows 1 and 2 of three, as a window inside a batch is read.
    const got = await reducer.reduce(obs, perf, V, V, targets.slice(1));
    targets.slice(1).forEach((y, t) => {
      const row = [...obs.subarray((t + 1) * V, (t + 2) * V)];
      const o = brute(row, y);
      const p = brute([...perf.subarray((t + 1) * V, (t + 2) * V)], y);
      const g = got[t]!;
      near(g.logp, o.logp, 1e-5);
      expect(g.rank).toBe(o.rank);
      near(g.entropy, o.entropy, 1e-5);
      near(g.variance, o.variance, 1e-4);
      near(g.perfLogp, p.logp, 1e-5);
      near(g.crossEntropy, -o.probs.reduce((a, pi, j) => a + pi * p.logps[j]!, 0), 1e-4);
    });
  });

  it('match the softmax on rows with ties and extreme logits, one model in both roles', async () => {
    for (const row of rows) {
      const targets = row.map((_, y) => y);
      const data = Float32Array.from(targets.flatMap(() => row));
      const got = await reducer.reduce(data, undefined, 0, row.length, targets);
      for (const y of targets) {
        const want = brute(row, y);
        const g = got[y]!;
        near(g.logp, want.logp, 1e-5);
        expect(g.rank).toBe(want.rank);
        near(g.entropy, want.entropy, 1e-5);
        near(g.variance, want.variance, 1e-4);
        expect(g.perfLogp).toBe(g.logp);
        expect(g.crossEntropy).toBe(g.entropy);
      }
    }
  });

  it('refuses a target outside the vocabulary', async () => {
    await expect(reducer.reduce(new Float32Array(5), undefined, 0, 5, [5])).rejects.toThrow(/outside/);
  });
});

describe('zero-shot scores', () => {
  it('computes Fast-DetectGPT and Binoculars over positions as their papers define them', async () => {
    const vocab = 5;
    const obs = Float32Array.from(rows.flat());
    const perf = Float32Array.from(rows.flat().map((v, i) => v * 0.5 + (i % 3)));
    const targets = [3, 0, 2];
    const acc = new ZeroShotAccumulator();
    acc.add(await reducer.reduce(obs, perf, 0, vocab, targets));
    const s = acc.scores();
    let ll = 0,
      mean = 0,
      variance = 0,
      perfNll = 0,
      cross = 0,
      logrank = 0;
    targets.forEach((y, t) => {
      const o = brute(rows[t]!, y);
      const p = brute([...perf.slice(t * vocab, (t + 1) * vocab)], y);
      ll += o.logp;
      logrank += Math.log(o.rank);
      mean += -o.entropy;
      variance += o.variance;
      perfNll -= p.logp;
      cross -= o.probs.reduce((a, pi, j) => a + pi * p.logps[j]!, 0);
    });
    expect(s.tokens).toBe(3);
    expect(s.ll).toBeCloseTo(ll / 3, 4);
    expect(s.logrank).toBeCloseTo(logrank / 3, 6);
    expect(s.fastdetect).toBeCloseTo((ll - mean) / Math.sqrt(variance), 3);
    expect(s.binoculars).toBeCloseTo(perfNll / cross, 4);
  });

  it('adds windows up', async () => {
    const obs = Float32Array.from(rows.flat());
    const whole = new ZeroShotAccumulator();
    whole.add(await reducer.reduce(obs, obs, 0, 5, [3, 0, 2]));
    const parts = new ZeroShotAccumulator();
    parts.add(await reducer.reduce(obs, obs, 0, 5, [3]));
    parts.add(await reducer.reduce(obs, obs, 5, 5, [0, 2]));
    expect(parts.scores().tokens).toBe(3);
    const a = whole.scores();
    const b = parts.scores();
    for (const k of ['ll', 'logrank', 'entropy', 'fastdetect', 'binoculars'] as const)
      expect(b[k]).toBeCloseTo(a[k], 6);
  });
});
