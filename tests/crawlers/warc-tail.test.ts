import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cutTornRecord, WarcTailError } from '../../crawlers/warc-tail.js';
import { httpResponseBlock, recordIdFor, WarcWriter } from '../../crawlers/warc-writer.js';
import { readAll } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';

/** A WARC of three page records; returns its path and where each record ends. */
function threeRecords(): { path: string; ends: number[] } {
  const path = join(tempDir(), 'crawl.warc.gz');
  const warc = new WarcWriter(path);
  const ends: number[] = [];
  for (let i = 0; i < 3; i++) {
    const url = `https://example.org/${i}.html`;
    const body = Buffer.from(
      `<html><body><p>Page ${i} says something long enough to keep.</p></body></html>`,
    );
    const at = warc.write({
      type: 'response',
      recordId: recordIdFor('response', url, '2026-12-05T10:00:00Z'),
      date: '2026-12-05T10:00:00Z',
      targetUri: url,
      contentType: 'application/http; msgtype=response',
      block: httpResponseBlock(200, 'OK', [['Content-Type', 'text/html']], body),
      payload: body,
    });
    ends.push(at.offset + at.length);
  }
  warc.close();
  return { path, ends };
}

/** The first half of one more gzip-compressed record: what a kill in the middle of a write leaves. */
function halfARecord(): Buffer {
  const whole = gzipSync(
    Buffer.concat([Buffer.from('WARC/1.1\r\nWARC-Type: response\r\n'), randomBytes(4000)]),
  );
  return whole.subarray(0, Math.floor(whole.length / 2));
}

describe('cutting a torn record off a WARC before appending', () => {
  it('cuts half a record after the last whole one, reading from the start or from a known end', async () => {
    for (const from of [0, 1]) {
      const { path, ends } = threeRecords();
      const half = halfARecord();
      appendFileSync(path, half);
      const start = from === 0 ? 0 : ends[1]!;
      expect(await cutTornRecord(path, start)).toEqual({ offset: ends[2], bytes: half.length });
      expect(statSync(path).size).toBe(ends[2]);
      const { docs, problems } = await readAll(path);
      expect(docs).toHaveLength(3);
      expect(problems).toEqual([]);
    }
  });

  it('leaves a whole WARC as it is', async () => {
    const { path, ends } = threeRecords();
    const before = readFileSync(path);
    expect(await cutTornRecord(path)).toBeUndefined();
    expect(await cutTornRecord(path, ends[2])).toBeUndefined();
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses, touching nothing, a tail that is not a gzip record or a file shorter than its records', async () => {
    const { path, ends } = threeRecords();
    appendFileSync(path, 'notes the user appended by hand\n');
    const before = readFileSync(path);
    await expect(cutTornRecord(path, ends[0])).rejects.toThrow(WarcTailError);
    await expect(cutTornRecord(path, ends[0])).rejects.toThrow(/not a gzip-compressed record/);
    expect(readFileSync(path).equals(before)).toBe(true);

    // A whole record that fails its checksum, with a whole record after it: damage, not a kill
    // mid-write; cutting there would throw away the record after it too.
    const damaged = threeRecords();
    const bytes = readFileSync(damaged.path);
    bytes[damaged.ends[1]! - 5]! ^= 0xff;
    writeFileSync(damaged.path, bytes);
    await expect(cutTornRecord(damaged.path, damaged.ends[0])).rejects.toThrow(
      /not a gzip-compressed record/,
    );
    expect(readFileSync(damaged.path).equals(bytes)).toBe(true);

    const short = join(tempDir(), 'short.warc.gz');
    writeFileSync(short, before.subarray(0, ends[0]));
    await expect(cutTornRecord(short, ends[2])).rejects.toThrow(/not the file this crawl wrote/);
  });
});
