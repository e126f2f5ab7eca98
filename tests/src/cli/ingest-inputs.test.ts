import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { fileWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { main } from '../../../src/cli/main.js';
import { startFileServer, type FileServer } from '../../helpers/file-server.js';
import { captureIo } from '../../helpers/io.js';
import { WARC_FIXTURES } from '../../helpers/read-all.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const warc0 = readFileSync(join(WARC_FIXTURES, 'dolma--sample-0000.warc.gz'));
const warc1 = readFileSync(join(WARC_FIXTURES, 'dolma--sample-0001.warc.gz'));

async function parquetBytes(columns: Record<string, string[]>): Promise<Buffer> {
  const path = join(tempDir(), 'p.parquet');
  const columnData = Object.entries(columns).map(([name, data]) => ({ name, data, type: 'STRING' as const }));
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: schemaFromColumnData({ columnData }),
  });
  await writer.write({ columnData });
  await writer.finish();
  return readFileSync(path);
}

function stored(dbPath: string): { paths: string[]; count: number } {
  const store = new SqliteStore(dbPath);
  const docs = [...store.iterDocs()];
  store.close();
  return { paths: [...new Set(docs.map((d) => d.provenance.path ?? ''))].sort(), count: docs.length };
}

const ingestArgs = ['--no-detect', '--workers', '0', '--json'];

let server: FileServer;
beforeAll(async () => {
  const texts = ['A first row with enough words to be a page.', 'A second row, also long enough to count.'];
  server = await startFileServer({
    '/cc/crawl-data/seg/a.warc.gz': { body: warc0 },
    '/cc/crawl-data/seg/b.warc.gz': { body: warc1, cutAfter: 3000 },
    '/cc/warc.paths.gz': {
      body: gzipSync('crawl-data/seg/a.warc.gz\ncrawl-data/seg/b.warc.gz\n'),
    },
    '/bucket/shards/train-0.parquet': { body: await parquetBytes({ content: texts, doc_id: ['r1', 'r2'] }) },
  });
});
afterAll(() => server.close());

describe('ingest: inputs beyond local files', () => {
  it('an http URL is downloaded, read with its URL as provenance, and skipped when unchanged', async () => {
    const dir = tempDir();
    const spool = tempDir();
    const url = `${server.url}/cc/crawl-data/seg/a.warc.gz`;
    const args = ['ingest', url, '--db', 'a.sqlite', '--spool-dir', spool, ...ingestArgs];
    const io = captureIo(dir);
    expect(await main(args, io)).toBe(0);
    const summary = JSON.parse(io.out()) as { docsStored: number; bytes: number };
    expect(summary.docsStored).toBeGreaterThan(0);
    expect(summary.bytes).toBe(warc0.byteLength);
    expect(stored(join(dir, 'a.sqlite'))).toEqual({ paths: [url], count: summary.docsStored });
    expect(readdirSync(spool)).toEqual([]);
    const again = captureIo(dir);
    expect(await main(args, again)).toBe(0);
    expect(JSON.parse(again.out())).toMatchObject({ filesUnchanged: 1, docsStored: 0 });
  });

  it('a paths list is expanded against --base-url, sharded and limited; a cut download resumes', async () => {
    const dir = tempDir();
    const list = join(dir, 'warc.paths.gz');
    writeFileSync(list, gzipSync('crawl-data/seg/a.warc.gz\ncrawl-data/seg/b.warc.gz\n'));
    const base = ['--base-url', `${server.url}/cc/`, ...ingestArgs];
    const one = captureIo(dir);
    expect(await main(['ingest', list, '--db', 'one.sqlite', '--shard', '1/2', ...base], one)).toBe(0);
    const summary = JSON.parse(one.out()) as { problemCounts: Record<string, number> };
    const b = `${server.url}/cc/crawl-data/seg/b.warc.gz`;
    expect(stored(join(dir, 'one.sqlite')).paths).toEqual([b]);
    expect(summary.problemCounts).toMatchObject({ fetch_retried: 1 });
    // The same list fetched from the server, first archive only.
    const remote = captureIo(dir);
    expect(
      await main(
        ['ingest', `${server.url}/cc/warc.paths.gz`, '--db', 'r.sqlite', '--limit', '1', ...base],
        remote,
      ),
    ).toBe(0);
    expect(stored(join(dir, 'r.sqlite')).paths).toEqual([`${server.url}/cc/crawl-data/seg/a.warc.gz`]);
  });

  it('a paths list under another name is told by content, not stored as a document', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'list.txt'), 'crawl-data/seg/a.warc.gz\n');
    const io = captureIo(dir);
    expect(
      await main(
        ['ingest', 'list.txt', '--db', 'a.sqlite', '--base-url', `${server.url}/cc`, ...ingestArgs],
        io,
      ),
    ).toBe(0);
    expect(stored(join(dir, 'a.sqlite')).paths).toEqual([`${server.url}/cc/crawl-data/seg/a.warc.gz`]);
  });

  it('s3:// through --s3-endpoint, with the Parquet fields named', async () => {
    const dir = tempDir();
    const io = captureIo(dir);
    const args = [
      'ingest',
      's3://bucket/shards/train-0.parquet',
      '--s3-endpoint',
      server.url,
      '--db',
      'a.sqlite',
    ];
    expect(await main([...args, '--text-field', 'content', '--id-field', 'doc_id', ...ingestArgs], io)).toBe(
      0,
    );
    const store = new SqliteStore(join(dir, 'a.sqlite'));
    const docs = [...store.iterDocs()];
    store.close();
    expect(docs.map((d) => [d.provenance.recordId, d.provenance.path])).toEqual([
      ['r1', `${server.url}/bucket/shards/train-0.parquet`],
      ['r2', `${server.url}/bucket/shards/train-0.parquet`],
    ]);
    // Without the field names: the columns are listed and the run fails (exit 1).
    const plain = captureIo(dir);
    expect(await main([...args.slice(0, -1), 'b.sqlite', '--no-detect', '--workers', '0'], plain)).toBe(1);
    expect(plain.err()).toContain('no "text" column (it has: content, doc_id)');
  });

  it('- reads standard input; a URL that cannot be fetched is exit 1 with the reason', async () => {
    const dir = tempDir();
    const io = { ...captureIo(dir), stdin: Readable.from([warc0.subarray(0, 100), warc0.subarray(100)]) };
    expect(await main(['ingest', '-', '--db', 'a.sqlite', ...ingestArgs], io)).toBe(0);
    const s = stored(join(dir, 'a.sqlite'));
    expect(s.paths).toEqual(['-']);
    expect(s.count).toBeGreaterThan(0);
    const missing = captureIo(dir);
    expect(
      await main(['ingest', `${server.url}/nothing.warc.gz`, '--db', 'a.sqlite', ...ingestArgs], missing),
    ).toBe(1);
    expect(missing.err()).toMatch(/1 URL input\(s\) could not be downloaded/);
    expect(missing.out()).toMatch(/"fetch_failed": 1/);
  });
});
