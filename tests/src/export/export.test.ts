import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { exportStore, rejectedPathFor } from '../../../src/export/export-store.js';
import { main } from '../../../src/cli/main.js';
import { defaultPolicy, resolvePolicy } from '../../../policy/load-policy.js';
import { sampleDoc } from '../../helpers/docs.js';
import { judgedDatabase as database } from '../../helpers/judged-store.js';
import { captureIo } from '../../helpers/io.js';
import { tempDir } from '../../helpers/temp-dirs.js';

interface Row {
  id: string;
  text: string;
  source: string;
  added: string;
  created?: string;
  metadata: {
    url: string;
    language: string;
    provenance: Record<string, unknown>;
    scores: Record<string, number>;
    verdict: { label: string } | null;
    decision: string;
    reasons: { code: string }[];
  };
}

const jsonl = (path: string): Row[] =>
  gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);

describe('export', () => {
  it('splits the Store into clean and rejected dolma records, in id order, byte-identical on a rerun', async () => {
    const dir = tempDir();
    const store = new SqliteStore(database(dir));
    try {
      const policy = resolvePolicy({ duplicates: { exact: 'reject' } }, 'test');
      const clean = join(dir, 'out', 'clean.jsonl.gz');
      const summary = await exportStore({ store, policy, clean });
      expect(summary.rejected.path).toBe(join(dir, 'out', 'clean.rejected.jsonl.gz'));
      const kept = jsonl(clean);
      const rejected = jsonl(summary.rejected.path);
      expect(kept).toHaveLength(7);
      expect(rejected).toHaveLength(5);
      const all = [...kept, ...rejected].map((r) => r.id).sort();
      expect(all).toEqual([...store.iterDocs()].map((d) => d.id));
      expect(kept.map((r) => r.id)).toEqual([...kept.map((r) => r.id)].sort());
      const dup = rejected.find((r) => r.id === sampleDoc(2).id)!;
      expect(dup.metadata.reasons.map((r) => r.code)).toEqual(['duplicate_exact']);
      const mt = rejected.find((r) => r.id === sampleDoc(3).id)!;
      expect(mt.metadata.reasons.map((r) => r.code)).toEqual(['verdict_machine_translation']);
      expect(mt.metadata.verdict?.label).toBe('machine-translation');
      expect(mt.metadata.scores).toEqual({ 'mwp.share_8plus': 0.9 });
      expect(mt.metadata.provenance).toMatchObject({
        source_kind: 'warc',
        record_offset: 3000,
        http_status: 200,
      });
      expect(mt).toMatchObject({ source: 'warc', created: '2024-05-01T10:00:00Z', text: sampleDoc(3).text });
      expect(mt.added).toBe(store.getRun(1)!.startedAt);
      expect(kept.every((r) => r.metadata.decision === 'keep')).toBe(true);

      const first = readFileSync(clean);
      await exportStore({ store, policy, clean });
      expect(readFileSync(clean).equals(first)).toBe(true);
      expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.partial'))).toEqual([]);
      // The export is a recorded run, with the policy's digest.
      const run = store.listRuns().find((r) => r.command === 'export')!;
      expect(run.config.policy).toEqual({ source: 'test', digest: policy.digest });
      expect(run.stats[0]).toMatchObject({ total: 12, kept: 7, dropped: 5 });
    } finally {
      store.close();
    }
  });

  it('label-only keeps everything, flagged; Parquet holds the same records', async () => {
    const dir = tempDir();
    const store = new SqliteStore(database(dir));
    try {
      const clean = join(dir, 'clean.parquet');
      const summary = await exportStore({
        store,
        policy: resolvePolicy({ mode: 'label-only' }, 't'),
        clean,
        source: 'demo',
      });
      expect(summary.clean.docs).toBe(12);
      expect(summary.rejected.docs).toBe(0);
      const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(clean) })) as unknown as Row[];
      expect(rows.map((r) => r.id)).toEqual([...store.iterDocs()].map((d) => d.id));
      expect(rows.every((r) => r.source === 'demo')).toBe(true);
      const flagged = rows.filter((r) => r.metadata.reasons.length > 0);
      expect(flagged.map((r) => r.id)).toEqual([0, 3, 6, 9].map((i) => sampleDoc(i).id));
      const empty = await parquetReadObjects({ file: await asyncBufferFromFile(summary.rejected.path) });
      expect(empty).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('an interrupted export leaves no file behind', async () => {
    const dir = tempDir();
    const store = new SqliteStore(database(dir));
    try {
      const abort = new AbortController();
      abort.abort();
      const clean = join(dir, 'clean.jsonl');
      const s = await exportStore({ store, policy: defaultPolicy(), clean, signal: abort.signal });
      expect(s.interrupted).toBe(true);
      expect(readdirSync(dir).filter((f) => f.startsWith('clean'))).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('names the rejected file after the clean one', () => {
    expect(rejectedPathFor('/a/out.jsonl.gz')).toBe('/a/out.rejected.jsonl.gz');
    expect(rejectedPathFor('out.parquet')).toBe('out.rejected.parquet');
    expect(rejectedPathFor('out')).toBe('out.rejected');
  });
});

describe('corpus-audit export and policy', () => {
  it('exports with a policy file, prints reasons, and refuses a bad policy naming the key', async () => {
    const dir = tempDir();
    database(dir);
    const io = captureIo(dir);
    expect(await main(['export', '--out', 'c.jsonl.gz', '--rejected', 'r.jsonl.gz'], io)).toBe(0);
    expect(io.out()).toMatch(/clean: +8 .*c\.jsonl\.gz/);
    expect(io.out()).toMatch(/rejected: +4 .*r\.jsonl\.gz/);
    expect(io.out()).toMatch(/verdict_machine_translation +4/);
    expect(existsSync(join(dir, 'r.jsonl.gz'))).toBe(true);

    const bad = captureIo(dir);
    const policy = join(dir, 'p.yaml');
    writeFileSync(policy, 'classes:\n  machine-translation:\n    reject_at: 0.01\n');
    expect(await main(['export', '--out', 'c2.jsonl', '--policy', 'p.yaml'], bad)).toBe(2);
    expect(bad.err()).toMatch(
      /p\.yaml is not a valid policy:\n {2}classes\.machine-translation: Unrecognized key: "reject_at"/,
    );
    expect(existsSync(join(dir, 'c2.jsonl'))).toBe(false);

    const show = captureIo(dir);
    expect(await main(['policy', '--show'], show)).toBe(0);
    writeFileSync(policy, show.out());
    const check = captureIo(dir);
    expect(await main(['policy', '--check', 'p.yaml', '--json'], check)).toBe(0);
    expect((JSON.parse(check.out()) as { digest: string }).digest).toBe(defaultPolicy().digest);
  });
  it('writes each file in the format its name says, and refuses a name that says none', async () => {
    const dir = tempDir();
    database(dir);
    const io = captureIo(dir);
    expect(await main(['export', '--out', 'c.jsonl', '--rejected', 'r.parquet'], io)).toBe(0);
    expect(readFileSync(join(dir, 'c.jsonl'), 'utf8').trim().split('\n')).toHaveLength(8);
    const rejected = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, 'r.parquet')) });
    expect(rejected).toHaveLength(4);

    for (const args of [
      ['--out', 'out.csv'],
      ['--out', 'c3.jsonl', '--rejected', 'r3.csv'],
    ]) {
      const bad = captureIo(dir);
      expect(await main(['export', ...args], bad)).toBe(2);
      expect(bad.err()).toMatch(/cannot tell the format of .*\.csv from its name: end it in \.jsonl/);
    }
    expect(readdirSync(dir).filter((f) => /^(out|c3|r3)/.test(f))).toEqual([]);
    // Said outright, the format goes for any name.
    expect(await main(['export', '--out', 'out.csv', '--format', 'jsonl'], captureIo(dir))).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n')).toHaveLength(8);
  });
});
