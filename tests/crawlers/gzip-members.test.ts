import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipMembers, type GzipMember } from '../../crawlers/gzip-members.js';
import { WARC_FIXTURES } from '../helpers/read-all.js';

/** Members of different sizes; the random one does not compress, so it spans many small chunks. */
const payloads = [
  Buffer.from('first member\r\n'),
  Buffer.from('x'.repeat(70_000)),
  randomBytes(40_000),
  Buffer.from(''),
  Buffer.from('last member'),
];

async function* chunked(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield await Promise.resolve(bytes.subarray(at, at + size));
}

async function split(bytes: Buffer, chunkSize: number, maxOutput = 1 << 20) {
  const members: GzipMember[] = [];
  const it = gzipMembers(chunked(bytes, chunkSize), maxOutput);
  for (;;) {
    const next = await it.next();
    if (next.done) return { members, stoppedAt: next.value };
    members.push(next.value);
  }
}

describe('gzipMembers', () => {
  const gz = payloads.map((p) => gzipSync(p));
  const file = Buffer.concat(gz);
  const offsets = gz.map((_, i) => gz.slice(0, i).reduce((n, g) => n + g.length, 0));

  it('splits a file into its members with offsets, lengths and inflated bytes, whatever the chunk size', async () => {
    for (const chunkSize of [7, 1000, 65_536, file.length]) {
      const { members, stoppedAt } = await split(file, chunkSize);
      expect(stoppedAt, `chunks of ${chunkSize}`).toBeUndefined();
      expect(members.map((m) => [m.offset, m.length])).toEqual(gz.map((g, i) => [offsets[i], g.length]));
      members.forEach((m, i) => {
        expect(m.data.equals(payloads[i]!)).toBe(true);
      });
    }
  });

  it('a member with a file name and comment in its header is split like any other', async () => {
    const plain = gzipSync(Buffer.from('named'));
    // FNAME and FCOMMENT flags, each a zero-terminated string after the 10-byte header.
    const named = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 8, 8 | 16]),
      plain.subarray(4, 10),
      Buffer.from('page.html\0a comment\0'),
      plain.subarray(10),
    ]);
    const { members, stoppedAt } = await split(Buffer.concat([named, plain]), 5);
    expect(stoppedAt).toBeUndefined();
    expect(members.map((m) => [m.offset, m.length, m.data.toString()])).toEqual([
      [0, named.length, 'named'],
      [named.length, plain.length, 'named'],
    ]);
  });

  it('stops at the first member it cannot split cleanly, at that member offset', async () => {
    const tail = offsets[4]!;
    const cases: [string, Buffer, number][] = [
      ['bytes that are not gzip', Buffer.concat([file, Buffer.from('WARC/1.0\r\n')]), file.length],
      ['a cut last member', file.subarray(0, file.length - 3), tail],
      ['a cut header', Buffer.concat([file, gz[0]!.subarray(0, 6)]), file.length],
    ];
    const corrupt = Buffer.from(file);
    corrupt.writeUInt32LE((corrupt.readUInt32LE(offsets[2]! - 8) ^ 1) >>> 0, offsets[2]! - 8); // CRC of member 1
    cases.push(['a CRC that does not match', corrupt, offsets[1]!]);
    for (const [what, bytes, at] of cases) {
      const { members, stoppedAt } = await split(bytes, 4096);
      expect(stoppedAt, what).toBe(at);
      expect(
        members.map((m) => m.offset),
        what,
      ).toEqual(offsets.filter((o) => o < at));
    }
  });

  it('stops before a member that inflates past the limit', async () => {
    const { members, stoppedAt } = await split(file, 4096, 50_000);
    expect(stoppedAt).toBe(offsets[1]);
    expect(members).toHaveLength(1);
  });

  it('splits a real crawler WARC into its records, so the reader takes the zlib path for all of it', async () => {
    const bytes = readFileSync(join(WARC_FIXTURES, 'dolma--sample-0000.warc.gz'));
    const { members, stoppedAt } = await split(bytes, 1 << 20);
    expect(stoppedAt).toBeUndefined();
    expect(members.length).toBeGreaterThan(22);
    expect(members.reduce((n, m) => n + m.length, 0)).toBe(bytes.length);
    for (const m of members) expect(m.data.subarray(0, 5).toString()).toBe('WARC/');
  });

  it('stops at once on a file that is not gzip', async () => {
    const { members, stoppedAt } = await split(Buffer.from('WARC/1.0\r\nWARC-Type: response\r\n'), 4096);
    expect(members).toEqual([]);
    expect(stoppedAt).toBe(0);
  });
});
