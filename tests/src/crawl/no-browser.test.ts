import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../../../src/crawl/crawl.js';
import { packageRoot } from '../../../db/version.js';
import { tempDir } from '../../helpers/temp-dirs.js';

describe('a crawl that needs a browser where none starts', () => {
  it('says in one line that the pages were skipped and to install Debian chromium, never to download one', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><script>document.body.innerText = "made by script"</script></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const db = join(tempDir(), 'a.sqlite');
    // Not spawnSync: it would block the server in this process.
    await new Promise<void>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          join(packageRoot(), 'bin', 'corpus-audit.js'),
          'crawl',
          url,
          '--allow-private',
          '--render',
          'always',
          '--db',
          db,
        ],
        { env: { ...process.env, CORPUS_AUDIT_CHROMIUM: '/nonexistent/chromium' }, stdio: 'ignore' },
      );
      child.on('exit', () => {
        resolve();
      });
    });
    server.close();
    const reader = new Database(db, { readonly: true });
    const problems = reader
      .prepare("SELECT message FROM problems WHERE code = 'crawl_render_unavailable'")
      .all() as {
      message: string;
    }[];
    reader.close();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(
      '1 page(s) need a browser and were skipped: chromium is not installed at /nonexistent/chromium (apt-get install chromium, or set CORPUS_AUDIT_CHROMIUM to a chromium binary)',
    );
    expect(browserUnavailable(2, new Error('boom\nRun "npx playwright install --with-deps"'))).not.toMatch(
      /npx/,
    );
  });
});

describe('the demo without chromium, as a user who cannot install packages', () => {
  it('`npm run demo` says in one line what to install and goes on (exit 0); it never suggests a download', () => {
    // A copy the other user can read (a checkout in a private temporary folder is not).
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const script = join(dir, 'ensure-packages.sh');
    copyFileSync(join(packageRoot(), 'scripts', 'ensure-packages.sh'), script);
    chmodSync(script, 0o644);
    const env = { ...process.env, CORPUS_AUDIT_CHROMIUM: '/nonexistent/chromium' };
    // As root the script would install chromium from Debian: run it as an ordinary user.
    const run =
      process.getuid?.() === 0
        ? spawnSync('runuser', ['-u', 'nobody', '--', 'bash', script, 'demo'], {
            env,
            encoding: 'utf8',
            cwd: dir,
          })
        : spawnSync('bash', [script, 'demo'], { env, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      'corpus-audit: chromium is not installed (sudo apt-get install chromium); the demo goes on and skips its JavaScript-only site\n',
    );
  });
});
