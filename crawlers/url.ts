/**
 * Characters that need no escaping or normalisation in a path or query: when a link holds only
 * these and no dot segments, resolving it is string concatenation. Anything else takes WHATWG URL
 * parsing. Pages carry a hundred links or more, and `new URL` is the slow part of extraction.
 */
const PLAIN = /^[A-Za-z0-9\-._~/?=&%+:@,;]*$/;

/** Scheme, host and port of an absolute http(s) URL, without parsing it. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(?::\d+)?(?=\/|$)/;

/** Origins of recently seen bases: one page resolves all its links against the same base. */
let lastBase: string | undefined;
let lastOrigin: string | undefined;

function originOf(base: string): string | undefined {
  if (base !== lastBase) {
    lastBase = base;
    const origin = ORIGIN.exec(base)?.[0];
    // Upper-case hosts are lower-cased by URL parsing: leave those to it.
    lastOrigin = origin && origin === origin.toLowerCase() ? origin : undefined;
  }
  return lastOrigin;
}

/** Resolves `href` against `base` as `new URL(href, base).href` does; returns it unchanged when unparsable. */
export function resolveUrl(href: string, base: string | undefined): string {
  const trimmed = href.trim();
  if (
    base &&
    trimmed.startsWith('/') &&
    !trimmed.startsWith('//') &&
    PLAIN.test(trimmed) &&
    !trimmed.includes('/.')
  ) {
    const origin = originOf(base);
    if (origin) return origin + trimmed;
  }
  try {
    return base ? new URL(trimmed, base).href : new URL(trimmed).href;
  } catch {
    return trimmed;
  }
}
