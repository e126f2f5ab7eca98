import { describe, expect, it } from 'vitest';
import {
  hashString53,
  bandKeys,
  estimateJaccard,
  minhashSignature,
  NUM_HASHES,
  shingleHashes,
} from '../../detectors/minhash.js';
import { normalizeForDedup } from '../../detectors/normalize.js';
import { rng } from '../../db/random.js';

const words = (n: number, seed: number): string[] => {
  const random = rng(seed);
  return Array.from({ length: n }, () => `w${Math.floor(random() * 5000)}`);
};

function trueJaccard(a: string, b: string): number {
  const sa = new Set(shingleHashes(a));
  const sb = new Set(shingleHashes(b));
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

describe('normalizeForDedup', () => {
  it('folds case, punctuation, compatibility forms and invisible characters', () => {
    expect(normalizeForDedup('Hello,  WORLD!\u200b Ｆｕｌｌwidth — ok')).toBe('hello world fullwidth ok');
  });
});

describe('MinHash', () => {
  it('is deterministic and gives identical texts identical signatures', () => {
    const text = words(300, 1).join(' ');
    expect(minhashSignature(text)).toEqual(minhashSignature(text));
    expect(estimateJaccard(minhashSignature(text), minhashSignature(text))).toBe(1);
    expect(minhashSignature(text)).toHaveLength(NUM_HASHES);
  });

  it('estimates Jaccard similarity within sampling error', () => {
    const base = words(400, 2);
    for (const edits of [10, 40, 120]) {
      const edited = [...base];
      const random = rng(edits);
      for (let i = 0; i < edits; i++) edited[Math.floor(random() * edited.length)] = `x${i}`;
      const a = base.join(' ');
      const b = edited.join(' ');
      const truth = trueJaccard(a, b);
      // Standard error of the estimate is sqrt(J(1-J)/112) <= 0.048; allow three of them.
      expect(Math.abs(estimateJaccard(minhashSignature(a), minhashSignature(b)) - truth)).toBeLessThan(0.15);
    }
  });

  it('puts near duplicates into a shared LSH bucket and unrelated texts into none', () => {
    const base = words(500, 3);
    const near = [...base];
    near[100] = 'changed';
    near[400] = 'changed';
    const shared = (a: string[], b: string[]): number => {
      const ka = new Set(bandKeys(minhashSignature(a.join(' '))));
      return bandKeys(minhashSignature(b.join(' '))).filter((k) => ka.has(k)).length;
    };
    expect(shared(base, near)).toBeGreaterThan(0);
    expect(shared(base, words(500, 4))).toBe(0);
  });

  it('uses characters as tokens for scripts written without spaces', () => {
    const a = '人人生而自由在尊严和权利上一律平等他们赋有理性和良心并应以兄弟关系的精神相对待';
    expect(shingleHashes(a).length).toBe(Array.from(a).length - 4);
  });
});

describe('hashString53', () => {
  it('uses all 53 bits: strings whose low 32 bits collide still get different keys', () => {
    const lowSeen = new Map<number, number>();
    let lowCollisions = 0;
    for (let i = 0; i < 300_000; i++) {
      // Varied strings: FNV-1a spreads near-identical ones (a counter) better than random.
      const key = hashString53(
        `${((i * 2654435761) >>> 0).toString(36)} ${i % 977} ${((i * 40503) >>> 0).toString(16)}`,
      );
      expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
      const low = key % 0x100000000;
      const other = lowSeen.get(low);
      if (other !== undefined) {
        lowCollisions++;
        expect(key).not.toBe(other);
      }
      lowSeen.set(low, key);
    }
    // About 300,000^2 / 2^33 = 10 pairs (16 here) share their low 32 bits; none may share all 53.
    expect(lowCollisions).toBeGreaterThan(0);
  });
});
