import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/io.js';
import type { RunningWorld } from '../../../src/world/server.js';
import type { World } from '../../../src/world/world.js';
import { startWorld } from '../../helpers/world.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const io = captureIo;

let world: World;
let running: RunningWorld;
beforeAll(async () => {
  ({ world, running } = await startWorld({ seed: 9, pages: 50 }));
});
afterAll(() => running.close());

describe('corpus-audit crawl', () => {
  it('explains itself and rejects seeds that are not http(s) URLs', async () => {
    const a = io(tempDir());
    expect(await main(['crawl', '--help'], a)).toBe(0);
    expect(a.out()).toContain('--allow-private');
    expect(a.out()).toContain('robots.txt is honoured');
    const b = io(tempDir());
    expect(await main(['crawl', 'ftp://example.org/'], b)).toBe(2);
    expect(b.err()).toContain("seed 'ftp://example.org/' is not an http(s) URL");
    const c = io(tempDir());
    expect(await main(['crawl', 'http://127.0.0.1:1/', '--max-pages', 'lots'], c)).toBe(2);
    expect(c.err()).toContain('--max-pages must be a number');
  });

  it('crawls a site into the database and prints a JSON summary', async () => {
    const dir = tempDir();
    const farm = world.sites.find((s) => s.id === 'farm-c')!;
    const a = io(dir);
    const code = await main(
      [
        'crawl',
        `${farm.origin}/`,
        '--allow-private',
        '--db',
        join(dir, 'a.sqlite'),
        '--json',
        '--warc',
        'c.warc.gz',
      ],
      a,
    );
    expect(a.err()).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(a.out()) as { docsStored: number; fetched: number };
    const pages = [...farm.pages()].length;
    expect(summary.docsStored).toBe(pages);
    const b = io(dir);
    expect(await main(['stats', '--db', join(dir, 'a.sqlite'), '--json'], b)).toBe(0);
    expect(b.out()).toContain('"spa"');
  });
});
