import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../../crawlers/expand-inputs.js';
import { discardInput } from '../../crawlers/spool.js';
import { readAll } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';

function wetRecord(url: string, text: string, n: number): Buffer {
  const body = Buffer.from(text);
  const head =
    `WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: ${url}\r\nWARC-Date: 2024-02-01T00:00:00Z\r\n` +
    `WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000${n}>\r\nContent-Type: text/plain\r\n` +
    `Content-Length: ${body.byteLength}\r\n\r\n`;
  return gzipSync(Buffer.concat([Buffer.from(head), body, Buffer.from('\r\n\r\n')]));
}

describe('WET files', () => {
  it('read conversion records as plain-text documents with their provenance', async () => {
    const path = join(tempDir(), 'sample.warc.wet.gz');
    const info = gzipSync(
      Buffer.from('WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n'),
    );
    const a = wetRecord('https://a.example/', 'First extracted page text.\nSecond line.', 1);
    const b = wetRecord('https://b.example/x', 'Texto de otra página.', 2);
    writeFileSync(path, Buffer.concat([info, a, b]));
    const { docs, problems, skipped } = await readAll(path);
    expect(problems).toEqual([]);
    expect(skipped).toEqual({ non_content_record: 1 });
    expect(
      docs.map((d) => [
        d.url,
        d.text,
        d.provenance.sourceKind,
        d.provenance.recordOffset,
        d.provenance.recordLength,
      ]),
    ).toEqual([
      [
        'https://a.example/',
        'First extracted page text.\nSecond line.',
        'wet',
        info.byteLength,
        a.byteLength,
      ],
      ['https://b.example/x', 'Texto de otra página.', 'wet', info.byteLength + a.byteLength, b.byteLength],
    ]);
    expect(docs[0]!.html).toBeUndefined();
  });
});

