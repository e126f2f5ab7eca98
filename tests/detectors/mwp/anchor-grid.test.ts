import { describe, expect, it } from 'vitest';
import type { AlignSide } from '../../../detectors/mwp/align.js';
import { AnchorGrid } from '../../../detectors/mwp/anchor-grid.js';
import { rng } from '../../../db/random.js';

/** A side of `n` sentences with 0-5 sorted anchors each, drawn from a small pool (odd: numbers). */
function side(n: number, random: () => number): AlignSide {
  const anchorStart = new Uint32Array(n + 1);
  const anchors: number[] = [];
  for (let i = 0; i < n; i++) {
    const own = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * 8)).sort(
      (a, b) => a - b,
    );
    anchors.push(...own);
    anchorStart[i + 1] = anchors.length;
  }
  return {
    lens: new Uint32Array(n).fill(50),
    paraStart: new Uint8Array(n),
    anchorStart,
    anchors: Uint32Array.from(anchors),
  };
}

describe('AnchorGrid', () => {
  it('counts a sentence pair by merging as the general count does, repeated anchors included', () => {
    const random = rng(11);
    const A = side(40, random);
    const B = side(40, random);
    const grid = new AnchorGrid(A, B, { shared: 2, numberMiss: 1.5, nameMiss: 0.3 });
    let shared = 0;
    for (let a = 0; a < 40; a++) {
      for (let b = 0; b < 40; b++) {
        const want = { ...grid.counts(a, a + 1, b, b + 1) };
        expect({ ...grid.counts11(a, b) }).toEqual(want);
        shared += want.shared;
      }
    }
    // The pool is small, so many pairs share anchors (the test would pass vacuously otherwise).
    expect(shared).toBeGreaterThan(400);
  });
});
