import { describe, expect, it } from 'vitest';
import { extractHtml, MAX_OPEN_ELEMENTS } from '../../crawlers/extract-html.js';

const PAGE = `<!doctype html>
<html lang="fr"><head>
<title>Le  titre
 de la page</title>
<meta name="generator" content="WordPress 6.4">
<meta property="og:locale" content="fr_FR">
<link rel="canonical" href="/fr/article">
<link rel="alternate" hreflang="en" href="https://example.org/en/article">
<link rel="alternate" hreflang="de" href="/de/article">
<link rel="alternate machine-translated-from" hreflang="en" href="/en/article">
<script src="//translate.google.com/translate_a/element.js?cb=googleTranslateElementInit"></script>
<script>var gt_widget = {}; window.gtranslateSettings = {"default_language":"fr"};</script>
<style>p { color: red }</style>
</head><body>
<div id="cookie-notice" class="cookie-banner"><p>Nous utilisons des cookies pour améliorer votre expérience.</p></div>
<header><nav><ul><li><a href="/">Accueil</a></li><li><a href="/blog">Blog</a></li></ul></nav></header>
<ul class="tags"><li><a href="/t/1">Tag one</a></li><li><a href="/t/2">Tag two</a></li></ul>
<main><article>
<h1>Un titre</h1>
<p>Le premier paragraphe parle de la <a href="/liberte">liberté</a> et de l&#8217;égalité.</p>
<p lang="en">An English quotation inside the French article.</p>
<p style="display:none">Texte caché.</p>
</article></main>
<aside><p>Articles liés</p></aside>
<!-- Transposh translation-stats: 12/40 -->
<footer><p>© 2024 Exemple. Tous droits réservés.</p></footer>
<script>console.log("tracking")</script>
</body></html>`;

describe('extractHtml', () => {
  const result = extractHtml(PAGE, 'https://example.org/fr/article?x=1');

  it('keeps the main text and drops navigation, banners, hidden, link-dense and footer blocks', () => {
    expect(result.text).toBe(
      [
        'Un titre',
        'Le premier paragraphe parle de la liberté et de l’égalité.',
        'An English quotation inside the French article.',
      ].join('\n'),
    );
  });

  it('keeps the title, languages, alternates, canonical, links and meta', () => {
    expect(result.title).toBe('Le titre de la page');
    expect(result.page.htmlLang).toBe('fr');
    expect(result.page.langAttrs).toEqual({ en: 'An English quotation inside the French article.'.length });
    expect(result.page.canonical).toBe('https://example.org/fr/article');
    expect(result.page.alternates).toEqual([
      { hreflang: 'en', href: 'https://example.org/en/article' },
      { hreflang: 'de', href: 'https://example.org/de/article' },
      { hreflang: 'en', href: 'https://example.org/en/article' },
    ]);
    expect(result.page.links).toEqual([
      'https://example.org/',
      'https://example.org/blog',
      'https://example.org/t/1',
      'https://example.org/t/2',
      'https://example.org/liberte',
    ]);
    expect(result.page.meta).toMatchObject({ generator: 'WordPress 6.4', 'og:locale': 'fr_FR' });
  });

  it('records machine-translation traces with where they were found', () => {
    expect(result.page.traces).toEqual([
      'comment:translation-stats',
      'comment:transposh',
      'inline:gt_widget',
      'inline:gtranslate',
      'rel:alternate machine-translated-from',
      'script:googletranslate',
      'script:translate.google',
    ]);
    expect(result.page.scripts).toEqual([
      'https://translate.google.com/translate_a/element.js?cb=googleTranslateElementInit',
    ]);
  });

  it('handles unclosed tags and text outside any element', () => {
    const r = extractHtml('Loose text<p>para one<p>para two<div>block</div>tail');
    expect(r.text).toBe('Loose text\npara one\npara two\nblock\ntail');
  });

  it('parses broken markup with thousands of open elements in linear time, keeping its text', () => {
    // Unclosed elements and stray close tags cost htmlparser2 time in proportion to its stack depth:
    // 50,000 of each took 5 s for 0.6 MB before the parser started afresh past MAX_OPEN_ELEMENTS.
    const n = 3 * MAX_OPEN_ELEMENTS;
    const words = Array.from({ length: n }, (_, i) => `<b>w${i} `).join('');
    const r = extractHtml(`<html><body><p>Intro.</p>${words}</body></html>`);
    expect(r.text.split(/\s+/)).toEqual(['Intro.', ...Array.from({ length: n }, (_, i) => `w${i}`)]);
    expect(r.page.markupRestarts!.count).toBe(2);
    expect(r.page.markupRestarts!.firstAt).toBeGreaterThan(MAX_OPEN_ELEMENTS * 4);
    // A well-formed page never restarts.
    expect(
      extractHtml('<html><body><div><p>Fine.</p></div></body></html>').page.markupRestarts,
    ).toBeUndefined();
    // Work stays linear: 200,000 open elements and as many stray close tags are read, not stuck.
    const hostile = extractHtml(
      `<html><body>${'<div>'.repeat(200_000)}x${'</span>'.repeat(200_000)}</body></html>`,
    );
    expect(hostile.text).toBe('x');
    expect(hostile.page.markupRestarts!.count).toBe(199);
  });

  it('leaves the text empty for a page that is all boilerplate', () => {
    expect(extractHtml('<nav><a href="/">Home</a></nav><footer>Footer</footer>').text).toBe('');
  });
});
