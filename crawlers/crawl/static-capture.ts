import { Readable } from 'node:stream';
import type { CheerioCrawlingContext } from 'crawlee';
import { sentRequestHead } from '../http-headers.js';
import { retryAfterMs, type HostGate } from './host-gate.js';

/** A response as captured before crawlee sees it. */
export interface Captured {
  body: Buffer;
  headers: [string, string][];
  status: number;
  at: string;
  requestHead: string | undefined;
}

/**
 * The node:http ClientRequest behind the response crawlee hands its hooks: got's request stream,
 * whose native response (an IncomingMessage) points back at the request that got it.
 */
function clientRequestOf(response: unknown): unknown {
  const r = response as { req?: unknown; _nativeResponse?: { req?: unknown }; response?: { req?: unknown } };
  return r.req ?? r._nativeResponse?.req ?? r.response?.req;
}

/** Reads a response stream into one buffer, giving up past `maxBytes`. */
async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function headerPairs(raw: string[] | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; raw && i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/**
 * What the static crawl keeps of a response, read in crawlee's post-navigation hook: the exact
 * bytes (up to `maxBytes`: beyond, the request fails as `too_large` and is not retried), the raw
 * headers, the status, the time and the request head as sent. The host's slot in `gate` is freed;
 * a 429 or 503 pauses the host and fails the request so that crawlee retries it later. crawlee
 * itself gets an empty body: the bytes are parsed once, by our extractor.
 */
export async function captureResponse(
  ctx: CheerioCrawlingContext,
  maxBytes: number,
  gate: HostGate,
): Promise<Captured> {
  const response = ctx.response as unknown as Readable & {
    statusCode: number;
    headers: Record<string, string>;
    rawHeaders: string[];
    url: string;
  };
  const length = Number(response.headers['content-length'] ?? 0);
  const body = length > maxBytes ? undefined : await readCapped(response, maxBytes);
  if (!body) {
    ctx.request.noRetry = true;
    throw new Error(`too_large: response over ${maxBytes} bytes`);
  }
  gate.release(ctx.request.id!);
  if (response.statusCode === 429 || response.statusCode === 503) {
    // The host asks us to slow down: pause it, and let crawlee retry this page later.
    gate.pause(new URL(ctx.request.url).host, retryAfterMs(response.headers['retry-after']));
    throw new Error(`http_${response.statusCode}: the host asked to slow down (HTTP ${response.statusCode})`);
  }
  const captured: Captured = {
    body,
    headers: headerPairs(response.rawHeaders),
    status: response.statusCode,
    at: new Date().toISOString(),
    requestHead: sentRequestHead(clientRequestOf(response)),
  };
  // crawlee gets an empty body: we parse the bytes ourselves (once, with our extractor), so its
  // Cheerio pass would be a second parse of every page for nothing.
  const replay = Readable.from([]) as Readable & Record<string, unknown>;
  for (const key of [
    'statusCode',
    'statusMessage',
    'headers',
    'rawHeaders',
    'url',
    'redirectUrls',
    'request',
  ]) {
    replay[key] = (response as unknown as Record<string, unknown>)[key];
  }
  (ctx as { response: unknown }).response = replay;
  return captured;
}
