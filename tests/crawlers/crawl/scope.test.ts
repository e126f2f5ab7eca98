import { describe, expect, it } from 'vitest';
import { CrawlScope } from '../../../crawlers/crawl/scope.js';

describe('crawl scope', () => {
  it('keeps to the seeds sites unless alternates are followed', () => {
    const scope = new CrawlScope({ seeds: ['http://a.test/en/'] });
    expect(scope.check('http://a.test/es/page.html', 1)).toEqual({ ok: true });
    expect(scope.check('https://a.test/es/page.html', 1)).toEqual({ ok: false, reason: 'other_site' });
    expect(scope.check('http://b.test/es/page.html', 1, true)).toEqual({ ok: false, reason: 'other_site' });
    expect(scope.check('mailto:x@a.test', 1)).toEqual({ ok: false, reason: 'unsupported_scheme' });
    const follow = new CrawlScope({ seeds: ['http://a.test/en/'], followAlternates: true });
    expect(follow.check('http://b.test/es/page.html', 1)).toEqual({ ok: false, reason: 'other_site' });
    expect(follow.check('http://b.test/es/page.html', 1, true)).toEqual({ ok: true });
    // The alternate's origin is in scope from then on.
    expect(follow.check('http://b.test/es/other.html', 2)).toEqual({ ok: true });
    expect(follow.sites).toEqual(['http://a.test', 'http://b.test']);
  });

  it('applies include and exclude globs and the depth limit', () => {
    const scope = new CrawlScope({
      seeds: ['http://a.test/'],
      include: ['http://a.test/en/**', 'http://a.test/'],
      exclude: ['**/*.pdf'],
      maxDepth: 2,
    });
    expect(scope.check('http://a.test/en/x/y.html', 1)).toEqual({ ok: true });
    expect(scope.check('http://a.test/', 0)).toEqual({ ok: true });
    expect(scope.check('http://a.test/fr/y.html', 1)).toEqual({ ok: false, reason: 'not_included' });
    expect(scope.check('http://a.test/en/doc.pdf', 1)).toEqual({ ok: false, reason: 'excluded' });
    expect(scope.check('http://a.test/en/deep.html', 3)).toEqual({ ok: false, reason: 'too_deep' });
  });

  it('defends against traps: repeated segments, deep paths, endless query strings', () => {
    const scope = new CrawlScope({ seeds: ['http://a.test/'], maxQueryVariants: 3 });
    expect(scope.check('http://a.test/a/b/a/b/', 1)).toEqual({ ok: true });
    expect(scope.check('http://a.test/a/b/a/b/a/', 1)).toEqual({
      ok: false,
      reason: 'trap_repeated_segments',
    });
    expect(
      scope.check(`http://a.test/${Array.from({ length: 16 }, (_, i) => `s${i}`).join('/')}`, 1),
    ).toEqual({
      ok: false,
      reason: 'trap_path_depth',
    });
    for (const q of ['?p=1', '?p=2', '?p=3']) expect(scope.check(`http://a.test/list${q}`, 1).ok).toBe(true);
    expect(scope.check('http://a.test/list?p=2', 1)).toEqual({ ok: true }); // seen before
    expect(scope.check('http://a.test/list?p=4', 1)).toEqual({ ok: false, reason: 'trap_query_variants' });
    expect(scope.check('http://a.test/other?p=4', 1)).toEqual({ ok: true });
  });
});
