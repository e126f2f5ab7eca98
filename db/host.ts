/** What per-domain tables call the pages without a host (no URL, or one without a host). */
export const NO_HOST = '(no host)';

/**
 * The host name of a URL as domain lists match it (lower-case, no trailing dot, no port; `www.`
 * kept, since a list entry matches its subdomains), or undefined when there is none.
 */
export function hostnameOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The host a document is grouped under in per-domain tables: lower-case, without `www.`, with the
 * port when it is not the scheme's default (sites on one machine differ only by port).
 */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).host.toLowerCase();
    return host.startsWith('www.') ? host.slice(4) : host || undefined;
  } catch {
    return undefined;
  }
}

/** UTF-8 byte length without allocating a buffer. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
