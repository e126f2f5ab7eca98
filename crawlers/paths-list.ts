import { gunzipSync } from 'node:zlib';
import { InputError } from './input-error.js';
import { COMMON_CRAWL_BASE_URL } from './remote-input.js';

/** Whether the name says "a list of archive paths" (Common Crawl's `warc.paths.gz` and kin). */
export function isPathsListName(name: string): boolean {
  return /\.paths(\.gz)?$/i.test(name.replace(/[?#].*$/, ''));
}

const ARCHIVE_PATH = /^[^\s]+\.(warc|wet|wat|arc)(\.gz)?$/i;

/**
 * Whether these first bytes (decompressed) are a list of archive paths, one per line, as Common
 * Crawl publishes them: read as text, such a file would become one useless document.
 */
export function looksLikePathsList(head: string): boolean {
  const lines = head
    .split('\n')
    .slice(0, 20)
    .map((l) => l.trim())
    .filter(Boolean);
  // The last line of a sniffed head may be cut off mid-name.
  const whole = lines.length > 1 ? lines.slice(0, -1) : lines;
  return whole.length > 0 && whole.every((l) => ARCHIVE_PATH.test(l));
}

export interface PathsSelection {
  /** Resolve the list's relative paths against this URL. @default COMMON_CRAWL_BASE_URL */
  baseUrl?: string;
  /** Keep the first this many (after sharding). */
  limit?: number;
  /** Keep the paths whose 0-based index is `index` modulo `count`. */
  shard?: { index: number; count: number };
}

/**
 * The URLs a paths list (plain or gzip bytes) names, resolved against the base URL, sharded and
 * limited. Lines that are empty or start with `#` are ignored; absolute URLs stay as they are.
 */
export function pathsListUrls(bytes: Uint8Array, name: string, selection: PathsSelection = {}): string[] {
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes)).toString('utf8');
  } catch (err) {
    throw new InputError(`${name}: the paths list does not decompress (${(err as Error).message})`);
  }
  const base = selection.baseUrl ?? COMMON_CRAWL_BASE_URL;
  const baseWithSlash = base.endsWith('/') ? base : `${base}/`;
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const { shard } = selection;
  const picked = shard ? lines.filter((_, i) => i % shard.count === shard.index) : lines;
  const limited = selection.limit === undefined ? picked : picked.slice(0, selection.limit);
  return limited.map((line) =>
    /^[a-z][a-z0-9+.-]*:\/\//i.test(line) ? line : new URL(line.replace(/^\/+/, ''), baseWithSlash).href,
  );
}

/** Parses `--shard i/n` (i counted from 0). */
export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    throw new InputError(
      `--shard must be i/n with 0 <= i < n (shards counted from 0), for example 0/4; got "${value}"`,
    );
  }
  return { index, count };
}
