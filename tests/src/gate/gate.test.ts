import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { main } from '../../../src/cli/main.js';
import { parseMaxShare } from '../../../src/cli/commands/gate.js';
import { captureIo } from '../../helpers/io.js';
import { parallelCorpus } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

/** A batch as a pipeline hands it over: dolma JSONL, plus one line that is not a document. */
function batch(dir: string): string {
  const lines = parallelCorpus().map((d) => JSON.stringify({ id: d.id, text: d.text, url: d.url }));
  lines.splice(3, 0, '{"text": ');
  writeFileSync(join(dir, 'shard.jsonl'), lines.join('\n') + '\n');
  return 'shard.jsonl';
}

interface GateJson {
  pass: boolean;
  pages: number;
  rejected: number;
  checks: { what: string; pages: number; share: number; limit: number; pass: boolean }[];
  reasons: Record<string, number>;
  problems: Record<string, number>;
}

describe('corpus-audit gate', () => {
  it('passes a batch within its limits (0) and fails one over them (1), counting bad lines', async () => {
    const dir = tempDir();
    const shard = batch(dir);
    const pass = captureIo(dir);
    const code = await main(
      ['gate', shard, '--max-share', 'machine-translation=1', '--max-share', 'lm-generated=1', '--json'],
      pass,
    );
    expect(pass.err()).toBe('');
    expect(code).toBe(0);
    const ok = JSON.parse(pass.out()) as GateJson;
    expect(ok.pass).toBe(true);
    expect(ok.pages).toBe(7);
    expect(Object.values(ok.problems).reduce((a, b) => a + b, 0)).toBe(1);
    expect(ok.checks.map((c) => c.what)).toEqual(['machine-translation', 'lm-generated']);

    writeFileSync(join(dir, 'policy.yaml'), 'domains:\n  deny: [blog.example]\n');
    const fail = captureIo(dir);
    expect(
      await main(
        ['gate', shard, '--policy', 'policy.yaml', '--max-share', 'rejected=0', '--db', 'kept.sqlite'],
        fail,
      ),
    ).toBe(1);
    expect(fail.out()).toMatch(
      /^Gate FAILED: 7 pages from 1 file\(s\) in .* \(1 bad records skipped and counted\)/,
    );
    expect(fail.out()).toMatch(/rejected +\d+ pages +\d+\.\d% +limit +0\.0% +FAIL/);
    expect(fail.out()).toMatch(/domain_denied 1/);
    // --db keeps the batch database for a closer look.
    const kept = new SqliteStore(join(dir, 'kept.sqlite'));
    expect(kept.countDocs()).toBe(7);
    expect(kept.detections.verdictCounts().reduce((n, c) => n + c.docs, 0)).toBe(7);
    kept.close();
    // ... and will not judge a second batch on top of the first.
    const again = captureIo(dir);
    expect(await main(['gate', shard, '--db', 'kept.sqlite'], again)).toBe(2);
    expect(again.err()).toMatch(/already holds 7 pages/);
  });

  it('exits 2 on errors: a missing input, a bad --max-share, a bad policy', async () => {
    const dir = tempDir();
    const missing = captureIo(dir);
    expect(await main(['gate', 'nope.warc.gz'], missing)).toBe(2);
    expect(missing.err()).toMatch(/nope\.warc\.gz/);
    const share = captureIo(dir);
    expect(await main(['gate', batch(dir), '--max-share', 'mt=0.1'], share)).toBe(2);
    expect(share.err()).toMatch(/--max-share takes class=fraction/);
    writeFileSync(join(dir, 'p.json'), '{"gate": {"max_share": {"machine-translation": 5}}}');
    const policy = captureIo(dir);
    expect(await main(['gate', batch(dir), '--policy', 'p.json'], policy)).toBe(2);
    expect(policy.err()).toMatch(/gate\.max_share\.machine-translation: /);
    expect(existsSync(join(dir, 'audit.sqlite'))).toBe(false);
    expect(parseMaxShare(['rejected=0.5', 'lm-generated=0'])).toEqual({ rejected: 0.5, 'lm-generated': 0 });
  });
});

describe('corpus-audit serve', () => {
  it('refuses a non-loopback address without a token, and a short token', async () => {
    const dir = tempDir();
    const open = captureIo(dir);
    expect(await main(['serve', '--host', '0.0.0.0'], open)).toBe(2);
    expect(open.err()).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);
    const short = captureIo(dir, { CORPUS_AUDIT_TOKEN: 'abc' });
    expect(await main(['serve', '--host', '0.0.0.0'], short)).toBe(2);
    expect(short.err()).toMatch(/shorter than 16 characters/);
  });
});
