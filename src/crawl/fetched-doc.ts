import type { Fetched } from '../../crawlers/crawl/static-crawl.js';
import { payloadToDoc } from '../../crawlers/payload.js';
import type { ReaderContext } from '../../crawlers/reader-context.js';
import type { Doc } from '../../db/types.js';

/**
 * A fetched page as a Doc, with its provenance (HTTP status and headers, the crawler, and where
 * its response sits in the crawl's WARC); undefined when it is not a text page (reported through
 * `ctx`). A page the crawler extracted already, to find its links, keeps that extraction.
 */
export function fetchedToDoc(
  f: Fetched,
  where: { offset: number; length: number; recordId: string } | undefined,
  warcPath: string | undefined,
  ctx: ReaderContext,
): Doc | undefined {
  const headers: Record<string, string> = {};
  for (const [k, v] of f.headers) {
    const key = k.toLowerCase();
    headers[key] = headers[key] ? `${headers[key]}, ${v}` : v;
  }
  const doc = payloadToDoc(
    {
      url: f.url,
      contentType: headers['content-type'],
      body: f.body,
      idParts: ['crawl', f.url],
      ...(f.decoded && { decoded: f.decoded }),
      provenance: {
        sourceKind: 'crawl',
        fetchTime: f.fetchTime,
        httpStatus: f.status,
        httpHeaders: headers,
        crawler: f.crawler,
        ...(where && {
          path: warcPath,
          recordOffset: where.offset,
          recordLength: where.length,
          recordId: where.recordId,
        }),
      },
    },
    ctx,
  );
  if (!doc) return undefined;
  if (doc.html !== undefined && f.extracted) {
    // The crawler extracted this page to find its links; the extract step has nothing left to do.
    doc.text = f.extracted.text;
    doc.page = f.extracted.page;
    if (f.extracted.title) doc.title = f.extracted.title;
    delete doc.html;
  }
  doc.metadata = { depth: f.depth, ...(f.redirectChain.length && { redirectChain: f.redirectChain }) };
  return doc;
}
