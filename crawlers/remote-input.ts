import { InputError } from './input-error.js';

/** Common Crawl's public HTTPS endpoint: where the paths in its `*.paths.gz` files resolve. */
export const COMMON_CRAWL_BASE_URL = 'https://data.commoncrawl.org/';

export interface RemoteOptions {
  /**
   * Where `s3://bucket/key` is fetched: path-style `<endpoint>/<bucket>/<key>`. Default: the
   * bucket's public virtual-hosted endpoint `https://<bucket>.s3.amazonaws.com/<key>`, and
   * Common Crawl's HTTPS endpoint for the `commoncrawl` bucket.
   */
  s3Endpoint?: string;
}

/** The HTTPS URL an `http(s)://` or `s3://` input is fetched from, or undefined for a local path. */
export function remoteUrl(spec: string, options: RemoteOptions = {}): string | undefined {
  if (/^https?:\/\//i.test(spec)) return new URL(spec).href;
  const s3 = /^s3:\/\/([^/]+)\/(.*)$/i.exec(spec) ?? /^s3:\/\/([^/]+)$/i.exec(spec);
  if (!s3) return undefined;
  const [, bucket = '', key = ''] = s3;
  if (key === '' || key.endsWith('/')) {
    throw new InputError(
      `${spec} names a bucket or a prefix; name the objects (listing a bucket is not supported): for example s3://${bucket}/${key || 'path/'}file.warc.gz`,
    );
  }
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (options.s3Endpoint) return `${options.s3Endpoint.replace(/\/+$/, '')}/${bucket}/${path}`;
  if (bucket === 'commoncrawl') return `${COMMON_CRAWL_BASE_URL}${path}`;
  return `https://${bucket}.s3.amazonaws.com/${path}`;
}
