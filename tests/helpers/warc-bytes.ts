import { gzipSync } from 'node:zlib';

/** One WARC response record holding an HTTP response, gzipped as its own member when asked. */
export function warcResponse(
  url: string,
  body: Buffer,
  options: {
    contentType?: string;
    gzip?: boolean;
    id?: string;
    status?: number;
    /** More HTTP headers, e.g. `{ 'Content-Encoding': 'br' }`. */
    headers?: Record<string, string>;
  } = {},
): Buffer {
  const extra = Object.entries(options.headers ?? {})
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const http = Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${options.status ?? 200} OK\r\nContent-Type: ${options.contentType ?? 'text/html'}\r\n${extra}Content-Length: ${body.byteLength}\r\n\r\n`,
    ),
    body,
  ]);
  const head =
    `WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:${options.id ?? '00000000-0000-4000-8000-000000000000'}>\r\n` +
    `WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: ${url}\r\nContent-Type: application/http; msgtype=response\r\n` +
    `Content-Length: ${http.byteLength}\r\n\r\n`;
  const record = Buffer.concat([Buffer.from(head), http, Buffer.from('\r\n\r\n')]);
  return options.gzip === false ? record : gzipSync(record);
}

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
