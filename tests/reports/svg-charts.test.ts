import { describe, expect, it } from 'vitest';
import { barChart, lineChart, ticks } from '../../reports/svg-charts.js';

describe('SVG charts', () => {
  it('picks round ticks', () => {
    expect(ticks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(596, 1799)).toEqual([750, 1000, 1250, 1500, 1750]);
    expect(ticks(3, 3)).toEqual([3]);
  });

  it('draws one polyline per series through its points, with escaped names', () => {
    const svg = lineChart(
      [
        {
          name: 'a<b',
          points: [
            { x: 0, y: 1 },
            { x: 1, y: 3 },
          ],
        },
        {
          name: 'c',
          points: [
            { x: 0, y: 2, lo: 1, hi: 3 },
            { x: 1, y: 2, lo: 1, hi: 3 },
          ],
        },
      ],
      { title: 'T & U', xLabel: 'x', yLabel: 'y' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline class="series"/g)).toHaveLength(2);
    expect(svg).toContain('data-name="a&lt;b"');
    expect(svg).toContain('T &amp; U');
    expect(svg.match(/<polygon/g)).toHaveLength(1);
    // The higher point sits higher on the page (smaller y).
    const [p0, p1] = /points="([^"]+)"/.exec(svg.split('class="series"')[1]!)![1]!.split(' ');
    expect(Number(p1!.split(',')[1])).toBeLessThan(Number(p0!.split(',')[1]));
  });

  it('draws a bar per category and series', () => {
    const svg = barChart(
      ['x', 'y', 'z'],
      [
        { name: 's1', values: [1, 2, 3] },
        { name: 's2', values: [0.5, 0, 1] },
      ],
      {
        title: 'bars',
        xLabel: 'c',
        yLabel: 'v',
      },
    );
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(6);
    expect(svg).toContain('<title>s1, z: 3</title>');
  });
});
