import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { isUtf16, looksLikeHtml } from './looks-like-html.js';

export type InputFormat = 'warc' | 'arc' | 'jsonl' | 'html' | 'text';

export interface Sniffed {
  /** What the bytes are, or `unknown`. */
  format: InputFormat | 'unknown' | 'empty';
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
  if (text.startsWith('filedesc://')) return 'arc';
  const trimmed = text.replace(/^\u00ef\u00bb\u00bf/, '').trimStart();
  if (trimmed.startsWith('{')) return 'jsonl';
  if (looksLikeHtml(trimmed)) return 'html';
  // Text has no NUL bytes in its first block.
  if (head.subarray(0, 4096).includes(0)) return 'unknown';
  return 'text';
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
    try {
      // A partial member: flush what decodes instead of failing at the cut.
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return { format: 'unknown', gzipped, ...fromName };
    }
  }
  return { format: classify(head), gzipped, ...fromName };
}
