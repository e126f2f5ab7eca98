import { describe, expect, it } from 'vitest';
import { ZeroShotAccumulator, expNonPositive, rowStats } from '../../../detectors/models/zero-shot.js';
import { rng } from '../../../src/random.js';

function brute(logits: number[], target: number) {
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

describe('zero-shot reductions', () => {
  it('take exponentials from a table within 1e-10 of Math.exp, and 0 below -40', () => {
    for (let i = 0; i <= 40_000; i++) {
      const d = -i / 1000 - (i % 7) * 1e-5;
      const want = Math.exp(d);
      if (d <= -40) expect(expNonPositive(d)).toBe(0);
      else expect(Math.abs(expNonPositive(d) - want) / want).toBeLessThan(1e-10);
    }
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-Infinity)).toBe(0);
  });

  it('match the outright softmax on a language-model-sized row of 4,096 logits', () => {
    const random = rng(5);
    const row = Array.from({ length: 4096 }, () => (random() - 0.5) * 30);
    const perfRow = row.map((v) => v * 0.8 + (random() - 0.5) * 4);
    const y = 17;
    const got = rowStats(Float32Array.from(row), 0, row.length, y, Float32Array.from(perfRow));
    const o = brute([...Float32Array.from(row)], y);
    const p = brute([...Float32Array.from(perfRow)], y);
    expect(got.logp).toBeCloseTo(o.logp, 8);
    expect(got.rank).toBe(o.rank);
    expect(got.entropy).toBeCloseTo(o.entropy, 8);
    expect(got.variance).toBeCloseTo(o.variance, 7);
    expect(got.perfLogp).toBeCloseTo(p.logp, 8);
    const cross = -o.probs.reduce((a, pi, j) => a + pi * p.logps[j]!, 0);
    expect(got.crossEntropy).toBeCloseTo(cross, 8);
  });

  it('match a softmax computed outright, without materializing one', () => {
    for (const row of rows) {
      for (let y = 0; y < row.length; y++) {
        const got = rowStats(Float32Array.from(row), 0, row.length, y);
        const want = brute(row, y);
        expect(got.logp).toBeCloseTo(want.logp, 4);
        expect(got.rank).toBe(want.rank);
        expect(got.entropy).toBeCloseTo(want.entropy, 4);
        expect(got.variance).toBeCloseTo(want.variance, 4);
      }
    }
  });

  it('computes Fast-DetectGPT and Binoculars over positions as their papers define them', () => {
    const vocab = 5;
    const obs = Float32Array.from(rows.flat());
    const perf = Float32Array.from(rows.flat().map((v, i) => v * 0.5 + (i % 3)));
    const targets = [3, 0, 2];
    const acc = new ZeroShotAccumulator();
    acc.add(obs, perf, 0, vocab, targets);
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

  it('skips positions with a negative target and adds windows up', () => {
    const obs = Float32Array.from(rows.flat());
    const whole = new ZeroShotAccumulator();
    whole.add(obs, obs, 0, 5, [3, 0, 2]);
    const parts = new ZeroShotAccumulator();
    parts.add(obs, obs, 0, 5, [3, -1, -1]);
    parts.add(obs, obs, 5, 5, [0, 2]);
    expect(parts.scores()).toEqual(whole.scores());
  });
});
