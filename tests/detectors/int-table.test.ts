import { describe, expect, it } from 'vitest';
import { IntTable } from '../../detectors/int-table.js';
import { rng } from '../../db/random.js';

describe('IntTable', () => {
  it('behaves like a Map of counts through growth and clearing', () => {
    const table = new IntTable(4);
    const reference = new Map<number, number>();
    const random = rng(9);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5000; i++) {
        const key = Math.floor(random() * 3000) * 7919;
        table.add(key, 1);
        reference.set(key, (reference.get(key) ?? 0) + 1);
      }
      expect(table.size).toBe(reference.size);
      for (const [k, v] of reference) expect(table.get(k)).toBe(v);
      expect(table.get(1)).toBe(-1);
      const seen: [number, number][] = [];
      table.forEach((k, v) => seen.push([k, v]));
      expect(seen).toEqual([...reference]);
      table.clear();
      reference.clear();
      expect(table.size).toBe(0);
    }
  });

  it('refuses negative keys', () => {
    expect(() => {
      new IntTable().add(-1, 1);
    }).toThrow(RangeError);
  });
});
