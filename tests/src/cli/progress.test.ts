import { describe, expect, it } from 'vitest';
import { PhaseLine } from '../../../src/cli/progress.js';

function terminal(columns = 40) {
  const writes: string[] = [];
  return { writes, out: { columns, write: (text: string) => writes.push(text) } };
}

describe('the one-line progress display', () => {
  it('draws a line in place, cut to the terminal, at most every 100 ms, and clears it when done', async () => {
    const { writes, out } = terminal();
    const line = new PhaseLine(out);
    line.show('crawling: 3 responses, 1 pages stored, 3/s and a great deal more');
    line.show('crawling: 4 responses');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBe('\rcrawling: 3 responses, 1 pages stored, \x1b[K');
    await new Promise((r) => setTimeout(r, 120));
    line.update('translations', 5, 20);
    // Elapsed whole seconds since the display began (0 unless the machine stalls for half a second).
    expect(writes[1]!.replace(/ {2}\d+ s/, '  0 s')).toBe('\rtranslations 5/20  0 s\x1b[K');
    line.done();
    expect(writes[2]).toBe('\r\x1b[K');
    line.done();
    expect(writes).toHaveLength(3);
  });
});
