import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isPathsListName, looksLikePathsList, parseShard, pathsListUrls } from '../../crawlers/paths-list.js';
import { remoteUrl } from '../../crawlers/remote-input.js';

const list = [
  'crawl-data/CC-MAIN-2024-10/segments/1/warc/a.warc.gz',
  'crawl-data/CC-MAIN-2024-10/segments/1/warc/b.warc.gz',
  '',
  'crawl-data/CC-MAIN-2024-10/segments/2/warc/c.warc.gz',
  'https://mirror.example/d.warc.gz',
].join('\n');

describe('paths lists', () => {
  it('resolves against Common Crawl by default, or --base-url; absolute URLs stay', () => {
    expect(pathsListUrls(gzipSync(list), 'x.paths.gz')).toEqual([
      'https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/segments/1/warc/a.warc.gz',
      'https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/segments/1/warc/b.warc.gz',
      'https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/segments/2/warc/c.warc.gz',
      'https://mirror.example/d.warc.gz',
    ]);
    expect(pathsListUrls(Buffer.from(list), 'x.paths', { baseUrl: 'http://127.0.0.1:9/cc' })[0]).toBe(
      'http://127.0.0.1:9/cc/crawl-data/CC-MAIN-2024-10/segments/1/warc/a.warc.gz',
    );
  });

  it('shards by index modulo n, then limits', () => {
    const urls = (shard: string, limit?: number): string[] =>
      pathsListUrls(Buffer.from(list), 'x', {
        shard: parseShard(shard),
        ...(limit !== undefined && { limit }),
      }).map((u) => u.slice(-10));
    expect(urls('0/2')).toEqual(['/a.warc.gz', '/c.warc.gz']);
    expect(urls('1/2')).toEqual(['/b.warc.gz', '/d.warc.gz']);
    expect(urls('0/1', 3)).toEqual(['/a.warc.gz', '/b.warc.gz', '/c.warc.gz']);
    expect(() => parseShard('2/2')).toThrow(/0 <= i < n/);
    expect(() => parseShard('1')).toThrow(/--shard must be i\/n/);
  });

  it('is told by name and by content', () => {
    expect(isPathsListName('warc.paths.gz')).toBe(true);
    expect(isPathsListName('https://h/x/wet.paths.gz?x=1')).toBe(true);
    expect(isPathsListName('a.warc.gz')).toBe(false);
    expect(looksLikePathsList(list)).toBe(true);
    expect(looksLikePathsList('crawl-data/a.warc.gz\ncrawl-data/b.warc.g')).toBe(true);
    expect(looksLikePathsList('Hello world.\nThis is text.')).toBe(false);
  });
});

describe('remote URLs', () => {
  it('maps s3:// to the bucket endpoint, Common Crawl to its HTTPS endpoint, or --s3-endpoint', () => {
    expect(remoteUrl('s3://my-bucket/a b/x.warc.gz')).toBe(
      'https://my-bucket.s3.amazonaws.com/a%20b/x.warc.gz',
    );
    expect(remoteUrl('s3://commoncrawl/crawl-data/x.warc.gz')).toBe(
      'https://data.commoncrawl.org/crawl-data/x.warc.gz',
    );
    expect(remoteUrl('s3://b/k.parquet', { s3Endpoint: 'http://127.0.0.1:9/' })).toBe(
      'http://127.0.0.1:9/b/k.parquet',
    );
    expect(() => remoteUrl('s3://b/prefix/')).toThrow(/names a bucket or a prefix/);
    expect(remoteUrl('HTTPS://h/x')).toBe('https://h/x');
    expect(remoteUrl('data/x.warc.gz')).toBeUndefined();
  });
});
