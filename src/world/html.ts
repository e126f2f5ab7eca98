import type { WorldResponse } from './types.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface Link {
  href: string;
  text: string;
}

export interface PageParts {
  /** BCP 47 of the page. */
  lang: string;
  title: string;
  siteName: string;
  /** Extra markup inside <head>: alternates, canonical, plugin traces. */
  head?: string[];
  nav: Link[];
  /** Article paragraphs; a page without them is an index. */
  paragraphs?: string[];
  /** Lists of links in the main content (index pages). */
  list?: Link[];
  related?: Link[];
  /** Raw markup placed after <main> (scripts, widgets). */
  after?: string[];
  cookieBanner?: boolean;
  /** Omit the <meta charset> (for charset hazards declared only by HTTP header). */
  noMetaCharset?: boolean;
  /** The charset named in <meta charset>. Default utf-8. */
  metaCharset?: string;
}

const links = (items: Link[]): string =>
  items.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join('');

/** One page of the world in the common shape of a small CMS theme. */
export function renderPage(p: PageParts): string {
  const head = [
    p.noMetaCharset ? '' : `<meta charset="${p.metaCharset ?? 'utf-8'}">`,
    `<title>${escapeHtml(p.title)} - ${escapeHtml(p.siteName)}</title>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(p.head ?? []),
  ].filter(Boolean);
  const body: string[] = [
    `<header class="site-header"><a class="logo" href="/">${escapeHtml(p.siteName)}</a>`,
    `<nav class="menu"><ul>${links(p.nav)}</ul></nav></header>`,
    '<main>',
  ];
  if (p.paragraphs) {
    body.push(`<article><h1>${escapeHtml(p.title)}</h1>`);
    for (const para of p.paragraphs) body.push(`<p>${escapeHtml(para)}</p>`);
    body.push('</article>');
  } else {
    body.push(`<h1>${escapeHtml(p.title)}</h1>`);
  }
  if (p.list) body.push(`<ul class="articles">${links(p.list)}</ul>`);
  body.push('</main>');
  if (p.related?.length) {
    body.push(`<aside class="related"><h2>Related</h2><ul>${links(p.related)}</ul></aside>`);
  }
  if (p.cookieBanner) {
    body.push(
      '<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience. ' +
        '<button>Accept</button> <a href="/privacy.html">Privacy policy</a></div>',
    );
  }
  body.push(
    `<footer class="site-footer"><p>&copy; 2026 ${escapeHtml(p.siteName)}. All rights reserved.</p>` +
      '<ul><li><a href="/">Home</a></li><li><a href="/sitemap.xml">Sitemap</a></li></ul></footer>',
    ...(p.after ?? []),
  );
  return (
    `<!doctype html>\n<html lang="${escapeHtml(p.lang)}">\n<head>\n${head.join('\n')}\n</head>\n` +
    `<body>\n${body.join('\n')}\n</body>\n</html>\n`
  );
}

export function htmlResponse(html: string, contentType = 'text/html; charset=utf-8'): WorldResponse {
  return { status: 200, headers: [['Content-Type', contentType]], body: Buffer.from(html, 'utf8') };
}

export function textResponse(text: string, contentType: string, status = 200): WorldResponse {
  return { status, headers: [['Content-Type', contentType]], body: Buffer.from(text, 'utf8') };
}

export function redirect(location: string, status = 301): WorldResponse {
  return {
    status,
    headers: [
      ['Location', location],
      ['Content-Type', 'text/html; charset=utf-8'],
    ],
    body: Buffer.from(`<!doctype html><title>Moved</title><a href="${escapeHtml(location)}">moved</a>\n`),
  };
}

export function notFound(): WorldResponse {
  return textResponse(
    '<!doctype html><title>Not found</title><h1>404 Not Found</h1>\n',
    'text/html; charset=utf-8',
    404,
  );
}
