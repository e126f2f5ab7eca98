import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readAll } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { uuid, warcResponse } from '../helpers/warc-bytes.js';

const page = (n: number): Buffer =>
  Buffer.from(`<html><body><p>Page number ${n}, with a few words to read.</p></body></html>`);
const plain = Array.from({ length: 6 }, (_, i) =>
  warcResponse(`http://a.example/${i}`, page(i), { id: uuid(i), gzip: false }),
);
const urls = (...n: number[]): string[] => n.map((i) => `http://a.example/${i}`);

/** The record with its WARC Content-Length raised by `extra` bytes (the HTTP message untouched). */
function declaredLonger(record: Buffer, extra: number): Buffer {
  return Buffer.from(
    record
      .toString('latin1')
      .replace(
        /Content-Length: (\d+)\r\n\r\nHTTP/,
        (_m, n: string) => `Content-Length: ${Number(n) + extra}\r\n\r\nHTTP`,
      ),
    'latin1',
  );
}

/** A response record whose HTTP head is `http` and whose body is `bodyBytes` more bytes, written as it goes. */
function headOf(url: string, id: number, httpBytes: number): Buffer {
  return Buffer.from(
    `WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:${uuid(id)}>\r\nWARC-Target-URI: ${url}\r\n` +
      `Content-Type: application/http; msgtype=response\r\nContent-Length: ${httpBytes}\r\n\r\n`,
  );
}

describe('the WARC reader resynchronizes after damage and keeps every good record', () => {
  it.each([true, false])('a Content-Length too large (gzip %s) swallows no later record', async (gzip) => {
    const dir = tempDir();
    const records = plain.map((r, i) => (i === 2 ? declaredLonger(r, 500) : r));
    const path = join(dir, gzip ? 'long.warc.gz' : 'long.warc');
    writeFileSync(path, Buffer.concat(records.map((r) => (gzip ? gzipSync(r) : r))));
    const { docs, problems } = await readAll(path);
    expect(docs.map((d) => d.url)).toEqual(urls(0, 1, 3, 4, 5));
    expect(problems.map((p) => p.code)).toEqual(['content_length_mismatch']);
    expect(problems[0]!.message).toMatch(
      gzip ? /next member starts another record/ : /another record starts at offset \d+/,
    );
  });

  it('bytes that are no record between two records: the span reported, the records after it read', async () => {
    const dir = tempDir();
    const junk = Buffer.from('garbage\r\nmore garbage WARC/1.0 in the middle of a line\r\n\r\n');
    const path = join(dir, 'junk.warc');
    const before = Buffer.concat(plain.slice(0, 3));
    writeFileSync(path, Buffer.concat([before, junk, ...plain.slice(3)]));
    const { docs, problems } = await readAll(path);
    expect(docs.map((d) => d.url)).toEqual(urls(0, 1, 2, 3, 4, 5));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'content_length_mismatch',
        // From the record's declared end: its closing blank line, then the junk.
        offset: before.length - 4,
        message: expect.stringContaining(`${junk.length + 4} bytes at offset ${before.length - 4}`) as string,
      }),
    ]);
    // Provenance still points at each record's exact bytes.
    expect(docs[3]!.provenance.recordOffset).toBe(before.length + junk.length);
  });

  it('a record whose Content-Length is too small: read as declared, the rest reported, the next read', async () => {
    const dir = tempDir();
    const path = join(dir, 'short.warc');
    const longer = Buffer.concat([plain[1]!.subarray(0, -4), Buffer.from('extra bytes\r\n\r\n')]);
    writeFileSync(path, Buffer.concat([plain[0]!, longer, ...plain.slice(2)]));
    const { docs, problems } = await readAll(path);
    expect(docs.map((d) => d.url)).toEqual(urls(0, 1, 2, 3, 4, 5));
    expect(problems.map((p) => [p.code, p.offset])).toEqual([
      ['content_length_mismatch', plain[0]!.length + plain[1]!.length - 4],
    ]);
  });

  it.each([true, false])(
    'a record over the limit whose HTTP head has no line break (gzip %s): skipped, the next read',
    async (gzip) => {
      const dir = tempDir();
      const http = Buffer.concat([Buffer.from('HTTP/1.1 200 OK'), Buffer.alloc(300_000, 0x61)]);
      const big = Buffer.concat([
        headOf('http://a.example/big', 99, http.length),
        http,
        Buffer.from('\r\n\r\n'),
      ]);
      const path = join(dir, gzip ? 'nohead.warc.gz' : 'nohead.warc');
      const parts = [plain[0]!, big, plain[1]!];
      writeFileSync(path, Buffer.concat(parts.map((r) => (gzip ? gzipSync(r) : r))));
      const { docs, problems } = await readAll(path, 4096);
      expect(docs.map((d) => d.url)).toEqual(urls(0, 1));
      expect(problems.map((p) => p.code)).toEqual(['record_too_large']);
    },
  );

  it('a 1 GB record (a sparse file) with no line break in its HTTP head is skipped without being read', async () => {
    const dir = tempDir();
    const path = join(dir, 'sparse.warc');
    const bodyBytes = 1024 ** 3;
    const httpHead = Buffer.from('HTTP/1.1 200 OK');
    const head = headOf('http://a.example/huge', 98, httpHead.length + bodyBytes);
    const fd = openSync(path, 'w');
    let at = 0;
    for (const part of [plain[0]!, head, httpHead]) at += writeSync(fd, part, 0, part.length, at);
    // The body is a hole of zeros; the record's end and the next record follow it.
    at += bodyBytes;
    const tail = Buffer.concat([Buffer.from('\r\n\r\n'), plain[1]!]);
    writeSync(fd, tail, 0, tail.length, at);
    closeSync(fd);
    const rssBefore = process.resourceUsage().maxRSS;
    const { docs, problems } = await readAll(path);
    expect(docs.map((d) => d.url)).toEqual(urls(0, 1));
    expect(problems.map((p) => [p.code, p.offset])).toEqual([['record_too_large', plain[0]!.length]]);
    // Peak memory grew by far less than the record (maxRSS is in KB).
    expect((process.resourceUsage().maxRSS - rssBefore) * 1024).toBeLessThan(100 * 1024 ** 2);
  });
});
