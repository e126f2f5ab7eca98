import { describe, expect, it } from 'vitest';
import { saturationTable, TUPLE_BINS } from '../../reports/mt-saturation.js';

describe('saturationTable', () => {
  it("computes shares, mean tuple size and Thompson's bins per language", () => {
    const rows = saturationTable([
      { lang: 'spa', size: 1, sentences: 10, chars: 1000 },
      { lang: 'spa', size: 2, sentences: 10, chars: 900 },
      { lang: 'spa', size: 5, sentences: 5, chars: 300 },
      { lang: 'spa', size: 6, sentences: 5, chars: 200 },
      { lang: 'spa', size: 24, sentences: 10, chars: 500 },
      { lang: 'eng', size: 1, sentences: 100, chars: 9000 },
    ]);
    expect(rows.map((r) => r.lang)).toEqual(['eng', 'spa']);
    const spa = rows[1]!;
    expect(spa.sentences).toBe(40);
    expect(spa.share2plus).toBeCloseTo(30 / 40);
    expect(spa.share3plus).toBeCloseTo(20 / 40);
    expect(spa.share8plus).toBeCloseTo(10 / 40);
    expect(spa.meanTupleSize).toBeCloseTo((2 * 10 + 5 * 5 + 6 * 5 + 24 * 10) / 30);
    expect(spa.single).toEqual({ bin: '1', sentences: 10, meanLength: 100 });
    expect(spa.bins.map((b) => b.bin)).toEqual(TUPLE_BINS.map((b) => b.label));
    expect(spa.bins.find((b) => b.bin === '5-6')).toEqual({ bin: '5-6', sentences: 10, meanLength: 50 });
    expect(spa.bins.find((b) => b.bin === '20+')).toEqual({ bin: '20+', sentences: 10, meanLength: 50 });
    expect(spa.bins.find((b) => b.bin === '3')).toEqual({ bin: '3', sentences: 0, meanLength: null });
    expect(rows[0]!.meanTupleSize).toBeNull();
    expect(rows[0]!.share2plus).toBe(0);
  });
});
