import type { DeclaredLanguage, PageInfo } from '../db/types.js';
import { declaredCode } from './lang-codes.js';

/**
 * The languages a page declares about itself: `<html lang>`, the `Content-Language` header, the
 * `hreflang` of the alternate that points at the page itself, and a language segment in its URL
 * (`/de/`, `/pt-br/`, `?lang=fr`). Recorded beside the identified language as evidence (an MT farm
 * often declares one language and serves another), and used as a prior on short or unclear text.
 */

/**
 * First path segments that look like language codes but mostly are not (`/my/account`, `/in/`,
 * `/to/`): a URL segment is weak evidence, and these would make it wrong more often than right.
 */
const NOT_LANGUAGE_SEGMENTS = new Set([
  'my',
  'in',
  'to',
  'am',
  'be',
  'do',
  'go',
  'me',
  'us',
  'so',
  'as',
  'at',
  'on',
  'or',
  'id',
]);

function fromUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  for (const key of ['lang', 'hl', 'locale', 'language']) {
    const value = parsed.searchParams.get(key);
    const code = value ? declaredCode(value) : undefined;
    if (code) return code;
  }
  const first = parsed.pathname.split('/')[1] ?? '';
  if (!/^[a-z]{2,3}(?:[-_][a-z]{2,4})?$/i.test(first)) return undefined;
  if (NOT_LANGUAGE_SEGMENTS.has(first.toLowerCase())) return undefined;
  return declaredCode(first);
}

function sameUrl(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}

/** What a page declares, first the strongest (its markup), each code once with its first source. */
export function declaredLanguages(input: {
  url?: string | undefined;
  page?: Pick<PageInfo, 'htmlLang' | 'alternates' | 'canonical'> | undefined;
  contentLanguage?: string | undefined;
}): DeclaredLanguage[] {
  const out: DeclaredLanguage[] = [];
  const add = (code: string | undefined, source: DeclaredLanguage['source']): void => {
    if (code && !out.some((d) => d.code === code)) out.push({ code, source });
  };
  if (input.page?.htmlLang) add(declaredCode(input.page.htmlLang), 'html');
  // `Content-Language` may list several languages (the audience's, not the text's): only a single one is evidence.
  const header = input.contentLanguage
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (header?.length === 1) add(declaredCode(header[0]!), 'header');
  const self = [input.url, input.page?.canonical].filter((u): u is string => u !== undefined);
  for (const alt of input.page?.alternates ?? []) {
    if (self.some((u) => sameUrl(u, alt.href))) add(declaredCode(alt.hreflang), 'hreflang');
  }
  if (input.url) add(fromUrl(input.url), 'url');
  return out;
}
