import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/io.js';
import { packageRoot } from '../../../db/version.js';
import type { PageLabel } from '../../../src/world/types.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const io = captureIo;

/** The labels `demo labels FILE` wrote. */
const readLabels = (path: string): PageLabel[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PageLabel);

describe('corpus-audit demo warc | labels | serve', () => {
  it('writes labels to a file or stdout, and the WARC with the same URLs', async () => {
    const dir = tempDir();
    const a = io(dir);
    expect(await main(['demo', 'labels', 'labels.jsonl', '--pages', '60', '--seed', '5'], a)).toBe(0);
    expect(a.out()).toMatch(/labels\.jsonl: \d+ pages/);
    const lines = readFileSync(join(dir, 'labels.jsonl'), 'utf8').trim().split('\n');
    const labels = lines.map((l) => JSON.parse(l) as PageLabel);
    expect(labels[0]).toMatchObject({ url: 'http://127.0.0.1:8100/', site: 'news', pageType: 'index' });
    // --pages reached the subcommand: about 60 article pages, not the default 600.
    const articles = labels.filter((l) => l.pageType === 'article').length;
    expect(articles).toBeGreaterThanOrEqual(60);
    expect(articles).toBeLessThan(120);
    const b = io(dir);
    expect(await main(['demo', 'labels', '-', '--pages', '60', '--seed', '5'], b)).toBe(0);
    expect(b.out().trim().split('\n')).toEqual(lines);
    const c = io(dir);
    expect(await main(['demo', 'warc', 'w.warc.gz', '--pages', '60', '--seed', '5'], c)).toBe(0);
    expect(c.out()).toMatch(/w\.warc\.gz: [\d,]+ URLs, [\d,]+ records/);
  });

  it('writes the cross-source world with --profile cross, the training corpus with --profile train, and refuses an unknown profile', async () => {
    const dir = tempDir();
    const a = io(dir);
    expect(await main(['demo', 'labels', 'cross.jsonl', '--profile', 'cross'], a)).toBe(0);
    const labels = readLabels(join(dir, 'cross.jsonl'));
    expect(labels[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:8300\//);
    const kinds = new Set(labels.filter((l) => l.pageType === 'article').map((l) => l.kind));
    expect(kinds).toContain('bul>mkd');
    expect(kinds).toContain('spintax');
    const t = io(dir);
    expect(await main(['demo', 'labels', 'train.jsonl', '--profile', 'train'], t)).toBe(0);
    const train = readLabels(join(dir, 'train.jsonl'));
    expect(train[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:8500\//);
    expect(new Set(train.map((l) => l.split))).toEqual(new Set([null, 'train', 'calibrate']));
    const b = io(dir);
    expect(await main(['demo', 'warc', 'x.warc.gz', '--profile', 'crosss'], b)).toBe(2);
    expect(b.err()).toContain('--profile must be demo, cross or train');
  });

  it('rejects bad numbers with a clear message', async () => {
    const a = io(tempDir());
    expect(await main(['demo', 'labels', '-', '--pages', '10'], a)).toBe(2);
    expect(a.err()).toContain('--pages must be an integer from 50');
    const b = io(tempDir());
    expect(await main(['demo', 'warc', 'x.warc.gz', '--seed', 'abc'], b)).toBe(2);
    expect(b.err()).toContain('--seed must be an integer');
  });

  it('says which port is taken, without a stack trace, for demo serve and serve', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as AddressInfo).port);
    try {
      const a = io(tempDir());
      expect(await main(['demo', 'serve', '--pages', '50', '--port', port], a)).toBe(2);
      expect(a.err()).toContain(`port ${port} (site news) is in use; choose another --port`);
      expect(a.err()).not.toMatch(/\n\s+at /);
      const b = io(tempDir());
      expect(await main(['serve', '--port', port], b)).toBe(2);
      expect(b.err()).toContain(`127.0.0.1:${port} is in use by another program; choose another --port`);
      expect(b.err()).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise<void>((resolve) =>
        blocker.close(() => {
          resolve();
        }),
      );
    }
  });

  it('serves the world until interrupted', async () => {
    // A random block of ports below the ephemeral range; another one if it is in use.
    const serve = async () => {
      for (let attempt = 1; ; attempt++) {
        const port = 10_000 + Math.floor(Math.random() * 22_000);
        const child = spawn(
          process.execPath,
          [
            join(packageRoot(), 'bin', 'corpus-audit.js'),
            'demo',
            'serve',
            '--pages',
            '50',
            '--port',
            String(port),
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        const exited = new Promise<number | null>((resolve) =>
          child.on('exit', (code) => {
            resolve(code);
          }),
        );
        while (!out.includes('Ctrl-C') && child.exitCode === null) {
          await new Promise((r) => setTimeout(r, 50));
        }
        if (out.includes('Ctrl-C')) return { port, child, exited, out };
        if (!out.includes('in use') || attempt >= 5) throw new Error(`serve exited: ${out}`);
      }
    };
    const { port, child, exited, out } = await serve();
    expect(out).toContain(`http://127.0.0.1:${port}`);
    const res = await fetch(`http://127.0.0.1:${port + 2}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Human Rights Library');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
