/**
 * Politeness per host, across all of a crawl's concurrent requests: how many may be in flight to
 * one host, how long between the starts of two requests to it (the larger of the crawl's own
 * delay and the site's robots.txt `Crawl-delay`), and a pause after the host answers 429 or 503
 * (as long as its `Retry-After` asks, or a growing default).
 */

/** For hosts on public addresses: at most two requests at once, one second apart. */
export const PUBLIC_HOST_LIMITS = { maxInFlight: 2, delayMs: 1000 } as const;
/** A `Crawl-delay` is honoured up to this (some sites ask for an hour between pages). */
export const MAX_CRAWL_DELAY_MS = 30_000;
/** A `Retry-After` is honoured up to this; without one, pauses start here and double. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;
export const DEFAULT_BACKOFF_MS = 5_000;

export interface HostLimits {
  maxInFlight: number;
  delayMs: number;
}

interface HostState {
  inFlight: number;
  nextStart: number;
  pausedUntil: number;
  pauses: number;
  waiting: (() => void)[];
}

export interface PolitenessReport {
  /** Hosts paused after a 429 or 503, and how many times. */
  pauses: Record<string, number>;
  /** Hosts whose robots.txt set a Crawl-delay, in ms (as honoured). */
  crawlDelays: Record<string, number>;
  /** Total time requests waited for their host, in ms. */
  waitedMs: number;
}

/** `Retry-After` (seconds, or an HTTP date) in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  private readonly held = new Map<string, string>();
  private readonly report: PolitenessReport = { pauses: {}, crawlDelays: {}, waitedMs: 0 };

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { inFlight: 0, nextStart: 0, pausedUntil: 0, pauses: 0, waiting: [] };
      this.hosts.set(host, s);
    }
    return s;
  }

  /**
   * Waits until request `key` may go to `host` under `limits` (undefined: no limits of the crawl's
   * own, as for the loopback sites of a test) and the host's `crawlDelayMs`, then counts it in flight.
   */
  async acquire(
    key: string,
    host: string,
    limits: HostLimits | undefined,
    crawlDelayMs?: number,
  ): Promise<void> {
    const s = this.state(host);
    const crawlDelay = crawlDelayMs === undefined ? 0 : Math.min(crawlDelayMs, MAX_CRAWL_DELAY_MS);
    if (crawlDelay > 0) this.report.crawlDelays[host] = crawlDelay;
    const maxInFlight = limits?.maxInFlight ?? Infinity;
    const delay = Math.max(limits?.delayMs ?? 0, crawlDelay);
    const started = Date.now();
    for (;;) {
      const now = Date.now();
      const free = Math.max(s.nextStart, s.pausedUntil);
      if (s.inFlight < maxInFlight && now >= free) break;
      await new Promise<void>((resolve) => {
        if (s.inFlight >= maxInFlight) s.waiting.push(resolve);
        else setTimeout(resolve, free - now);
      });
    }
    s.inFlight++;
    s.nextStart = Date.now() + delay;
    this.held.set(key, host);
    this.report.waitedMs += Date.now() - started;
  }

  /** Request `key` is done (answered, failed or abandoned); a second call is a no-op. */
  release(key: string): void {
    const host = this.held.get(key);
    if (host === undefined) return;
    this.held.delete(key);
    const s = this.state(host);
    s.inFlight--;
    s.waiting.shift()?.();
  }

  /** The host answered 429 or 503: no request starts to it for `retryAfter` ms (or a growing default). */
  pause(host: string, retryAfter: number | undefined): void {
    const s = this.state(host);
    s.pauses++;
    this.report.pauses[host] = s.pauses;
    const ms = Math.min(retryAfter ?? DEFAULT_BACKOFF_MS * 2 ** (s.pauses - 1), MAX_RETRY_AFTER_MS);
    s.pausedUntil = Math.max(s.pausedUntil, Date.now() + ms);
  }

  summary(): PolitenessReport {
    return structuredClone(this.report);
  }
}
