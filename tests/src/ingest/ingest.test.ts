import { copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { ingest } from '../../../src/ingest/ingest.js';
import { WARC_FIXTURES } from '../../helpers/read-all.js';
import { tempDir } from '../../helpers/temp-dirs.js';

function fixtureCopy(): string {
  const dir = tempDir();
  for (const f of [
    'dolma--sample-0000.warc.gz',
    'dolma--sample-0001.warc.gz',
    'warcio--example.arc',
    'warcio--bad.arc',
  ]) {
    copyFileSync(join(WARC_FIXTURES, f), join(dir, f));
  }
  writeFileSync(
    join(dir, 'notes.jsonl'),
    '{"id":"n1","text":"A note written in plain English for the corpus."}\n{"id":"n2"}\n',
  );
  return dir;
}

describe('ingest', () => {
  it.each([0, 1])('keeps a page whose markup is too deep and reports where (%i workers)', async (workers) => {
    const dir = tempDir();
    const page = join(dir, 'deep.html');
    writeFileSync(
      page,
      `<html><body><p>Every human being has the right to life, liberty and security of person.</p>${'<span>'.repeat(2500)}More text after the broken markup.</body></html>`,
    );
    const store = new SqliteStore(join(dir, 'audit.sqlite'));
    const summary = await ingest({ inputs: [page], store, workers });
    expect(summary.docsStored).toBe(1);
    expect(summary.problemCounts).toEqual({ markup_too_deep: 1 });
    const problems = store.listProblems(summary.runId);
    expect(problems).toMatchObject([{ code: 'markup_too_deep', path: page, offset: 0 }]);
    expect(problems[0]!.message).toMatch(
      /more than 1000 elements open at once \(first at character \d+ of its HTML, 2 time\(s\)\)/,
    );
    const [doc] = [...store.iterDocs()];
    expect(doc!.text).toContain('More text after the broken markup.');
    store.close();
  });

  it('stores documents with provenance, languages, sentences and run stats', async () => {
    const dir = fixtureCopy();
    const store = new SqliteStore(join(dir, 'audit.sqlite'));
    const summary = await ingest({ inputs: [dir], store });
    // 22 + 15 dolma pages, 1 ARC page, 1 JSONL note; the bad ARC's one record has an empty body.
    expect(summary.docsStored).toBe(39);
    expect(store.countDocs()).toBe(39);
    expect(summary.problemCounts).toEqual({ bad_arc_header: 3, missing_text: 1 });
    const read = summary.stats.find((s) => s.name === 'read')!;
    expect(read.kept).toBe(40);
    expect(summary.stats.find((s) => s.name === 'extract')!.reasons).toEqual({ empty_text: 1 });
    const run = store.getRun(summary.runId)!;
    expect(run.status).toBe('completed');
    expect(run.codeVersion).toMatch(/^corpus-audit@\d+\.\d+\.\d+/);
    expect(run.config.inputs).toHaveLength(5);
    const note = [...store.iterDocs()].find((d) => d.provenance.recordId === 'n1')!;
    expect(note.lang?.code).toBe('eng');
    expect(note.sentences).toHaveLength(1);
    store.close();
  });

  it('adds nothing when the same files are ingested again, and re-reads only what changed', async () => {
    const dir = fixtureCopy();
    const store = new SqliteStore(join(dir, 'audit.sqlite'));
    await ingest({ inputs: [dir], store });
    const before = [...store.iterDocs()].map((d) => d.id);

    const again = await ingest({ inputs: [dir], store });
    expect(again).toMatchObject({ docsStored: 0, filesUnchanged: 5 });

    const forced = await ingest({ inputs: [dir], store, force: true });
    expect(forced).toMatchObject({ docsStored: 0, docsAlreadyStored: 39, filesUnchanged: 0 });

    utimesSync(join(dir, 'warcio--example.arc'), new Date(), new Date(Date.now() + 5000));
    const touched = await ingest({ inputs: [dir], store });
    expect(touched).toMatchObject({ docsStored: 0, docsAlreadyStored: 1, filesUnchanged: 4 });

    expect([...store.iterDocs()].map((d) => d.id)).toEqual(before);
    store.close();
  });

  it('refuses an input that does not exist instead of auditing an empty corpus', async () => {
    const store = new SqliteStore(join(tempDir(), 'audit.sqlite'));
    await expect(ingest({ inputs: ['/no/such/file.warc.gz'], store })).rejects.toThrow(
      'no such file or folder',
    );
    await expect(ingest({ inputs: ['/tmp/none-*.nothing'], store })).rejects.toThrow('no files match');
    store.close();
  });
});

describe('ingest with unreadable inputs', () => {
  it('reports a file it cannot read and goes on with the others', async () => {
    const { rmSync } = await import('node:fs');
    const dir = fixtureCopy();
    const gone = join(dir, 'notes.jsonl');
    const store = new SqliteStore(join(dir, 'audit.sqlite'));
    const summary = await ingest({
      inputs: [dir],
      store,
      workers: 0,
      onProgress: (p) => {
        // Remove a file after the inputs were listed, before it is read.
        if (p.fileIndex === 1) rmSync(gone, { force: true });
      },
    });
    expect(summary.problemCounts.read_error).toBe(1);
    expect(store.listProblems(summary.runId).find((p) => p.code === 'read_error')?.path).toBe(gone);
    expect(summary.docsStored).toBe(38);
    expect(store.getRun(summary.runId)?.status).toBe('completed');
    store.close();
  });
});
