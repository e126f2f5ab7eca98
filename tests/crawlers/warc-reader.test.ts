import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../db/types.js';
import { collectingContext } from '../../crawlers/reader-context.js';
import { readWarc, readWarcStream } from '../../crawlers/warc-reader.js';
import { WARC_FIXTURES } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { uuid, warcResponse } from '../helpers/warc-bytes.js';

async function collect(
  read: (ctx: ReturnType<typeof collectingContext>) => AsyncIterable<Doc>,
  limit?: number,
) {
  const ctx = collectingContext(limit);
  const docs: Doc[] = [];
  for await (const doc of read(ctx)) docs.push(doc);
  // Where the two readers agree, they agree on what and where; their messages are their own.
  const problems = ctx.problems.map(({ code, offset, path }) => ({ code, offset, path }));
  return { docs, problems, skipped: ctx.skipped };
}

/** readWarc (gzip members through Node's zlib where it can) and warcio.js reading the whole stream. */
async function bothWays(path: string, limit?: number) {
  const size = statSync(path).size;
  return {
    fast: await collect((ctx) => readWarc(path, size, ctx), limit),
    stream: await collect((ctx) => readWarcStream(path, size, 0, ctx), limit),
  };
}

const page = (n: number): Buffer =>
  Buffer.from(`<html><body><p>Page number ${n}, with a few words to read.</p></body></html>`);
const records = Array.from({ length: 6 }, (_, i) =>
  warcResponse(`http://a.example/${i}`, page(i), { id: uuid(i), gzip: false }),
);

describe('readWarc reads gzip members itself and agrees with warcio.js reading the stream', () => {
  it('on every WARC and WET fixture from the peer test suites', async () => {
    const files = readdirSync(WARC_FIXTURES).filter((f) => /\.warc(\.gz)?(\.bad)?$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const { fast, stream } = await bothWays(join(WARC_FIXTURES, file));
      expect(fast, file).toEqual(stream);
    }
  });

  it('on files that leave the member-by-member path midway', async () => {
    const dir = tempDir();
    const gz = records.map((r) => gzipSync(r));
    const huge = warcResponse('http://a.example/huge', Buffer.from(`<p>${'y'.repeat(40_000)}</p>`), {
      id: uuid(99),
    });
    const cases: Record<string, Buffer> = {
      'per-record members': Buffer.concat(gz),
      'two records in one member, midway': Buffer.concat([
        ...gz.slice(0, 2),
        gzipSync(Buffer.concat(records.slice(2, 4))),
        ...gz.slice(4),
      ]),
      'a cut last member': Buffer.concat(gz).subarray(0, -5),
      'a member over the record limit, midway': Buffer.concat([...gz.slice(0, 3), huge, ...gz.slice(3)]),
      'a record longer than its Content-Length': Buffer.concat([
        gz[0]!,
        gzipSync(Buffer.concat([records[1]!.subarray(0, -4), Buffer.from('extra\r\n\r\n')])),
        ...gz.slice(2),
      ]),
      'plain, not gzip': Buffer.concat(records),
    };
    for (const [what, bytes] of Object.entries(cases)) {
      const path = join(dir, `${what.replace(/\W+/g, '-')}.warc.gz`);
      writeFileSync(path, bytes);
      const { fast, stream } = await bothWays(path, 20_000);
      expect(fast, what).toEqual(stream);
      expect(fast.docs.length, what).toBeGreaterThan(0);
    }
  });

  it('where a gzip member ends before its record, reads on from the next record, which warcio.js swallows', async () => {
    const dir = tempDir();
    const gz = records.map((r) => gzipSync(r));
    const path = join(dir, 'short-member.warc.gz');
    writeFileSync(
      path,
      Buffer.concat([...gz.slice(0, 2), gzipSync(records[2]!.subarray(0, -40)), ...gz.slice(3)]),
    );
    const { fast, stream } = await bothWays(path);
    expect(fast.docs.map((d) => d.url)).toEqual([0, 1, 3, 4, 5].map((i) => `http://a.example/${i}`));
    expect(fast.problems).toEqual([
      { code: 'content_length_mismatch', offset: gz[0]!.length + gz[1]!.length, path },
    ]);
    // warcio.js reads record 2 on into record 3's member and loses record 3.
    expect(stream.docs.map((d) => d.url)).not.toContain('http://a.example/3');
  });

  it('reports bytes after the last member, which warcio.js reading the stream counts into the last record', async () => {
    const dir = tempDir();
    const path = join(dir, 'trailing.warc.gz');
    const gz = records.map((r) => gzipSync(r));
    const members = Buffer.concat(gz);
    writeFileSync(path, Buffer.concat([members, Buffer.from('not a record\r\n')]));
    const { fast, stream } = await bothWays(path);
    expect(fast.problems.map((p) => [p.code, p.offset])).toEqual([['not_a_warc_record', members.length]]);
    expect(stream.problems).toEqual([]);
    expect(fast.docs.map((d) => d.provenance.recordLength)).toEqual(gz.map((g) => g.length));
    expect(stream.docs.at(-1)!.provenance.recordLength).toBe(gz.at(-1)!.length + 14);
  });

  it('points each document at its own gzip member', async () => {
    const dir = tempDir();
    const path = join(dir, 'members.warc.gz');
    const gz = records.map((r) => gzipSync(r));
    writeFileSync(path, Buffer.concat(gz));
    const { fast } = await bothWays(path);
    const bytes = readFileSync(path);
    expect(fast.docs).toHaveLength(records.length);
    fast.docs.forEach((doc, i) => {
      const start = doc.provenance.recordOffset ?? -1;
      const member = bytes.subarray(start, start + (doc.provenance.recordLength ?? 0));
      expect(member.equals(gz[i]!)).toBe(true);
    });
  });
});
