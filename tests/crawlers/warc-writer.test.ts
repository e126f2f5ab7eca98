import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WARCParser } from 'warcio';
import { describe, expect, it } from 'vitest';
import {
  httpRequestBlock,
  httpResponseBlock,
  recordIdFor,
  warcDigest,
  WarcWriter,
} from '../../crawlers/warc-writer.js';
import { readAll } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';

describe('WarcWriter', () => {
  it('computes WARC digests in base32 sha1', () => {
    expect(warcDigest(Buffer.alloc(0))).toBe('sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ');
    expect(recordIdFor('a', 1)).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(recordIdFor('a', 1)).toBe(recordIdFor('a', 1));
  });

  it('writes records that warcio and the ingest reader read back, at the offsets it reports', async () => {
    const path = join(tempDir(), 'out.warc.gz');
    const writer = new WarcWriter(path);
    const url = 'http://127.0.0.1:8100/a.html?x=1';
    const body = Buffer.from(
      '<html lang="en"><body><p>The jury said it found no evidence of any kind in the matter.</p></body></html>',
    );
    const request = writer.write({
      type: 'request',
      recordId: recordIdFor('req', url),
      date: '2026-01-01T00:00:00Z',
      targetUri: url,
      contentType: 'application/http; msgtype=request',
      block: httpRequestBlock(url),
    });
    const response = writer.write({
      type: 'response',
      recordId: recordIdFor('res', url),
      date: '2026-01-01T00:00:00Z',
      targetUri: url,
      contentType: 'application/http; msgtype=response',
      block: httpResponseBlock(200, 'OK', [['Content-Type', 'text/html; charset=utf-8']], body),
      payload: body,
    });
    writer.close();
    expect(request.offset).toBe(0);
    expect(response.offset).toBe(request.length);
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(response.offset + response.length);
    // Each record is its own gzip member, so a reader can start at its offset.
    const member = gunzipSync(bytes.subarray(response.offset, response.offset + response.length)).toString(
      'latin1',
    );
    expect(member.startsWith('WARC/1.1\r\nWARC-Type: response\r\n')).toBe(true);
    expect(member).toContain(`WARC-Payload-Digest: ${warcDigest(body)}`);

    const types: string[] = [];
    for await (const record of new WARCParser(createReadStream(path))) {
      types.push(record.warcType);
      if (record.warcType === 'response') {
        expect(record.httpHeaders?.statusCode).toBe(200);
        expect(Buffer.from(await record.readFully(false)).equals(body)).toBe(true);
      }
    }
    expect(types).toEqual(['request', 'response']);
    const { docs, problems } = await readAll(path);
    expect(problems).toEqual([]);
    expect(docs).toHaveLength(1);
    expect(docs[0]!.url).toBe(url);
    expect(docs[0]!.provenance.recordOffset).toBe(response.offset);
  });
});
