import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../db/version.js';

describe('corpus-audit serve, as a process', () => {
  it('serves with a token, then stops on SIGTERM with exit code 0', async () => {
    const token = 'process-test-token-0123456789';
    const child = spawn(
      process.execPath,
      [join(packageRoot(), 'bin', 'corpus-audit.js'), 'serve', '--port', '0'],
      { env: { ...process.env, CORPUS_AUDIT_TOKEN: token }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        const m = /serving on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => {
        reject(new Error(`serve exited early: ${err}`));
      });
    });
    expect(err).toMatch(/token required/);
    const res = await fetch(`${address}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: 'A short page.' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { verdict: { label: string } }).verdict.label).toBe('insufficient');
    expect((await fetch(`${address}/metrics`)).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toMatch(/SIGTERM: finishing requests in flight, then stopping/);
  });
});
