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
