import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileChunks } from '../../crawlers/byte-source.js';
import { gzipMembers } from '../../crawlers/gzip-members.js';
import { rng } from '../../db/random.js';

/**
 * The inputs the fuzzer mutates: small files of every format ingest reads, each built from
 * records whose plain bytes are kept, so that a mutation can also change one record's structure
 * (a huge declared length, a bomb) before the file is packed again.
 */
export interface Seed {
  name: string;
  /** File name extension, which the format sniffer may disagree with after a mutation. */
  ext: string;
  /** Plain bytes of each record (a WARC or ARC record, a JSONL line). */
  records: Buffer[];
  /** How the records become the file: concatenated, one gzip member each, or one member for all. */
  packing: 'plain' | 'members' | 'whole';
  format: 'warc' | 'arc' | 'jsonl';
  /** For structural mutations: how a record declares its length, rewritten to a huge one (JSONL has none). */
  lengthField?: RegExp;
}

const WORDS =
  'the of and data page text web crawl archive record language model human translation machine corpus sentence engine query index server file river mountain library'.split(
    ' ',
  );

function paragraph(next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]!);
  return out.join(' ');
}

function html(next: () => number, n: number): Buffer {
  return Buffer.from(
    `<html><head><title>Page ${n}</title></head><body><p>${paragraph(next, 40)}.</p><p>${paragraph(next, 30)}.</p></body></html>`,
  );
}

export function warcRecord(url: string, id: number, body: Buffer, headers = ''): Buffer {
  const http = Buffer.concat([
    Buffer.from(
      `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n${headers}Content-Length: ${body.length}\r\n\r\n`,
    ),
    body,
  ]);
  const head =
    `WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-${String(id).padStart(12, '0')}>\r\n` +
    `WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: ${url}\r\nContent-Type: application/http; msgtype=response\r\n` +
    `Content-Length: ${http.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), http, Buffer.from('\r\n\r\n')]);
}

export function arcRecord(url: string, body: Buffer): Buffer {
  const http = Buffer.concat([Buffer.from(`HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n`), body]);
  return Buffer.concat([
    Buffer.from(`${url} 192.0.2.1 20240501100000 text/html ${http.length}\n`),
    http,
    Buffer.from('\n'),
  ]);
}

function jsonLine(url: string, id: number, next: () => number): Buffer {
  return Buffer.from(
    `${JSON.stringify({ id: `doc-${id}`, url, text: `${paragraph(next, 40)}. ${paragraph(next, 30)}.` })}\n`,
  );
}

const WARC_LENGTH = /(Content-Length: )(\d+)/;

/** The seeds: every format, packed every way ingest meets them, plus one real crawler's file. */
export async function buildSeeds(records = 8): Promise<Seed[]> {
  const next = rng(20261207);
  const urls = Array.from({ length: records }, (_, i) => `http://fuzz.example/page/${i}`);
  const warc = urls.map((u, i) => warcRecord(u, i + 1, html(next, i)));
  const filedescBody = Buffer.from(
    '1 0 corpus-audit\nURL IP-address Archive-date Content-type Archive-length\n',
  );
  const filedesc = Buffer.concat([
    Buffer.from(`filedesc://fuzz.arc 0.0.0.0 20240501100000 text/plain ${filedescBody.length}\n`),
    filedescBody,
    Buffer.from('\n'),
  ]);
  const arc = [filedesc, ...urls.map((u, i) => arcRecord(u, html(next, i)))];
  const jsonl = urls.map((u, i) => jsonLine(u, i, next));
  const arcLength = /( )(\d+)(\n)/;
  return [
    {
      name: 'warc.gz (a member per record)',
      ext: '.warc.gz',
      records: warc,
      packing: 'members',
      format: 'warc',
      lengthField: WARC_LENGTH,
    },
    {
      name: 'warc (plain)',
      ext: '.warc',
      records: warc,
      packing: 'plain',
      format: 'warc',
      lengthField: WARC_LENGTH,
    },
    {
      name: 'warc.gz (one member)',
      ext: '.warc.gz',
      records: warc,
      packing: 'whole',
      format: 'warc',
      lengthField: WARC_LENGTH,
    },
    {
      name: 'arc (plain)',
      ext: '.arc',
      records: arc,
      packing: 'plain',
      format: 'arc',
      lengthField: arcLength,
    },
    {
      name: 'arc.gz (a member per record)',
      ext: '.arc.gz',
      records: arc,
      packing: 'members',
      format: 'arc',
      lengthField: arcLength,
    },
    { name: 'jsonl', ext: '.jsonl', records: jsonl, packing: 'plain', format: 'jsonl' },
    { name: 'jsonl.gz', ext: '.jsonl.gz', records: jsonl, packing: 'whole', format: 'jsonl' },
    await dolmaSeed(),
  ];
}

/** A real per-record .warc.gz from dolma's test suite (requests, responses, metadata), split into its records. */
async function dolmaSeed(): Promise<Seed> {
  // Relative to the repository root, where `npm run fuzz` and the tests run.
  const path = join('tests', 'fixtures', 'warc', 'dolma--sample-0000.warc.gz');
  const records: Buffer[] = [];
  for await (const member of gzipMembers(fileChunks(path, {}), 1 << 24)) records.push(member.data);
  return {
    name: 'dolma warc.gz',
    ext: '.warc.gz',
    records,
    packing: 'members',
    format: 'warc',
    lengthField: WARC_LENGTH,
  };
}

/** The file bytes of records packed as the seed says, with each record's span in them. */
export function pack(
  records: Buffer[],
  packing: Seed['packing'],
): { bytes: Buffer; spans: [number, number][] | undefined } {
  if (packing === 'whole') return { bytes: gzipSync(Buffer.concat(records)), spans: undefined };
  const parts = packing === 'members' ? records.map((r) => gzipSync(r)) : records;
  const spans: [number, number][] = [];
  let at = 0;
  for (const part of parts) {
    spans.push([at, at + part.length]);
    at += part.length;
  }
  return { bytes: Buffer.concat(parts), spans };
}
