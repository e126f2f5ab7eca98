import { createGzip } from 'node:zlib';
import { arcRecord, warcRecord, type Seed } from './seeds.js';

/**
 * Inputs that inflate to far more than they hold: a record of 1 GB of spaces as one gzip member
 * (a few MB), a page whose HTTP body is gzip-encoded and inflates to 1 GB, and, for plain files,
 * a record just over the default record limit (a test never writes a GB to disk).
 */
export const BOMB_BYTES = 1024 ** 3;
const PLAIN_BOMB_BYTES = 16 * 1024 * 1024;

/** gzip of `head`, then `spaces` spaces, then `tail`: one member, streamed so 1 GB is never held. */
async function gzipSpaces(head: Buffer, spaces: number, tail: Buffer): Promise<Buffer> {
  const gz = createGzip({ level: 1 });
  const parts: Buffer[] = [];
  gz.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve) => gz.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const write = async (b: Buffer): Promise<void> => {
    if (!gz.write(b)) await new Promise((resolve) => gz.once('drain', resolve));
  };
  await write(head);
  for (let left = spaces; left > 0; left -= chunk.length)
    await write(left >= chunk.length ? chunk : chunk.subarray(0, left));
  gz.end(tail);
  await done;
  return Buffer.concat(parts);
}

/** A record (plain or gzipped, as `seed` packs them) that is `spaces` spaces of HTML, split around its body. */
function recordAround(format: Seed['format'], spaces: number): { head: Buffer; tail: Buffer } {
  const marker = Buffer.from('\u0000BODY\u0000');
  const whole =
    format === 'warc'
      ? warcRecord('http://fuzz.example/bomb', 9_000_000, marker)
      : format === 'arc'
        ? arcRecord('http://fuzz.example/bomb', marker)
        : Buffer.from(`${JSON.stringify({ url: 'http://fuzz.example/bomb', text: '\u0000BODY\u0000' })}\n`);
  // The declared lengths said marker.length; make them say the body's real size.
  const text = whole.toString('latin1');
  const at = text.indexOf(format === 'jsonl' ? '\\u0000BODY\\u0000' : '\u0000BODY\u0000');
  const markerLength = format === 'jsonl' ? 16 : marker.length;
  const fix = (s: string): string =>
    s.replace(
      /(Content-Length: |text\/html )(\d+)/g,
      (_m, before: string, n: string) => `${before}${Number(n) - marker.length + spaces}`,
    );
  return {
    head: Buffer.from(fix(text.slice(0, at)), 'latin1'),
    tail: Buffer.from(text.slice(at + markerLength), 'latin1'),
  };
}

export interface Bombs {
  /** A record over the limit: a gzip member (for gzip files) or plain bytes. */
  record(seed: Seed): Buffer;
  /** A plain WARC record whose gzip-encoded HTTP body inflates to 1 GB. */
  body: Buffer;
}

/** Builds every bomb once (a few seconds: 1 GB is compressed three times). */
export async function makeBombs(): Promise<Bombs> {
  const members = new Map<Seed['format'], Buffer>();
  for (const format of ['warc', 'arc', 'jsonl'] as const) {
    const { head, tail } = recordAround(format, BOMB_BYTES);
    members.set(format, await gzipSpaces(head, BOMB_BYTES, tail));
  }
  const plain = new Map<Seed['format'], Buffer>();
  for (const format of ['warc', 'arc', 'jsonl'] as const) {
    const { head, tail } = recordAround(format, PLAIN_BOMB_BYTES);
    plain.set(format, Buffer.concat([head, Buffer.alloc(PLAIN_BOMB_BYTES, 0x20), tail]));
  }
  const encoded = await gzipSpaces(Buffer.alloc(0), BOMB_BYTES, Buffer.alloc(0));
  const bodyRecord = warcRecord(
    'http://fuzz.example/bomb-body',
    9_000_001,
    encoded,
    'Content-Encoding: gzip\r\n',
  );
  const record = (seed: Seed): Buffer => (seed.packing === 'plain' ? plain : members).get(seed.format)!;
  return { record, body: bodyRecord };
}
