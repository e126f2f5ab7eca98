import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readAll, WARC_FIXTURES } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { uuid, warcResponse } from '../helpers/warc-bytes.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'corpus-audit.js');

const page = (n: number): Buffer =>
  Buffer.from(`<html><body><p>Page number ${n} with some words in it.</p></body></html>`);

describe('bad input is reported with its location and skipped; nothing already read is lost', () => {
  it('a gzip member cut in the middle: earlier records kept, the cut reported at its offset', async () => {
    const dir = tempDir();
    const whole = readFileSync(join(WARC_FIXTURES, 'dolma--sample-0000.warc.gz'));
    const complete = await readAll(join(WARC_FIXTURES, 'dolma--sample-0000.warc.gz'));
    const cutAt = 150_000;
    const path = join(dir, 'cut.warc.gz');
    writeFileSync(path, whole.subarray(0, cutAt));
    const { docs, problems } = await readAll(path);
    const before = complete.docs.filter(
      (d) => d.provenance.recordOffset! + d.provenance.recordLength! <= cutAt,
    );
    expect(docs.map((d) => d.id)).toEqual(before.map((d) => d.id));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'truncated_gzip_member', path });
    // The reported offset is the start of the member the file ends in.
    expect(problems[0]!.offset).toBeGreaterThan(before.at(-1)!.provenance.recordOffset!);
    expect(problems[0]!.offset).toBeLessThan(cutAt);
  });

  it('a damaged gzip member: reported with the span skipped, and every record after it read', async () => {
    const dir = tempDir();
    const source = join(WARC_FIXTURES, 'dolma--sample-0000.warc.gz');
    const complete = await readAll(source);
    // Flip a byte in the middle of the compressed data of the tenth page's member.
    const victim = complete.docs[9]!.provenance;
    const bytes = Buffer.from(readFileSync(source));
    const at = victim.recordOffset! + Math.floor(victim.recordLength! / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    const path = join(dir, 'flipped.warc.gz');
    writeFileSync(path, bytes);
    const { docs, problems } = await readAll(path);
    expect(docs.map((d) => d.id)).toEqual(complete.docs.filter((_, i) => i !== 9).map((d) => d.id));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'damaged_gzip_member',
        path,
        offset: victim.recordOffset,
        message: expect.stringContaining(
          `${victim.recordLength} bytes skipped to the next record's member at offset ${victim.recordOffset! + victim.recordLength!}`,
        ) as string,
      }),
    ]);
  });

  it('a record over the size limit is skipped unread, the next one is read', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.warc.gz');
    const big = Buffer.from(`<html><body><p>${'x'.repeat(5000)}</p></body></html>`);
    const first = warcResponse('http://a.example/big', big, { id: uuid(1) });
    writeFileSync(
      path,
      Buffer.concat([first, warcResponse('http://a.example/small', page(2), { id: uuid(2) })]),
    );
    const { docs, problems } = await readAll(path, 4096);
    expect(docs.map((d) => d.url)).toEqual(['http://a.example/small']);
    expect(problems.map((p) => [p.code, p.offset])).toEqual([['record_too_large', 0]]);
    expect(docs[0]!.provenance.recordOffset).toBe(first.byteLength);
  });

  it.each([true, false])(
    'a file that ends inside a record over the limit (gzip %s): no hang, the records before it stored',
    (gzip) => {
      const dir = tempDir();
      const path = join(dir, gzip ? 'cut-big.warc.gz' : 'cut-big.warc');
      const good = Array.from({ length: 20 }, (_, i) =>
        warcResponse(`http://a.example/${i}`, page(i), { id: uuid(i + 1), gzip }),
      );
      // A record that declares 4 MB and the file ends after 60 KB of it.
      const big = warcResponse('http://a.example/big', Buffer.alloc(4 << 20, 0x78), {
        id: uuid(99),
        gzip: false,
      });
      const cut = big.subarray(0, 60_000);
      writeFileSync(path, Buffer.concat([...good, gzip ? gzipSync(cut) : cut]));
      // In a child process, killed after a minute: warcio.js's own skip never returned here, and it
      // starved the event loop, so an in-process test could not even time out.
      const run = spawnSync(
        process.execPath,
        [BIN, 'ingest', path, '--db', join(dir, 'a.sqlite'), '--max-record-mb', '1', '--no-detect', '--json'],
        { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' },
      );
      expect(run.signal, 'ingest was killed: it hung').toBeNull();
      expect(run.status, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as { docsStored: number; problemCounts: Record<string, number> };
      expect(summary.docsStored).toBe(20);
      expect(summary.problemCounts).toMatchObject({ record_too_large: 1, truncated_record: 1 });
    },
  );

  it('a binary body typed as HTML is reported; an image typed as an image is only counted', async () => {
    const dir = tempDir();
    const path = join(dir, 'binary.warc');
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    const records = [
      warcResponse('http://a.example/fake.html', png, { id: uuid(1), gzip: false }),
      warcResponse('http://a.example/logo.png', png, { id: uuid(2), gzip: false, contentType: 'image/png' }),
      warcResponse('http://a.example/ok', page(3), { id: uuid(3), gzip: false }),
    ];
    writeFileSync(path, Buffer.concat(records));
    const { docs, problems, skipped } = await readAll(path);
    expect(docs.map((d) => d.url)).toEqual(['http://a.example/ok']);
    expect(problems.map((p) => [p.code, p.offset])).toEqual([['binary_payload', 0]]);
    expect(skipped).toEqual({ non_text_payload: 1 });
  });

  it('invalid UTF-8 in a page declared UTF-8 is decoded with replacements and reported', async () => {
    const dir = tempDir();
    const path = join(dir, 'invalid.warc');
    const body = Buffer.concat([
      Buffer.from(
        `<html><head><meta charset="utf-8"></head><body><p>${'Caf\u00e9 au lait and more text here. '.repeat(20)}`,
      ),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('</p></body></html>'),
    ]);
    writeFileSync(path, warcResponse('http://a.example/', body, { gzip: false }));
    const { docs, problems } = await readAll(path);
    expect(docs).toHaveLength(1);
    expect(docs[0]!.html).toContain('Caf\u00e9 au lait');
    expect(docs[0]!.charset).toEqual({ name: 'utf-8', source: 'meta' });
    expect(problems.map((p) => [p.code, p.offset])).toEqual([['invalid_utf8', 0]]);
  });

  it('an empty file is reported', async () => {
    const path = join(tempDir(), 'empty.warc.gz');
    writeFileSync(path, '');
    const { docs, problems } = await readAll(path);
    expect(docs).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['empty_file']);
  });

  it('a file that is not what its name says is read by its content, and says so', async () => {
    const dir = tempDir();
    const jsonl = join(dir, 'actually-jsonl.warc.gz');
    writeFileSync(jsonl, '{"id":"a","text":"Hello there, this is a JSON line."}\n');
    const a = await readAll(jsonl);
    expect(a.docs.map((d) => d.text)).toEqual(['Hello there, this is a JSON line.']);
    expect(a.problems.map((p) => p.code)).toEqual(['format_mismatch']);

    const gz = join(dir, 'plain-name.warc');
    copyFileSync(join(WARC_FIXTURES, 'warcio.js--example.warc.gz'), gz);
    const b = await readAll(gz);
    expect(b.docs).toHaveLength(1);
    expect(b.problems.map((p) => p.code)).toEqual(['format_mismatch']);
  });

  it('random bytes under a WARC name are an unknown format, not a crash', async () => {
    const path = join(tempDir(), 'noise.warc');
    const noise = Buffer.alloc(10_000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    writeFileSync(path, noise);
    const { docs, problems } = await readAll(path);
    expect(docs).toEqual([]);
    expect(problems.map((p) => [p.code, p.offset])).toEqual([['unknown_format', 0]]);
    expect(statSync(path).size).toBe(10_000);
  });

  it('gzip that is not gzip inside a .gz name is an unknown format', async () => {
    const path = join(tempDir(), 'broken.jsonl.gz');
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const { problems } = await readAll(path);
    expect(problems.map((p) => p.code)).toEqual(['unknown_format']);
  });
});

