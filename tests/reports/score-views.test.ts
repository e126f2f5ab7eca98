import { describe, expect, it } from 'vitest';
import { csvLine } from '../../reports/audit-csv.js';
import { evaluateScores, histogram, rocCurve, spanEdges } from '../../reports/score-views.js';
import { parseCsv } from '../helpers/csv.js';

describe('score views', () => {
  it('bins values, the last bin holding its upper edge', () => {
    expect(histogram([0, 0.1, 0.5, 0.99, 1, 1.5, -1], [0, 0.5, 1])).toEqual([3, 4]);
    expect(spanEdges([1.23, 2.71])).toHaveLength(21);
    expect(spanEdges([1.23, 2.71])[0]).toBe(1.2);
    expect(spanEdges([1.23, 2.71]).at(-1)).toBe(2.8);
    expect(spanEdges([3, 3])).toEqual(expect.arrayContaining([2.5, 3.5]));
  });

  it('draws the ROC from (0,0) to (1,1) with one point per distinct threshold', () => {
    expect(rocCurve([3, 4], [1, 2])).toEqual([
      [0, 0],
      [0, 0.5],
      [0, 1],
      [0.5, 1],
      [1, 1],
    ]);
    // Ties between classes move both rates at once.
    expect(rocCurve([1], [1])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    const many = rocCurve(
      Array.from({ length: 500 }, (_, i) => i),
      Array.from({ length: 500 }, (_, i) => i + 0.5),
      40,
    );
    expect(many).toHaveLength(40);
    expect(many[0]).toEqual([0, 0]);
    expect(many.at(-1)).toEqual([1, 1]);
  });

  it('evaluates a score where lower means machine by flipping it', () => {
    const perfect = evaluateScores([0.1, 0.2], [0.8, 0.9], true);
    expect(perfect.auroc).toBe(1);
    expect(perfect.tprAt5).toBe(1);
    expect(evaluateScores([0.1, 0.2], [0.8, 0.9]).auroc).toBe(0);
    expect(evaluateScores([], [1]).auroc).toBeNull();
  });

  it('writes CSV that quotes commas, quotes and line breaks', () => {
    const line = csvLine(['a,b', 'say "hi"', 'two\nlines', 3, null, undefined, NaN]);
    expect(parseCsv(line)).toEqual([['a,b', 'say "hi"', 'two\nlines', '3', '', '', '']]);
  });
});
