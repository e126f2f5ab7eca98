/**
 * The crawl's defaults, in one place: the library's crawlers, `crawl()` and the CLI's help all
 * read them from here.
 */
export const CRAWL_DEFAULTS = {
  /** Requests at most (static and rendered together). */
  maxPages: 1000,
  /** Link hops from a seed. */
  maxDepth: 20,
  /** A response not complete after this long is given up (and retried). */
  timeoutMs: 30_000,
  /** Responses larger than this are abandoned and reported. */
  maxBytes: 10 * 1024 * 1024,
  /** Requests in flight (static crawl). */
  concurrency: 8,
  /** Pages rendered at once (browser tabs). */
  renderConcurrency: 2,
  /** Retries after a 5xx or a timeout. */
  retries: 2,
  /** First retry's delay; each next one doubles. */
  backoffMs: 500,
} as const;
