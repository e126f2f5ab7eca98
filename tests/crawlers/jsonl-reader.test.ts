import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readAll } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';

const LINES = [
  // dolma: url inside metadata, `added` and `created`
  '{"id":"d1","text":"Dolma document text.","source":"cc","added":"2024-01-02T00:00:00Z","metadata":{"url":"https://a.example/1","lang":"en"}}',
  // datatrove: top-level url
  '{"id":"d2","text":"Datatrove document text.","url":"https://b.example/2","metadata":{"dump":"CC-MAIN-2024"}}',
  '',
  'not json at all',
  '["an","array"]',
  '{"id":"d3","content":"no text field"}',
  '{"text":"No id, no url."}',
];

describe('JSONL reader', () => {
  it('reads dolma and datatrove conventions and reports bad lines by number', async () => {
    const path = join(tempDir(), 'docs.jsonl');
    writeFileSync(path, LINES.join('\n') + '\n');
    const { docs, problems } = await readAll(path);
    expect(docs.map((d) => [d.text, d.url, d.provenance.recordId, d.provenance.line])).toEqual([
      ['Dolma document text.', 'https://a.example/1', 'd1', 1],
      ['Datatrove document text.', 'https://b.example/2', 'd2', 2],
      ['No id, no url.', undefined, undefined, 7],
    ]);
    expect(docs[0]!.provenance.fetchTime).toBe('2024-01-02T00:00:00Z');
    expect(docs[0]!.metadata).toEqual({ url: 'https://a.example/1', lang: 'en' });
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['bad_json', 4],
      ['bad_json', 5],
      ['missing_text', 6],
    ]);
  });

  it('reads .jsonl.gz and reports a truncated one after keeping what decoded', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({ id: `n${i}`, text: `Document number ${i} ${'pad '.repeat(50)}` }),
    );
    const gz = gzipSync(lines.join('\n') + '\n');
    const whole = join(dir, 'all.jsonl.gz');
    writeFileSync(whole, gz);
    expect((await readAll(whole)).docs).toHaveLength(2000);

    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.byteLength / 2)));
    const { docs, problems } = await readAll(cut);
    expect(docs.length).toBeGreaterThan(100);
    expect(docs.length).toBeLessThan(2000);
    expect(docs.map((d) => d.provenance.recordId)).toEqual(
      lines.slice(0, docs.length).map((_, i) => `n${i}`),
    );
    expect(problems.map((p) => p.code)).toEqual(['truncated_gzip_member']);
  });

  it('skips a line over the record limit without holding it, and reads on; a byte order mark and CRLF are fine', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.jsonl');
    const big = JSON.stringify({ id: 'big', text: 'word '.repeat(300_000) });
    // The long lines (1.5 and 3 MB) span many of the read stream's 64 KiB chunks; the others fit in one.
    writeFileSync(
      path,
      '\uFEFF' +
        [
          '{"id":"first","text":"Before the long line."}',
          big,
          '{"id":"after","text":"After the long line."}',
          big + big,
        ].join('\r\n') +
        '\r\n{"id":"last","text":"The last line has no newline."}',
    );
    const { docs, problems } = await readAll(path, 1024 * 1024);
    expect(docs.map((d) => [d.provenance.recordId, d.provenance.line])).toEqual([
      ['first', 1],
      ['after', 3],
      ['last', 5],
    ]);
    expect(problems.map((p) => [p.code, p.line, p.message])).toEqual([
      [
        'record_too_large',
        2,
        `line 2 is ${big.length + 1} bytes, over the 1048576-byte record limit; skipped`,
      ],
      [
        'record_too_large',
        4,
        `line 4 is ${2 * big.length + 1} bytes, over the 1048576-byte record limit; skipped`,
      ],
    ]);
    // Under a limit that holds it, the same line is a document.
    expect((await readAll(path, 4 * 1024 * 1024)).docs.map((d) => d.provenance.recordId)).toEqual([
      'first',
      'big',
      'after',
      'last',
    ]);
  });

  it('gives the same ids when the same file is read twice', async () => {
    const path = join(tempDir(), 'docs.jsonl');
    writeFileSync(path, LINES.join('\n'));
    const a = await readAll(path);
    const b = await readAll(path);
    expect(a.docs.map((d) => d.id)).toEqual(b.docs.map((d) => d.id));
    expect(new Set(a.docs.map((d) => d.id)).size).toBe(a.docs.length);
  });
});
