import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../../crawlers/expand-inputs.js';
import { main } from '../../src/cli/main.js';
import { SqliteStore } from '../../db/sqlite-store.js';
import { captureIo } from '../helpers/io.js';
import { readAll, WARC_FIXTURES } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';

async function writeParquet(
  path: string,
  columns: Record<string, unknown[]>,
  rowGroupSize = 1000,
): Promise<void> {
  const columnData = Object.entries(columns).map(([name, data]) => {
    return { name, data, type: 'STRING' as const };
  });
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: schemaFromColumnData({ columnData }),
  });
  await writer.write({ columnData, rowGroupSize });
  await writer.finish();
}

describe('Parquet input', () => {
  it('reads back what export wrote: the same pages, texts and URLs', async () => {
    const dir = tempDir();
    const io = captureIo(dir);
    const source = join(WARC_FIXTURES, 'dolma--sample-0000.warc.gz');
    expect(await main(['ingest', source, '--db', 'a.sqlite', '--no-detect', '--workers', '0'], io)).toBe(0);
    expect(await main(['export', '--out', 'out.parquet', '--db', 'a.sqlite'], io)).toBe(0);
    expect(
      await main(
        [
          'ingest',
          'out.parquet',
          'out.rejected.parquet',
          '--db',
          'b.sqlite',
          '--no-detect',
          '--workers',
          '0',
        ],
        io,
      ),
    ).toBe(0);
    const pages = (db: string) => {
      const store = new SqliteStore(join(dir, db));
      const out = [...store.iterDocs()].map((d) => `${d.url ?? ''} ${d.text}`).sort();
      store.close();
      return out;
    };
    expect(pages('b.sqlite')).toEqual(pages('a.sqlite'));
    const { docs } = await readAll(join(dir, 'out.parquet'));
    expect(docs[0]!.provenance).toMatchObject({ sourceKind: 'parquet', line: 1 });
    expect(docs[0]!.metadata).toBeDefined();
  });

  it('reads the rows of every row group, with ids from the id column or the row number', async () => {
    const dir = tempDir();
    const path = join(dir, 'shard-00000.parquet');
    const texts = Array.from(
      { length: 25 },
      (_, i) => `Row ${i} says something long enough to be a page of text.`,
    );
    await writeParquet(path, { text: texts, url: texts.map((_, i) => `http://p.example/${i}`) }, 10);
    const { docs, problems } = await readAll(path);
    expect(problems).toEqual([]);
    expect(docs.map((d) => d.text)).toEqual(texts);
    expect(docs.map((d) => d.provenance.line)).toEqual(texts.map((_, i) => i + 1));
    expect(new Set(docs.map((d) => d.id)).size).toBe(25);
    // A folder of shards, as Hugging Face datasets lay them out, is read whole.
    expect((await expandInputs([dir])).map((f) => f.path)).toEqual([path]);
  });

  it('a file without a text column, or a cut one, is reported, not a crash', async () => {
    const dir = tempDir();
    const noText = join(dir, 'no-text.parquet');
    await writeParquet(noText, { body: ['a', 'b'] });
    expect((await readAll(noText)).problems.map((p) => p.code)).toEqual(['missing_text']);
    const cut = join(dir, 'cut.parquet');
    writeFileSync(cut, readFileSync(noText).subarray(0, 60));
    const result = await readAll(cut);
    expect(result.docs).toEqual([]);
    expect(result.problems.map((p) => p.code)).toEqual(['bad_parquet']);
  });
});
