/**
 * URL language-code stripping (the WMT16 document-alignment baseline): two pages whose URLs are
 * equal once language codes are taken out (`/en/`, `-es`, `?lang=fr`, `fr.`) are candidate
 * translations of each other.
 */

/** ISO 639-1 codes, plus the 639-3 codes sites use in URLs for languages that have no 639-1 code. */
const CODES = new Set(
  (
    'af am ar as az be bg bn bo br bs ca cs cy da de dv el en eo es et eu fa fi fo fr fy ga gd gl gu ha he ' +
    'hi hr ht hu hy id ig is it ja jv ka kk km kn ko ku ky la lb lo lt lv mg mi mk ml mn mr ms mt my nb ne ' +
    'nl nn no oc or pa pl ps pt qu rm ro ru rw sa sd si sk sl sm sn so sq sr st su sv sw ta te tg th tk tl ' +
    'tn tr tt ug uk ur uz vi wo xh yi yo zh zu ' +
    'ast ceb fil haw hmn yue zsm'
  ).split(' '),
);
/** Query parameters that name a page's language. */
const LANG_PARAMS = new Set(['lang', 'language', 'locale', 'hl', 'lng', 'lc', 'ln']);

/** Whether a token is a language tag such as `es`, `pt-BR`, `zh_Hans`, `en-us`. */
export function isLanguageTag(token: string): boolean {
  const m = /^([a-z]{2,3})(?:[-_]([a-z]{2}|[a-z]{4}|\d{3}))?$/i.exec(token);
  return m !== null && CODES.has(m[1]!.toLowerCase());
}

/** A path segment with its language code taken out, or undefined when it is all code. */
function stripSegment(segment: string): string | undefined {
  if (isLanguageTag(segment)) return undefined;
  // name-es.html, name_es.html, name.es.html, es-name.html
  const ext = /(\.[a-z0-9]{1,5})$/i.exec(segment)?.[1] ?? '';
  const stem = segment.slice(0, segment.length - ext.length);
  const suffix = /^(.+?)[-_.]([a-z]{2,3}(?:[-_][a-z]{2,4})?)$/i.exec(stem);
  if (suffix && isLanguageTag(suffix[2]!)) return suffix[1]! + ext;
  const prefix = /^([a-z]{2,3}(?:[-_][a-z]{2,4})?)[-_](.+)$/i.exec(stem);
  if (prefix && isLanguageTag(prefix[1]!) && prefix[1]!.length === 2) return prefix[2]! + ext;
  return segment;
}

/**
 * The URL with language codes taken out of the host's first label, the path segments and the
 * query, or undefined when the URL names no language (then it can only pair with itself).
 */
export function languageFreeKey(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  let changed = false;
  const labels = u.hostname.split('.');
  let host = u.hostname;
  if (labels.length > 2 && isLanguageTag(labels[0]!)) {
    host = labels.slice(1).join('.');
    changed = true;
  }
  const segments: string[] = [];
  for (const segment of u.pathname.split('/')) {
    const stripped = stripSegment(decodeURIComponentSafe(segment));
    if (stripped !== segment) changed = true;
    if (stripped !== undefined) segments.push(stripped);
  }
  const params: string[] = [];
  for (const [k, v] of u.searchParams) {
    if (LANG_PARAMS.has(k.toLowerCase())) changed = true;
    else params.push(`${k}=${v}`);
  }
  if (!changed) return undefined;
  params.sort();
  const port = u.port ? `:${u.port}` : '';
  return `${host}${port}${segments.join('/')}${params.length ? `?${params.join('&')}` : ''}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
