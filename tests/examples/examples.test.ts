import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WARC_FIXTURES } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLES = join(ROOT, 'examples');

/** Runs a built example (tests' global set-up builds dist) as a user would, from a fresh folder. */
async function example(name: string, args: string[] = []): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'dist/examples', `${name}.js`), ...args], {
    cwd: tempDir(),
    timeout: 120_000,
  });
  return stdout;
}

describe('the documented library examples (docs/library.md)', () => {
  it('audit-a-warc: ingest, score, pages, export and report through the public API', async () => {
    const out = tempDir();
    const stdout = await example('audit-a-warc', [join(WARC_FIXTURES, 'dolma--sample-0000.warc.gz'), out]);
    expect(stdout).toMatch(/^stored 22 documents, 0 problems\nverdicts: 22\nrejected: \d+ of 22\n/);
    expect(stdout).toMatch(/clean \d+, rejected \d+\nreport: \d+ files\n$/);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['audit.sqlite', 'clean.jsonl.gz', 'report']));
  });

  it('gate-a-shard: one line per check and the exit code', async () => {
    const stdout = await example('gate-a-shard', [join(WARC_FIXTURES, 'dolma--sample-0001.warc.gz')]);
    expect(stdout).toMatch(/^(pass|FAIL) machine-translation: \d+ pages, [\d.]+% \(limit 1%\)\n/);
  });

  it('crawl-a-site: a loopback site crawled, WARC written', async () => {
    const server = createServer((req, res) => {
      const page = (body: string): void => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
      };
      if (req.url === '/')
        page(
          '<html lang="en"><body><p>The harbour was quiet that morning, and the boats stayed in.</p><a href="/b">next</a></body></html>',
        );
      else if (req.url === '/b')
        page(
          '<html lang="de"><body><p>Der Hafen war an diesem Morgen ruhig, und die Boote blieben drinnen.</p></body></html>',
        );
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const warc = join(tempDir(), 'site.warc.gz');
      const stdout = await example('crawl-a-site', [`http://127.0.0.1:${port}/`, warc, '--private']);
      expect(stdout).toContain('stored 2');
      expect(stdout).toContain(`deu http://127.0.0.1:${port}/b`);
    } finally {
      server.close();
    }
  });

  it('score-service and collapse run', async () => {
    expect(await example('score-service')).toMatch(
      /^a: (human|machine-translation|lm-generated|insufficient), (keep|reject)\n$/,
    );
    expect(await example('collapse')).toMatch(/replace generation 2: test perplexity [\d.]+\n/);
  });

  it('type-check in a consumer project with default strict settings (skipLibCheck off)', async () => {
    const project = tempDir();
    mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
    symlinkSync(ROOT, join(project, 'node_modules/corpus-audit'));
    symlinkSync(join(ROOT, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'));
    for (const f of readdirSync(EXAMPLES).filter((n) => n.endsWith('.ts'))) {
      copyFileSync(join(EXAMPLES, f), join(project, f));
    }
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          target: 'es2022',
          noEmit: true,
          skipLibCheck: false,
        },
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', project], { cwd: project }).catch(
      (err: unknown) => ({ stdout: (err as { stdout: string }).stdout }),
    );
    expect(result.stdout).toBe('');
  });
});
