/** Resolves `href` against `base`; returns it unchanged when either cannot be parsed. */
export function resolveUrl(href: string, base: string | undefined): string {
  const trimmed = href.trim();
  try {
    return base ? new URL(trimmed, base).href : new URL(trimmed).href;
  } catch {
    return trimmed;
  }
}
