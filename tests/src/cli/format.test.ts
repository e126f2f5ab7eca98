import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, table } from '../../../src/cli/format.js';

describe('CLI formatting', () => {
  it('aligns numbers right and text left', () => {
    expect(
      table(
        ['host', 'docs', 'text', 'languages'],
        [
          ['a.example', '1,234', '1.5 KB', 'eng 3, fra 1'],
          ['bb.example', '7', '12 B', 'deu 7'],
        ],
      ),
    ).toBe(
      [
        'host         docs    text  languages',
        '----------  -----  ------  ------------',
        'a.example   1,234  1.5 KB  eng 3, fra 1',
        'bb.example      7    12 B  deu 7',
      ].join('\n'),
    );
  });

  it('formats sizes and durations', () => {
    expect([formatBytes(999), formatBytes(1536), formatBytes(2_500_000_000)]).toEqual([
      '999 B',
      '1.5 KB',
      '2.5 GB',
    ]);
    expect([formatDuration(12.4), formatDuration(4200), formatDuration(125_000)]).toEqual([
      '12 ms',
      '4.2 s',
      '2 min 5 s',
    ]);
  });
});
