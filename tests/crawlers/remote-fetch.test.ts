import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchToFile, FetchError, headRemote } from '../../crawlers/remote-fetch.js';
import { startFileServer, type FileServer } from '../helpers/file-server.js';
import { tempDir } from '../helpers/temp-dirs.js';

const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fetchToFile', () => {
  it('resumes a cut transfer with a range request and ends with the exact bytes', async () => {
    server = await startFileServer({ '/a.bin': { body, cutAfter: 70_000 } });
    const dest = join(tempDir(), 'a');
    const result = await fetchToFile(`${server.url}/a.bin`, dest, { retryDelayMs: 10 });
    expect(readFileSync(dest).equals(body)).toBe(true);
    expect(result).toMatchObject({
      bytes: body.byteLength,
      expected: body.byteLength,
      resumed: 1,
      retried: 1,
    });
    expect(server.log[1]).toMatch(/^GET \/a\.bin bytes=\d+-$/);
  });

  it('starts again from zero where the server ignores ranges', async () => {
    server = await startFileServer({ '/a.bin': { body, cutAfter: 70_000, noRanges: true } });
    const dest = join(tempDir(), 'a');
    const result = await fetchToFile(`${server.url}/a.bin`, dest, { retryDelayMs: 10 });
    expect(readFileSync(dest).equals(body)).toBe(true);
    expect(result.resumed).toBe(0);
  });

  it('retries 503 and 429 (Retry-After honoured), fails at once on 404, gives up after its retries', async () => {
    server = await startFileServer({
      '/busy': { body, failFirst: { count: 2, status: 503 } },
      '/down': { body, failFirst: { count: 99, status: 429 } },
    });
    const dir = tempDir();
    await fetchToFile(`${server.url}/busy`, join(dir, 'b'), { retryDelayMs: 10 });
    expect(readFileSync(join(dir, 'b')).equals(body)).toBe(true);
    await expect(fetchToFile(`${server.url}/missing`, join(dir, 'm'))).rejects.toThrow(/HTTP 404/);
    const gaveUp = fetchToFile(`${server.url}/down`, join(dir, 'd'), { retries: 2, retryDelayMs: 10 });
    await expect(gaveUp).rejects.toBeInstanceOf(FetchError);
    await expect(gaveUp).rejects.toThrow(/gave up after 3 tries \(HTTP 429\)/);
  });

  it('a refused connection is retried, then reported with its cause', async () => {
    server = await startFileServer({});
    const url = server.url;
    await server.close();
    server = undefined;
    await expect(
      fetchToFile(`${url}/x`, join(tempDir(), 'x'), { retries: 1, retryDelayMs: 10 }),
    ).rejects.toThrow(/gave up after 2 tries \(fetch failed \(.*ECONNREFUSED/);
  });

  it('headRemote gives size and date, zeros where the server does not answer', async () => {
    server = await startFileServer({ '/a.bin': { body } });
    expect(await headRemote(`${server.url}/a.bin`)).toEqual({
      size: body.byteLength,
      mtimeMs: Date.parse('Mon, 07 Dec 2026 10:00:00 GMT'),
    });
    expect(await headRemote(`${server.url}/none`)).toEqual({ size: 0, mtimeMs: 0 });
  });
});
