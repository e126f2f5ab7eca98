import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { judgedDatabase } from '../helpers/judged-store.js';
import { tempDir } from '../helpers/temp-dirs.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const PYTHON = '/usr/bin/python3';

describe('the Python examples (Debian python3, standard library only)', () => {
  it('read_export.py counts pages per language and decision, and the reasons', async () => {
    const dir = tempDir();
    judgedDatabase(dir);
    expect(await main(['export', '--out', 'clean.jsonl.gz'], captureIo(dir))).toBe(0);
    const { stdout } = await run(PYTHON, [
      join(ROOT, 'examples/python/read_export.py'),
      join(dir, 'clean.jsonl.gz'),
      join(dir, 'clean.rejected.jsonl.gz'),
    ]);
    // judgedDatabase: 12 pages, even ones German, the 4 with n % 3 === 0 machine-translated.
    expect(stdout).toBe(
      'deu\tkeep\t4\ndeu\treject\t2\neng\tkeep\t4\neng\treject\t2\nreason\tverdict_machine_translation\t4\n',
    );
  });

  it('score_step.py filters JSONL through a running `corpus-audit serve`', async () => {
    const dir = tempDir();
    const server = spawn(process.execPath, [join(ROOT, 'bin/corpus-audit.js'), 'serve', '--port', '0'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let err = '';
        server.stderr.on('data', (chunk: Buffer) => {
          err += chunk.toString();
          const m = /serving on (http:\/\/\S+)/.exec(err);
          if (m?.[1]) ok(m[1]);
        });
        server.on('exit', (code) => {
          fail(new Error(`serve exited ${code}: ${err}`));
        });
      });
      const text =
        'The committee met on Tuesday to discuss the budget for next year. Members asked for more detail on the maintenance costs of the old library building, and the treasurer promised a full report before the next meeting.';
      const input = join(dir, 'in.jsonl');
      writeFileSync(
        input,
        [{ id: 'a', text }, { id: 'b', text: 'Too short.' }, { url: 'x' }]
          .map((d) => JSON.stringify(d))
          .join('\n') + '\n',
      );
      const child = run('/bin/sh', [
        '-c',
        `${PYTHON} ${join(ROOT, 'examples/python/score_step.py')} --url ${url} --rejected ${join(dir, 'rej.jsonl')} < ${input}`,
      ]);
      const { stdout, stderr } = await child;
      const kept = stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id);
      expect(stderr).toMatch(/line 3 has no text; skipped\nscore_step: kept \d, rejected \d\n$/);
      const [, k, r] = /kept (\d), rejected (\d)/.exec(stderr) ?? [];
      expect(Number(k) + Number(r)).toBe(2);
      expect(kept.length).toBe(Number(k));
    } finally {
      server.kill('SIGTERM');
    }
  });
});