describe('Brotli-encoded bodies (warcio.js passes them through undecoded)', () => {
  const html = (n: number): Buffer =>
    Buffer.from(
      `<html><body><p>Brotli page ${n}: the quick brown fox jumps over the lazy dog.</p></body></html>`,
    );
  const chunked = (body: Buffer): Buffer =>
    Buffer.concat([Buffer.from(`${body.byteLength.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);

  it('are decoded, chunked or not; a body that does not decode is reported and the next record read', async () => {
    const path = join(tempDir(), 'brotli.warc.gz');
    const br = { 'Content-Encoding': 'br' };
    writeFileSync(
      path,
      Buffer.concat([
        warcResponse('http://a.example/br', brotliCompressSync(html(1)), { id: uuid(1), headers: br }),
        warcResponse('http://a.example/br-chunked', chunked(brotliCompressSync(html(2))), {
          id: uuid(2),
          headers: { ...br, 'Transfer-Encoding': 'chunked' },
        }),
        warcResponse('http://a.example/not-br', Buffer.from('definitely not brotli at all'), {
          id: uuid(3),
          headers: br,
        }),
        warcResponse('http://a.example/plain', html(4), { id: uuid(4) }),
      ]),
    );
    const { docs, problems } = await readAll(path);
    expect(docs.map((d) => d.url)).toEqual([
      'http://a.example/br',
      'http://a.example/br-chunked',
      'http://a.example/plain',
    ]);
    expect(docs.map((d) => d.html)).toEqual([html(1), html(2), html(4)].map(String));
    expect(problems.map((p) => p.code)).toEqual(['bad_content_encoding']);
    expect(problems[0]!.message).toMatch(/not-br/);
  });

  it('gzip and deflate bodies are decoded within the record limit; one declared gzip but stored plain is kept', async () => {
    const path = join(tempDir(), 'encoded.warc.gz');
    // 1 MB of spaces, 1 KB once gzipped: decoded without a limit it would be held whole.
    const bomb = gzipSync(Buffer.alloc(1 << 20, 0x20));
    writeFileSync(
      path,
      Buffer.concat([
        warcResponse('http://a.example/gzip', gzipSync(html(1)), {
          id: uuid(1),
          headers: { 'Content-Encoding': 'gzip' },
        }),
        warcResponse('http://a.example/deflate', deflateSync(html(2)), {
          id: uuid(2),
          headers: { 'Content-Encoding': 'deflate' },
        }),
        warcResponse('http://a.example/raw-deflate', deflateRawSync(html(3)), {
          id: uuid(3),
          headers: { 'Content-Encoding': 'deflate' },
        }),
        warcResponse('http://a.example/stored-decoded', html(4), {
          id: uuid(4),
          headers: { 'Content-Encoding': 'gzip' },
        }),
        warcResponse('http://a.example/bomb', bomb, { id: uuid(5), headers: { 'Content-Encoding': 'gzip' } }),
        warcResponse('http://a.example/chunked-gzip', chunked(gzipSync(html(6))), {
          id: uuid(6),
          headers: { 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' },
        }),
      ]),
    );
    const { docs, problems } = await readAll(path, 64 * 1024);
    expect(docs.map((d) => d.url)).toEqual([
      'http://a.example/gzip',
      'http://a.example/deflate',
      'http://a.example/raw-deflate',
      'http://a.example/stored-decoded',
      'http://a.example/chunked-gzip',
    ]);
    expect(docs.map((d) => d.html)).toEqual([html(1), html(2), html(3), html(4), html(6)].map(String));
    expect(problems.map((p) => p.code)).toEqual(['record_too_large']);
    expect(problems[0]!.message).toMatch(/bomb/);
  });

  it('a body that decodes past the record limit is skipped as too large', async () => {
    const path = join(tempDir(), 'bomb.warc.gz');
    const bomb = brotliCompressSync(Buffer.alloc(1_000_000, 0x61));
    const first = warcResponse('http://a.example/bomb', bomb, {
      id: uuid(1),
      headers: { 'Content-Encoding': 'br' },
    });
    writeFileSync(
      path,
      Buffer.concat([first, warcResponse('http://a.example/ok', html(2), { id: uuid(2) })]),
    );
    const { docs, problems } = await readAll(path, 64 * 1024);
    expect(docs.map((d) => d.url)).toEqual(['http://a.example/ok']);
    expect(problems.map((p) => [p.code, p.offset])).toEqual([['record_too_large', 0]]);
  });
});
