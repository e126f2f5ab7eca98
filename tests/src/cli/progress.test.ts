import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOG_EVERY_MS, PhaseLine, ProgressBar } from '../../../src/cli/progress.js';

function terminal(columns = 40) {
  const writes: string[] = [];
  return { writes, out: { columns, write: (text: string) => writes.push(text) } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the one-line progress display', () => {
  it('draws a line in place, cut to the terminal, at most every 100 ms, and clears it when done', async () => {
    const { writes, out } = terminal();
    const line = new PhaseLine(out);
    line.show('crawling: 3 responses, 1 pages stored, 3/s and a great deal more');
    line.show('crawling: 4 responses');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBe('\rcrawling: 3 responses, 1 pages stored, \x1b[K');
    await new Promise((r) => setTimeout(r, 120));
    line.update('align', 5, 20);
    // Elapsed whole seconds since the display began (0 unless the machine stalls for half a second).
    expect(writes[1]!.replace(/, \d+ s/, ', 0 s')).toBe('\ralign: 5 of 20 page pairs, 0 s\x1b[K');
    line.done();
    expect(writes[2]).toBe('\r\x1b[K');
    line.done();
    expect(writes).toHaveLength(3);
  });

  it('without a terminal: nothing for a short stage, then a whole line every LOG_EVERY_MS', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { writes, out } = terminal(20);
    const line = new PhaseLine(out, true);
    line.update('export', 10, 100);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(LOG_EVERY_MS);
    line.update('export', 50, 100);
    line.update('export', 51, 100);
    vi.advanceTimersByTime(LOG_EVERY_MS);
    line.update('collapse', 3, 12);
    line.done();
    expect(writes).toEqual([
      'progress: export: 50 of 100 pages, 10 s\n',
      'progress: collapse: 3 of 12 model trainings, 20 s\n',
    ]);
  });

  it("ingest's bar counts documents read before they are stored", () => {
    const { writes, out } = terminal(400);
    new ProgressBar(out).update({
      file: 'a',
      fileIndex: 0,
      files: 2,
      bytesDone: 5e6,
      bytesTotal: 1e7,
      docs: 0,
      docsRead: 120,
    });
    expect(writes[0]).toMatch(/ 50% {2}file 1 of 2 {2}5\.0 MB of 10\.0 MB {2}120 docs read, 0 stored/);
  });
});
