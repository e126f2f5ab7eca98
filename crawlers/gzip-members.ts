import { crc32, inflateRawSync } from 'node:zlib';

/** One gzip member of a file: where its compressed bytes lie and what they inflate to. */
export interface GzipMember {
  offset: number;
  length: number;
  data: Buffer;
}

const FLAG_HCRC = 2;
const FLAG_EXTRA = 4;
const FLAG_NAME = 8;
const FLAG_COMMENT = 16;
const TRAILER_BYTES = 8;

/**
 * Length of the gzip header at `at`, or 0 when more bytes are needed to tell, or -1 when the
 * bytes there are not a gzip (deflate) header.
 */
export function gzipHeaderLength(buf: Buffer, at: number): number {
  const end = buf.length;
  if (end - at < 10) return end - at >= 3 && !isGzipStart(buf, at) ? -1 : 0;
  if (!isGzipStart(buf, at)) return -1;
  const flags = buf[at + 3]!;
  let p = at + 10;
  if (flags & FLAG_EXTRA) {
    if (p + 2 > end) return 0;
    p += 2 + (buf[p]! | (buf[p + 1]! << 8));
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (!(flags & flag)) continue;
    const zero = buf.indexOf(0, p);
    if (zero < 0) return 0;
    p = zero + 1;
  }
  if (flags & FLAG_HCRC) p += 2;
  return p <= end ? p - at : 0;
}

function isGzipStart(buf: Buffer, at: number): boolean {
  return buf[at] === 0x1f && buf[at + 1] === 0x8b && buf[at + 2] === 8;
}

/** What zlib's sync calls return with `info: true` (absent from @types/node): the output and the engine, whose `bytesWritten` is the input it consumed. */
interface InflateInfo {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

type Attempt = { member: GzipMember } | 'more' | 'stop';

/** Inflates the member at `at` of `buf` (whose first byte lies at file offset `base`). */
function inflateMember(buf: Buffer, at: number, base: number, maxOutput: number, eof: boolean): Attempt {
  const header = gzipHeaderLength(buf, at);
  if (header < 0) return 'stop';
  if (header === 0) return eof ? 'stop' : 'more';
  let data: Buffer;
  let consumed: number;
  try {
    const out = inflateRawSync(buf.subarray(at + header), {
      info: true,
      maxOutputLength: maxOutput,
    }) as unknown as InflateInfo;
    data = out.buffer;
    consumed = out.engine.bytesWritten;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'Z_BUF_ERROR' && !eof ? 'more' : 'stop';
  }
  const trailer = at + header + consumed;
  if (trailer + TRAILER_BYTES > buf.length) return eof ? 'stop' : 'more';
  const crcOk = buf.readUInt32LE(trailer) === crc32(data);
  const sizeOk = buf.readUInt32LE(trailer + 4) === data.length % 2 ** 32;
  if (!crcOk || !sizeOk) return 'stop';
  const length = header + consumed + TRAILER_BYTES;
  return { member: { offset: base + at, length, data } };
}

/**
 * Whether `buf` holds the start of a gzip member that its end cuts short: a valid header whose
 * deflate stream or trailer goes on past the last byte (what a write interrupted part-way leaves).
 * False for bytes that are not a gzip member, for a member that fails to inflate or its checks, and
 * for a whole member.
 */
export function isCutShortMember(buf: Buffer, maxOutput: number): boolean {
  return inflateMember(buf, 0, 0, maxOutput, false) === 'more';
}

/**
 * Splits a gzip file into its members and inflates each with Node's zlib, keeping each member's
 * offset and compressed length (per-record gzip WARCs: one member per record). It reads `chunks`
 * as needed and stops at the first thing it cannot split cleanly: bytes that are not a gzip
 * header, a member that does not inflate or fails its CRC or length check, a member cut short by
 * the end of the file, or one inflating past `maxOutput` bytes. The return value is the file offset where it
 * stopped (a member boundary), or undefined when the file ended exactly after its last member;
 * whoever reads the file can then read the rest some other way.
 */
export async function* gzipMembers(
  chunks: AsyncIterable<Uint8Array>,
  maxOutput: number,
): AsyncGenerator<GzipMember, number | undefined> {
  const source = chunks[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.alloc(0);
  let base = 0;
  let at = 0;
  let eof = false as boolean;
  /** Appends chunks until the unread part at least doubles (so a large member is retried O(log n) times). */
  const readMore = async (): Promise<void> => {
    const pending = [buf.subarray(at)];
    let size = pending[0]!.length;
    const want = Math.max(size * 2, 1);
    while (size < want) {
      const next = await source.next();
      if (next.done) {
        eof = true;
        break;
      }
      pending.push(Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      size += next.value.byteLength;
    }
    base += at;
    at = 0;
    buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
  };
  try {
    for (;;) {
      if (at === buf.length) {
        if (eof) return undefined;
        await readMore();
        if (at === buf.length) return undefined;
      }
      const attempt = inflateMember(buf, at, base, maxOutput, eof);
      if (attempt === 'stop') return base + at;
      if (attempt === 'more') {
        await readMore();
        continue;
      }
      yield attempt.member;
      at += attempt.member.length;
    }
  } finally {
    await source.return?.();
  }
}
