import { describe, expect, it } from 'vitest';
import { resolveUrl } from '../../crawlers/url.js';

describe('resolveUrl', () => {
  const bases = [
    'https://example.org/fr/article?x=1',
    'http://a.example:8080',
    'https://EXAMPLE.org/a/b',
    'https://ex.org/a/b/',
  ];
  const hrefs = [
    '/',
    '/plain/path-1/',
    '/q?a=1&b=two',
    '/a/./b/../c',
    '/with space',
    '/ünïcode',
    '//cdn.example/x.js',
    'relative/page',
    '../up',
    '?only=query',
    '#frag',
    'https://other.example/Path',
    'mailto:someone@example.org',
    '  /trimmed  ',
  ];
  it.each(bases)('agrees with new URL() against %s', (base) => {
    for (const href of hrefs) expect(resolveUrl(href, base)).toBe(new URL(href.trim(), base).href);
  });

  it('returns what it cannot resolve unchanged', () => {
    expect(resolveUrl('not a url', undefined)).toBe('not a url');
    expect(resolveUrl('http://[bad', 'https://a.example/')).toBe('http://[bad');
  });
});