describe('folders and globs of HTML and text files', () => {
  it('expands folders recursively and globs, sorted and without repeats', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    for (const f of ['a.html', 'b.txt', 'sub/c.htm', 'sub/d.jsonl', 'notes.md'])
      writeFileSync(join(dir, f), 'x');
    const folder = await expandInputs([dir]);
    expect(folder.map((f) => f.path.slice(dir.length + 1))).toEqual([
      'a.html',
      'b.txt',
      'sub/c.htm',
      'sub/d.jsonl',
    ]);
    const glob = await expandInputs(['**/*.htm*', 'a.html'], dir);
    expect(glob.map((f) => f.path.slice(dir.length + 1))).toEqual(['a.html', 'sub/c.htm']);
  });

  it('saves standard input and devices to a temporary file, read under their own name', async () => {
    const spoolDir = tempDir();
    const [stdin] = await expandInputs(['-'], tempDir(), {
      stdin: Readable.from(['<p>hello</p>']),
      spoolDir,
    });
    expect(stdin).toMatchObject({ name: '-', size: 12, temporary: true });
    expect(readFileSync(stdin!.path, 'utf8')).toBe('<p>hello</p>');
    const [device] = await expandInputs(['/dev/null'], tempDir(), { spoolDir });
    expect(device).toMatchObject({ name: '/dev/null', size: 0, temporary: true });
    await discardInput(stdin!);
    await discardInput(device!);
    expect(readdirSync(spoolDir)).toEqual([]);
    // A terminal is not data: `ingest -` typed without a pipe would wait forever.
    const terminal = Object.assign(Readable.from([]), { isTTY: true });
    await expect(expandInputs(['-'], tempDir(), { stdin: terminal })).rejects.toThrow(
      /standard input is a terminal, not data: pipe a corpus into `-`/,
    );
  });

  it('reads a file reached through symbolic links once', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'a.html'), '<p>a</p>');
    writeFileSync(join(dir, 'real', 'b.txt'), 'b');
    symlinkSync(join(dir, 'real'), join(dir, 'linked'));
    symlinkSync(join(dir, 'real', 'a.html'), join(dir, 'alias.html'));
    const files = await expandInputs([dir, join(dir, 'linked')]);
    // Four paths to a.html, two or three to b.txt (the folder link is followed or not): two files.
    expect(files).toHaveLength(2);
    expect(files[0]!.path.slice(dir.length + 1)).toBe('alias.html');
  });

  it('reads an HTML file in its declared charset and a text file as text', async () => {
    const dir = tempDir();
    const html = join(dir, 'page.html');
    writeFileSync(
      html,
      iconv.encode(
        '<html lang="ru"><head><meta charset="koi8-r"><title>Т</title></head><body><p>Все люди рождаются свободными.</p></body></html>',
        'koi8-r',
      ),
    );
    const txt = join(dir, 'note.txt');
    writeFileSync(txt, 'Plain text, one line.\n');
    const a = await readAll(html);
    expect(a.docs[0]).toMatchObject({
      charset: { name: 'koi8-r', source: 'meta' },
      provenance: { sourceKind: 'html-file', recordOffset: 0 },
    });
    expect(a.docs[0]!.url).toMatch(/^file:\/\/.*page\.html$/);
    expect(a.docs[0]!.html).toContain('Все люди рождаются свободными.');
    const b = await readAll(txt);
    expect(b.docs[0]).toMatchObject({
      text: 'Plain text, one line.\n',
      provenance: { sourceKind: 'text-file' },
    });
  });
  it('reads gzipped HTML and text files, and reports cut or oversized ones with their path', async () => {
    const dir = tempDir();
    const html = iconv.encode(
      '<html lang="ru"><head><meta charset="koi8-r"><title>Т</title></head><body><p>Все люди рождаются свободными.</p></body></html>',
      'koi8-r',
    );
    const gz = gzipSync(html);
    writeFileSync(join(dir, 'page.html.gz'), gz);
    writeFileSync(join(dir, 'note.txt.gz'), gzipSync(Buffer.from('Plain text, gzipped.\n')));
    writeFileSync(join(dir, 'cut.html.gz'), gz.subarray(0, gz.byteLength - 12));
    writeFileSync(join(dir, 'bomb.txt.gz'), gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x61)));
    const files = await expandInputs([dir]);
    expect(files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      'bomb.txt.gz',
      'cut.html.gz',
      'note.txt.gz',
      'page.html.gz',
    ]);
    const page = await readAll(join(dir, 'page.html.gz'));
    expect(page.problems).toEqual([]);
    expect(page.docs[0]).toMatchObject({
      charset: { name: 'koi8-r', source: 'meta' },
      provenance: { sourceKind: 'html-file', recordOffset: 0, recordLength: gz.byteLength },
    });
    expect(page.docs[0]!.html).toContain('Все люди рождаются свободными.');
    const note = await readAll(join(dir, 'note.txt.gz'));
    expect(note.docs.map((d) => d.text)).toEqual(['Plain text, gzipped.\n']);
    const cut = await readAll(join(dir, 'cut.html.gz'));
    expect(cut.docs).toEqual([]);
    expect(cut.problems).toMatchObject([{ code: 'truncated_gzip_member', path: join(dir, 'cut.html.gz') }]);
    const bomb = await readAll(join(dir, 'bomb.txt.gz'), 1024 * 1024);
    expect(bomb.docs).toEqual([]);
    expect(bomb.problems).toMatchObject([{ code: 'record_too_large', path: join(dir, 'bomb.txt.gz') }]);
  });

  it('skips an HTML or text file over the record limit unread, with its size', async () => {
    const path = join(tempDir(), 'huge.txt');
    writeFileSync(path, 'line of text\n'.repeat(100_000));
    const { docs, problems } = await readAll(path, 1024 * 1024);
    expect(docs).toEqual([]);
    expect(problems).toEqual([
      {
        code: 'record_too_large',
        message: 'file of 1300000 bytes exceeds the 1048576-byte record limit; skipped unread',
        path,
        offset: 0,
      },
    ]);
  });

  it('reads HTML files in UTF-16 (either byte order) as HTML', async () => {
    const dir = tempDir();
    const page =
      '<!DOCTYPE html><html lang="de"><body><nav>Menü Startseite</nav><p>Alle Menschen sind frei und gleich an Würde und Rechten geboren.</p></body></html>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    // Files whose names say nothing, so only their bytes tell what they are.
    writeFileSync(join(dir, 'le.page'), le);
    writeFileSync(join(dir, 'be.page'), be);
    for (const name of ['le.page', 'be.page']) {
      const { docs, problems } = await readAll(join(dir, name));
      expect(problems).toEqual([]);
      expect(docs.map((d) => [d.provenance.sourceKind, d.html?.includes('<nav>')])).toEqual([
        ['html-file', true],
      ]);
    }
  });
});
