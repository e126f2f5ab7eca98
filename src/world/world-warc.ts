import { STATUS_CODES } from 'node:http';
import { httpRequestBlock, httpResponseBlock, recordIdFor, WarcWriter } from '../../crawlers/warc-writer.js';
import { packageVersion } from '../../db/version.js';
import type { LabeledWeb } from './web.js';

export const WORLD_USER_AGENT = 'corpus-audit-demo/1 (+loopback)';

/** The crawl's clock: a fixed start, one second per URL, so files are byte-identical per seed. */
const CRAWL_START = Date.UTC(2026, 0, 1);

export interface WorldWarcSummary {
  path: string;
  urls: number;
  records: number;
  bytes: number;
}

/**
 * Writes the world as a crawler would have recorded it: a warcinfo record, then a request and a
 * response record for every URL a complete crawl fetches (robots.txt, sitemaps, pages, scripts,
 * redirects, error pages, binaries), site by site. Slow pages are recorded without their delay.
 */
export function writeWorldWarc(
  world: LabeledWeb,
  path: string,
  onProgress?: (urls: number) => void,
): WorldWarcSummary {
  const writer = new WarcWriter(path);
  try {
    const info = [
      `software: corpus-audit/${packageVersion()}`,
      'format: WARC File Format 1.1',
      `description: corpus-audit ${world.profile === 'demo' ? 'demo' : `${world.profile}-source`} world, seed ${world.seed}, ${world.pages} pages`,
      `isPartOf: corpus-audit-${world.profile}-${world.seed}`,
      '',
    ].join('\r\n');
    writer.write({
      type: 'warcinfo',
      recordId: recordIdFor('warcinfo', world.seed, world.pages, world.basePort),
      date: new Date(CRAWL_START).toISOString().replace('.000Z', 'Z'),
      contentType: 'application/warc-fields',
      block: Buffer.from(info, 'utf8'),
    });
    let urls = 0;
    for (const url of world.urls()) {
      const response = world.respond(url);
      const date = new Date(CRAWL_START + urls * 1000).toISOString().replace('.000Z', 'Z');
      const requestId = recordIdFor('request', world.seed, url);
      writer.write({
        type: 'request',
        recordId: requestId,
        date,
        targetUri: url,
        contentType: 'application/http; msgtype=request',
        block: httpRequestBlock(url, [['User-Agent', WORLD_USER_AGENT]]),
      });
      const status = response?.status ?? 404;
      const body = response?.body ?? Buffer.alloc(0);
      writer.write({
        type: 'response',
        recordId: recordIdFor('response', world.seed, url),
        date,
        targetUri: url,
        contentType: 'application/http; msgtype=response',
        block: httpResponseBlock(status, STATUS_CODES[status] ?? '', response?.headers ?? [], body),
        payload: body,
        headers: [
          ['WARC-Concurrent-To', `<${requestId}>`],
          ['WARC-IP-Address', '127.0.0.1'],
        ],
      });
      urls++;
      if (onProgress && urls % 100 === 0) onProgress(urls);
    }
    onProgress?.(urls);
    return { path, urls, records: writer.records, bytes: writer.offset };
  } finally {
    writer.close();
  }
}
