import { open } from 'node:fs/promises';
import { constants, crc32, inflateRawSync } from 'node:zlib';
import { startsArc } from './arc-record.js';
import { gzipHeaderLength } from './gzip-members.js';
import { isUtf16, looksLikeHtml } from './looks-like-html.js';
import { looksLikePathsList } from './paths-list.js';

export type InputFormat = 'warc' | 'arc' | 'jsonl' | 'parquet' | 'html' | 'text';

export interface Sniffed {
  /** What the bytes are, or `unknown`; `paths` is a list of archive paths (Common Crawl's `warc.paths.gz`). */
  format: InputFormat | 'paths' | 'unknown' | 'empty';
  gzipped: boolean;
  /** What the file name says, or undefined for an unrecognised extension. */
  named?: InputFormat;
  namedGzip: boolean;
}

/** Enough of a file to recognise its format through one gzip member's first block. */
const SNIFF_BYTES = 64 * 1024;

const EXTENSIONS: [RegExp, InputFormat][] = [
  [/\.(warc|wet)(\.gz)?$/i, 'warc'],
  [/\.arc(\.gz)?$/i, 'arc'],
  [/\.(jsonl|ndjson|json)(\.gz)?$/i, 'jsonl'],
  [/\.parquet$/i, 'parquet'],
  [/\.x?html?(\.gz)?$/i, 'html'],
  [/\.txt(\.gz)?$/i, 'text'],
];

export function formatFromName(path: string): { named?: InputFormat; namedGzip: boolean } {
  const hit = EXTENSIONS.find(([re]) => re.test(path));
  return { ...(hit && { named: hit[1] }), namedGzip: /\.gz$/i.test(path) };
}

function classify(head: Buffer): Sniffed['format'] {
  // UTF-16 (which starts with a byte order mark) is HTML or text: WARC, ARC and JSONL are not written in it.
  if (isUtf16(head)) return looksLikeHtml(head) ? 'html' : 'text';
  const text = head.toString('latin1');
  if (text.startsWith('WARC/')) return 'warc';
  if (text.startsWith('PAR1')) return 'parquet';
  if (text.startsWith('filedesc://') || startsArc(head)) return 'arc';
  const trimmed = text.replace(/^\u00ef\u00bb\u00bf/, '').trimStart();
  if (trimmed.startsWith('{')) return 'jsonl';
  if (looksLikeHtml(trimmed)) return 'html';
  // Text has no NUL bytes in its first block.
  if (head.subarray(0, 4096).includes(0)) return 'unknown';
  return looksLikePathsList(text) ? 'paths' : 'text';
}

/** Looks at the first bytes of a file (decompressing them if gzip) to tell its format. */
export async function sniffFile(path: string): Promise<Sniffed> {
  const fromName = formatFromName(path);
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.byteLength === 0) return { format: 'empty', gzipped: false, ...fromName };
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  if (gzipped) {
    return { format: classifyGzip(head, fromName.named), gzipped, ...fromName };
  }
  return { format: classify(head), gzipped, ...fromName };
}

/** Inflated bytes enough to tell a format by: a gzip bomb in the first member stops here. */
const SNIFF_OUTPUT = 1024 * 1024;
/** Members tried when the first ones are damaged. */
const SNIFF_MEMBERS = 16;

/**
 * The format of gzip bytes, told from the first members that inflate whole (or are cut by the end
 * of the bytes read) to something recognisable: a damaged first member neither makes the whole
 * file unknown (the readers skip past it) nor, decoding to junk, decides its format. Where the
 * members disagree, the format the name says wins if one of them has it.
 */
function classifyGzip(head: Buffer, named: InputFormat | undefined): Sniffed['format'] {
  const seen: Sniffed['format'][] = [];
  let tried = 0;
  for (let at = 0; at >= 0 && tried < SNIFF_MEMBERS; at = head.indexOf(GZIP_MAGIC, at + 1), tried++) {
    const inflated = inflateMemberHead(head, at);
    const format = inflated?.length ? classify(inflated) : 'unknown';
    if (format === 'unknown') continue;
    if (format === named) return format;
    seen.push(format);
  }
  return seen[0] ?? 'unknown';
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);

/**
 * The start of what the gzip member at `at` inflates to (a partial member flushes what decodes
 * instead of failing at the cut), within SNIFF_OUTPUT: where the output would pass it, fewer input
 * bytes are tried. Undefined when the bytes do not inflate.
 */
function inflateMemberHead(head: Buffer, at: number): Buffer | undefined {
  const header = gzipHeaderLength(head, at);
  if (header <= 0) return undefined;
  const start = at + header;
  for (let input = head.length - start; input > 0; input = input > 64 ? Math.floor(input / 4) : 0) {
    try {
      const out = inflateRawSync(head.subarray(start, start + input), {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: SNIFF_OUTPUT,
        info: true,
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      // A member whose trailer was read must pass its check: a flipped byte decodes to junk.
      const trailer = start + out.engine.bytesWritten;
      if (
        input === head.length - start &&
        trailer + 8 <= head.length &&
        head.readUInt32LE(trailer) !== crc32(out.buffer)
      ) {
        return undefined;
      }
      return out.buffer;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') return undefined;
    }
  }
  return undefined;
}
