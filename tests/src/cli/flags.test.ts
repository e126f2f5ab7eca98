import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationFlag } from '../../../src/cli/flags.js';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/io.js';
import { judgedDatabase } from '../../helpers/judged-store.js';
import { tempDir } from '../../helpers/temp-dirs.js';

describe('flag conventions', () => {
  it('durations take a unit, or the unit in the flag name', () => {
    expect(durationFlag('500', '--timeout-ms', 'ms')).toBe(500);
    expect(durationFlag('30s', '--timeout-ms', 'ms')).toBe(30_000);
    expect(durationFlag('2m', '--timeout-ms', 'ms')).toBe(120_000);
    expect(durationFlag('1.5', '--x', 's')).toBe(1500);
    expect(() => durationFlag('soon', '--timeout-ms', 'ms')).toThrow(
      /--timeout-ms takes a duration such as 500ms, 30s or 2m \(a bare number is in milliseconds\)/,
    );
    expect(() => durationFlag('0', '--timeout-ms', 'ms', 1)).toThrow(/at least 1 ms/);
  });

  it('numeric defaults print as numbers in --help; deprecated names are hidden', async () => {
    for (const command of ['ingest', 'crawl', 'serve', 'score']) {
      const io = captureIo(tempDir());
      expect(await main([command, '--help'], io)).toBe(0);
      expect(io.out()).not.toMatch(/default: "-?\d+(\.\d+)?"/);
      expect(io.out()).not.toMatch(/--max-mb|--lm-threads|--batch-size|--timeout </);
    }
    const crawl = captureIo(tempDir());
    await main(['crawl', '--help'], crawl);
    expect(crawl.out()).toMatch(
      /--max-record-mb <n>\s+abandon \(and report\) responses larger than this\s+\(default: 10\)/,
    );
  });

  it('an old name still works, with a note that names the new one', async () => {
    const dir = tempDir();
    judgedDatabase(dir);
    const io = captureIo(dir);
    expect(await main(['export', '--clean', 'c.jsonl'], io)).toBe(0);
    expect(io.err()).toBe(
      'corpus-audit: --clean is deprecated and goes in the next minor version; use --out <file>\n',
    );
    expect(existsSync(join(dir, 'c.jsonl'))).toBe(true);
    const none = captureIo(dir);
    expect(await main(['export'], none)).toBe(2);
    expect(none.err()).toMatch(/export needs --out <file>/);
  });
});
