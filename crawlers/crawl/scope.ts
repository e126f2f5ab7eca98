import picomatch from 'picomatch';
import { CRAWL_DEFAULTS } from './crawl-defaults.js';

/**
 * What a crawl may follow: the seeds' sites (by origin), URLs matching include globs and none of
 * the exclude globs, within a depth, and not caught by the trap defence: a path segment repeated
 * three or more times (/a/b/a/b/a/), paths deeper than `maxPathSegments`, or more than
 * `maxQueryVariants` query strings on one path. Link depth is what bounds an endless calendar
 * (/calendar/2026/11/ -> /calendar/2026/12/ -> ...): each month is one hop further.
 */

export interface ScopeOptions {
  seeds: readonly string[];
  /** Globs over the whole URL, e.g. `http://example.com/en/**`; none means everything in scope. */
  include?: readonly string[];
  exclude?: readonly string[];
  /** Link hops from a seed. Default 20. */
  maxDepth?: number;
  /** Follow hreflang alternates to other origins. Default false. */
  followAlternates?: boolean;
  maxPathSegments?: number;
  maxQueryVariants?: number;
}

export type ScopeReason =
  | 'unsupported_scheme'
  | 'other_site'
  | 'excluded'
  | 'not_included'
  | 'too_deep'
  | 'trap_repeated_segments'
  | 'trap_path_depth'
  | 'trap_query_variants';

export type ScopeVerdict = { ok: true } | { ok: false; reason: ScopeReason };

export class CrawlScope {
  private readonly origins = new Set<string>();
  private readonly include: ((url: string) => boolean) | undefined;
  private readonly exclude: ((url: string) => boolean) | undefined;
  private readonly queries = new Map<string, Set<string>>();
  readonly maxDepth: number;

  constructor(private readonly options: ScopeOptions) {
    for (const seed of options.seeds) this.origins.add(new URL(seed).origin);
    const matcher = (globs: readonly string[] | undefined) =>
      globs?.length ? picomatch(globs as string[], { dot: true }) : undefined;
    this.include = matcher(options.include);
    this.exclude = matcher(options.exclude);
    this.maxDepth = options.maxDepth ?? CRAWL_DEFAULTS.maxDepth;
  }

  /** Origins the crawl covers: the seeds' and those added by followed alternates. */
  get sites(): string[] {
    return [...this.origins];
  }

  /**
   * Whether a discovered URL may be enqueued at `depth` (seeds are 0). `viaAlternate` marks an
   * hreflang alternate, which brings its origin into scope when alternates are followed.
   */
  check(url: string, depth: number, viaAlternate = false): ScopeVerdict {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { ok: false, reason: 'unsupported_scheme' };
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, reason: 'unsupported_scheme' };
    if (!this.origins.has(u.origin)) {
      if (!(viaAlternate && this.options.followAlternates)) return { ok: false, reason: 'other_site' };
    }
    if (this.exclude?.(url)) return { ok: false, reason: 'excluded' };
    if (this.include && !this.include(url)) return { ok: false, reason: 'not_included' };
    if (depth > this.maxDepth) return { ok: false, reason: 'too_deep' };
    const segments = u.pathname.split('/').filter(Boolean);
    if (segments.length > (this.options.maxPathSegments ?? 15))
      return { ok: false, reason: 'trap_path_depth' };
    const counts = new Map<string, number>();
    for (const s of segments) {
      const n = (counts.get(s) ?? 0) + 1;
      if (n >= 3) return { ok: false, reason: 'trap_repeated_segments' };
      counts.set(s, n);
    }
    if (u.search) {
      const key = u.origin + u.pathname;
      const seen = this.queries.get(key) ?? new Set<string>();
      if (!seen.has(u.search) && seen.size >= (this.options.maxQueryVariants ?? 20)) {
        return { ok: false, reason: 'trap_query_variants' };
      }
      seen.add(u.search);
      this.queries.set(key, seen);
    }
    if (!this.origins.has(u.origin)) this.origins.add(u.origin);
    return { ok: true };
  }
}
