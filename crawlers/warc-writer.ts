import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * Writes WARC 1.1 files, one gzip member per record (as crawlers write them, so readers can seek
 * to a record's offset). Writes are synchronous and the output depends only on the records given:
 * the same records make byte-identical files.
 */

export type WarcType = 'warcinfo' | 'request' | 'response' | 'resource' | 'metadata';

export interface WarcRecordInput {
  type: WarcType;
  /** `urn:uuid:...`; see `recordIdFor` for deterministic ids. */
  recordId: string;
  /** ISO 8601 UTC, e.g. 2026-01-01T00:00:00Z. */
  date: string;
  targetUri?: string;
  contentType: string;
  block: Buffer;
  /** The HTTP payload (body), for WARC-Payload-Digest on responses. */
  payload?: Buffer;
  /** More WARC headers, e.g. WARC-Concurrent-To, WARC-IP-Address. */
  headers?: [string, string][];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `sha1:<base32>`, the digest form of WARC files from Heritrix and wget. */
export function warcDigest(bytes: Uint8Array): string {
  const hash = createHash('sha1').update(bytes).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32.charAt((value << (5 - bits)) & 31);
  return `sha1:${out}`;
}

/** A urn:uuid derived from the given parts (version-5 style, from sha1). */
export function recordIdFor(...parts: (string | number)[]): string {
  const h = createHash('sha1').update(parts.join('\n')).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An HTTP/1.1 response message: status line, headers (with Content-Length) and body. */
export function httpResponseBlock(
  status: number,
  reason: string,
  headers: [string, string][],
  body: Buffer,
): Buffer {
  const lines = [`HTTP/1.1 ${status} ${reason}`];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'content-length') lines.push(`${name}: ${value}`);
  }
  lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

/** An HTTP/1.1 GET request message. */
export function httpRequestBlock(url: string, headers: [string, string][] = []): Buffer {
  const u = new URL(url);
  const lines = [`GET ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
}

export class WarcWriter {
  private readonly fd: number;
  /** Bytes written so far: the offset of the next record. */
  offset = 0;
  records = 0;

  /** `append` continues an existing file (a resumed crawl); offsets carry on from its end. */
  constructor(
    readonly path: string,
    private readonly gzip = true,
    append = false,
  ) {
    this.fd = openSync(path, append ? 'a' : 'w');
    if (append) this.offset = fstatSync(this.fd).size;
  }

  /** Writes one record; returns where it starts and how many bytes it took in the file. */
  write(record: WarcRecordInput): { offset: number; length: number } {
    const headers: [string, string][] = [
      ['WARC-Type', record.type],
      ['WARC-Record-ID', `<${record.recordId}>`],
      ['WARC-Date', record.date],
    ];
    if (record.targetUri) headers.push(['WARC-Target-URI', record.targetUri]);
    headers.push(...(record.headers ?? []));
    headers.push(['WARC-Block-Digest', warcDigest(record.block)]);
    if (record.payload) headers.push(['WARC-Payload-Digest', warcDigest(record.payload)]);
    headers.push(['Content-Type', record.contentType], ['Content-Length', String(record.block.length)]);
    const head = 'WARC/1.1\r\n' + headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
    const raw = Buffer.concat([Buffer.from(head, 'utf8'), record.block, Buffer.from('\r\n\r\n')]);
    const bytes = this.gzip ? gzipSync(raw) : raw;
    const offset = this.offset;
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written);
    this.offset += bytes.length;
    this.records++;
    return { offset, length: bytes.length };
  }

  close(): void {
    closeSync(this.fd);
  }
}
