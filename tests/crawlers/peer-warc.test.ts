import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readAll, WARC_FIXTURES } from '../helpers/read-all.js';

/**
 * Real files from the warcio, warcio.js and dolma test suites (../shared/peer-data), several
 * broken on purpose. For each: how many documents come out and exactly which problems are
 * reported, with their byte offsets.
 */
const EXPECTED: [file: string, docs: number, problems: [code: string, offset: number | null][]][] = [
  ['dolma--sample-0000.warc.gz', 22, []],
  ['dolma--sample-0001.warc.gz', 15, []],
  // filedesc and two records with lengths -1 and "abc"; the one record with a valid header has 1 byte.
  [
    'warcio--bad.arc',
    1,
    [
      ['bad_arc_header', 0],
      ['bad_arc_header', 134],
      ['bad_arc_header', 262],
    ],
  ],
  // Whole file in one gzip member: records readable, offsets not addressable.
  ['warcio--example-bad-non-chunked.warc.gz', 1, [['gzip_not_per_record', 2113]]],
  ['warcio--example-bad.warc.gz.bad', 1, [['gzip_not_per_record', 1950]]],
  ['warcio--example-digest.warc', 0, []], // four request records, no content
  ['warcio--example-space-in-target-uri.warc.gz', 0, []], // an image resource
  // The URL was edited without fixing the declared length: the body is 12 bytes short.
  ['warcio--example-space-in-url.arc', 0, [['truncated_record', 151]]],
  // Content-Length too small: the gzip-encoded body is cut and cannot be decoded.
  [
    'warcio--example-trunc.warc',
    0,
    [
      ['bad_content_encoding', 1197],
      ['content_length_mismatch', 2560],
    ],
  ],
  // One record spread over three gzip members; warcio loses what follows it.
  ['warcio--example-wrong-chunks.warc.gz', 1, [['unparsed_trailing_data', 1575]]],
  ['warcio--example.arc', 1, []],
  ['warcio--example.arc.gz', 1, []],
  [
    'warcio.js--example-bad-length.warc',
    0,
    [
      ['bad_content_encoding', 1197],
      ['content_length_mismatch', 2561],
    ],
  ],
  ['warcio.js--example-iana.org-chunked.warc', 1, []],
  ['warcio.js--example-resource.warc.gz', 1, []],
  ['warcio.js--example-url-agnostic-revisit.warc.gz', 0, []],
  ['warcio.js--example-wget-bad-target-uri.warc.gz', 1, []], // plus wget's log and arguments, skipped
  ['warcio.js--example.warc', 1, []],
  ['warcio.js--example.warc.gz', 1, []],
  ['warcio.js--post-test-more.warc', 0, [['format_mismatch', 0]]], // gzip content under a .warc name
  ['warcio.js--post-test.warc.gz', 0, []], // POST responses that are JSON
  ['warcio.js--redirect.warc', 0, []], // a 302
];

describe('peer WARC/ARC files', () => {
  it.each(EXPECTED)('%s gives %i docs and the expected problems', async (file, docs, problems) => {
    const result = await readAll(join(WARC_FIXTURES, file));
    expect(result.docs).toHaveLength(docs);
    expect(result.problems.map((p) => [p.code, p.offset ?? null])).toEqual(problems);
    for (const p of result.problems) expect(p.path).toBe(join(WARC_FIXTURES, file));
  });

  it('counts why records were not documents', async () => {
    const { skipped } = await readAll(join(WARC_FIXTURES, 'warcio.js--example-wget-bad-target-uri.warc.gz'));
    expect(skipped).toEqual({ non_content_record: 3, non_web_resource: 2 });
    const redirect = await readAll(join(WARC_FIXTURES, 'warcio.js--redirect.warc'));
    expect(redirect.skipped).toEqual({ http_non_2xx: 1, non_content_record: 1 });
  });

  it('points every dolma document back to its exact gzip member', async () => {
    const path = join(WARC_FIXTURES, 'dolma--sample-0000.warc.gz');
    const bytes = readFileSync(path);
    const { docs } = await readAll(path);
    for (const doc of docs) {
      const { recordOffset, recordLength, recordId } = doc.provenance;
      const member = gunzipSync(bytes.subarray(recordOffset, recordOffset! + recordLength!)).toString(
        'latin1',
      );
      expect(member.startsWith('WARC/1.0\r\n')).toBe(true);
      expect(member).toContain(`WARC-Record-ID: ${recordId!}`);
      expect(member).toContain('WARC-Type: response');
    }
    // The members tile the file: each record ends where a later one (request or response) begins.
    const offsets = docs.map((d) => d.provenance.recordOffset!);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });

  it('keeps the provenance of a WARC response', async () => {
    const { docs } = await readAll(join(WARC_FIXTURES, 'warcio.js--example.warc.gz'));
    const doc = docs[0]!;
    expect(doc.url).toBe('http://example.com/');
    expect(doc.provenance).toMatchObject({
      sourceKind: 'warc',
      recordOffset: 784,
      recordLength: 1228,
      httpStatus: 200,
      fetchTime: '2017-03-06T04:02:06Z',
      archiveDigest: 'sha1:G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK',
      recordId: '<urn:uuid:a9c51e3e-0221-11e7-bf66-0242ac120005>',
    });
    expect(doc.provenance.contentDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(doc.provenance.httpHeaders?.['content-type']).toContain('text/html');
    expect(doc.html).toContain('Example Domain');
  });

  it('reads ARC headers whose URL contains spaces and ARC dates', async () => {
    const { docs } = await readAll(join(WARC_FIXTURES, 'warcio--example.arc'));
    expect(docs[0]).toMatchObject({
      url: 'http://example.com/',
      provenance: {
        sourceKind: 'arc',
        fetchTime: '2014-02-16T05:02:21Z',
        httpStatus: 200,
        recordOffset: 151,
      },
    });
  });
});
