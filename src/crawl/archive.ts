import { STATUS_CODES } from 'node:http';
import type { Fetched } from '../../crawlers/crawl/static-crawl.js';
import {
  httpRequestBlock,
  httpResponseBlock,
  recordIdFor,
  type WarcWriter,
} from '../../crawlers/warc-writer.js';

export const CRAWL_USER_AGENT = 'corpus-audit (+https://github.com/corpus-audit; polite crawler)';

/**
 * Writes one exchange as a request and a response record, or a rendered page as a resource record
 * (the DOM after scripts ran; the browser's own requests are not archived). Returns the place of
 * the record the document comes from.
 */
export function archive(warc: WarcWriter, f: Fetched): { offset: number; length: number; recordId: string } {
  const date = f.fetchTime.replace(/\.\d{3}Z$/, 'Z');
  if (f.crawler === 'rendered') {
    const recordId = recordIdFor('resource', f.url, f.fetchTime);
    const at = warc.write({
      type: 'resource',
      recordId,
      date,
      targetUri: f.url,
      contentType: 'text/html; charset=utf-8',
      block: f.body,
    });
    return { ...at, recordId };
  }
  const requestId = recordIdFor('request', f.url, f.fetchTime);
  warc.write({
    type: 'request',
    recordId: requestId,
    date,
    targetUri: f.url,
    contentType: 'application/http; msgtype=request',
    // What went out, when the HTTP client says; else the request line, Host and our user agent.
    block:
      f.requestHead !== undefined
        ? Buffer.from(f.requestHead, 'latin1')
        : httpRequestBlock(f.url, [['User-Agent', CRAWL_USER_AGENT]]),
  });
  // The body is stored decoded (as fetched after transfer decoding), so the encoding headers go.
  const headers = f.headers.filter(([k]) => !/^(content-encoding|transfer-encoding)$/i.test(k));
  const recordId = recordIdFor('response', f.url, f.fetchTime);
  const at = warc.write({
    type: 'response',
    recordId,
    date,
    targetUri: f.url,
    contentType: 'application/http; msgtype=response',
    block: httpResponseBlock(f.status, STATUS_CODES[f.status] ?? '', headers, f.body),
    payload: f.body,
    headers: [
      ['WARC-Concurrent-To', `<${requestId}>`],
      ...(f.redirectChain.length
        ? [['WARC-Refers-To-Target-URI', f.redirectChain.at(-1)!] as [string, string]]
        : []),
    ],
  });
  return { ...at, recordId };
}
