import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { packageRoot } from '../../../db/version.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const dist = (path: string): string => pathToFileURL(join(packageRoot(), 'dist', path)).href;

describe('stopping on a signal', () => {
  it('says how to continue, marks only its own running run interrupted, and exits 143 on SIGTERM', () => {
    const db = join(tempDir(), 'audit.sqlite');
    const setup = new SqliteStore(db);
    // Another process's run, still marked running: not this process's to mark.
    setup.beginRun({ command: 'ingest', config: { pid: 999_999_999 }, codeVersion: 'test' });
    setup.close();
    const script = `
      const { SqliteStore } = await import(${JSON.stringify(dist('db/sqlite-store.js'))});
      const { exitOnInterrupt } = await import(${JSON.stringify(dist('src/cli/interrupt.js'))});
      const store = new SqliteStore(${JSON.stringify(db)});
      store.beginRun({ command: 'crawl', config: { pid: process.pid }, codeVersion: 'test' });
      exitOnInterrupt(store, process.stderr, () => 'stopped; run it again to continue');
      setInterval(() => {}, 1000);
      process.kill(process.pid, 'SIGTERM');
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(143);
    expect(child.stderr).toBe('\nstopped; run it again to continue\n');
    const store = new SqliteStore(db);
    expect(store.listRuns().map((r) => [r.command, r.status])).toEqual([
      ['ingest', 'running'],
      ['crawl', 'interrupted'],
    ]);
    store.close();
  });
});
