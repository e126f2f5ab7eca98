import { Parser, type Handler } from 'htmlparser2';
import type { PageInfo } from '../db/types.js';
import { resolveUrl } from './url.js';

/** Caps that keep one pathological page from bloating the Store. */
const MAX_LINKS = 500;
const MAX_SCRIPTS = 100;

/**
 * Elements open at once beyond which the markup is taken as broken (or hostile) and parsing starts
 * afresh from there. htmlparser2's element stack costs time in proportion to its depth for every
 * close tag, so 50,000 unclosed elements and as many stray close tags took 5 s for 0.6 MB (20,000:
 * 0.7 s); a 10 MB page of them would take some twenty minutes at that rate of growth. Real pages
 * nest a few dozen deep; Chromium caps its tree at 512.
 */
export const MAX_OPEN_ELEMENTS = 1000;
/** Elements whose content htmlparser2 reads as raw text: a fresh parser must not start inside one. */
const RAW_TEXT_TAGS = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
]);

/** A block whose text is mostly link text and short is a menu or a link list, not prose. */
const MAX_LINK_DENSITY = 0.5;
const LINK_BLOCK_MAX_CHARS = 300;

/** Elements whose whole subtree is never main text. */
const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'head',
  'nav',
  'aside',
  'form',
  'button',
  'select',
  'textarea',
  'dialog',
  'menu',
]);

/** Elements that end a text block. */
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'table',
  'tr',
  'td',
  'th',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'figure',
  'figcaption',
  'caption',
  'address',
  'br',
  'hr',
  'body',
  'html',
  'header',
  'footer',
  'center',
  'summary',
  'details',
  'fieldset',
  'legend',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** `role` values of landmarks that hold navigation and chrome, not content. */
const SKIP_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'menu',
  'menubar',
  'dialog',
  'alert',
]);

/** Class and id words of boilerplate blocks (cookie banners, menus, share bars, footers). */
const BOILERPLATE_WORDS = new Set([
  'cookie',
  'cookies',
  'consent',
  'gdpr',
  'banner',
  'nav',
  'navbar',
  'navigation',
  'menu',
  'breadcrumb',
  'breadcrumbs',
  'footer',
  'sidebar',
  'share',
  'sharing',
  'social',
  'related',
  'advert',
  'advertisement',
  'ads',
  'ad',
  'promo',
  'newsletter',
  'subscribe',
  'popup',
  'modal',
  'skip',
  'masthead',
  'toolbar',
  'pagination',
  'comments',
]);

/** Markers of machine-translation plugins and widgets, matched in scripts, attributes and comments. */
const MT_MARKERS =
  /gtranslate|google_translate|googletranslate|translate\.google|gt_widget|transposh|translation-stats|weglot|conveythis|translatepress|machine-translat|bing\w*translat|yandex\w*translat|auto-translat/gi;
/**
 * A cheap first test: every marker contains one of these. Most attributes and scripts contain none,
 * and a failed `test` costs far less than setting up `matchAll`.
 */
const MT_HINT = /transl|transp|gt_|weglot|conveythis/i;

export interface Extracted {
  text: string;
  title?: string;
  page: PageInfo;
}

/**
 * One of BOILERPLATE_WORDS as a whole word of a lower-cased class or id, words split at whitespace,
 * `_` and `-`. One test instead of splitting every class attribute into an array of words: most
 * elements of a page have a class, and that array was a good part of extraction's garbage.
 */
const BOILERPLATE_NAME = new RegExp(`(?:^|[\\s_-])(?:${[...BOILERPLATE_WORDS].join('|')})(?=$|[\\s_-])`);

function isBoilerplate(attrs: Record<string, string>): boolean {
  if (attrs.hidden !== undefined || attrs['aria-hidden'] === 'true') return true;
  if (attrs.role && SKIP_ROLES.has(attrs.role.toLowerCase())) return true;
  if (attrs.style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attrs.style)) return true;
  const { class: cls, id } = attrs;
  return (
    (cls !== undefined && BOILERPLATE_NAME.test(cls.toLowerCase())) ||
    (id !== undefined && BOILERPLATE_NAME.test(id.toLowerCase()))
  );
}

function markers(text: string, prefix: string, into: Set<string>): void {
  if (!MT_HINT.test(text)) return;
  for (const m of text.matchAll(MT_MARKERS)) into.add(`${prefix}:${m[0].toLowerCase()}`);
}

/**
 * Main text of an HTML page with boilerplate removed, plus what later detectors need from the
 * markup. One streaming pass over htmlparser2's tokens, no DOM: navigation, footers, cookie
 * banners, hidden and link-dense blocks are dropped; blocks are joined with newlines.
 */
export function extractHtml(html: string, baseUrl?: string): Extracted {
  const blocks: string[] = [];
  const links = new Set<string>();
  const scripts: string[] = [];
  const traces = new Set<string>();
  const meta: Record<string, string> = {};
  const alternates: PageInfo['alternates'] = [];
  const langAttrs: Record<string, number> = {};
  let base = baseUrl;
  let htmlLang: string | undefined;
  let canonical: string | undefined;
  let title = '';

  // Element stack: for each open element, whether it started a skipped subtree and its lang.
  // One shape for every entry (no optional keys), so V8 keeps the accesses monomorphic.
  const stack: { tag: string; skips: boolean; lang: string | undefined; article: boolean }[] = [];
  let skipDepth = 0;
  let inTitle = false;
  let inScript = false;
  let inArticle = 0;
  let anchorDepth = 0;
  let block = '';
  let blockLinkChars = 0;
  let blockHeading = false;
  const langStack: string[] = [];
  // Where the current parser started in `html`, and where the next one starts (-1: no restart due).
  let parserStart = 0;
  let restartAt = -1;
  let restarts = 0;
  let firstRestart = 0;

  const flush = (): void => {
    // Trim first: most blocks between two block tags are whitespace only.
    const trimmed = block.trim();
    if (trimmed) {
      const text = trimmed.replace(/\s+/g, ' ');
      const linkDense = blockLinkChars / text.length > MAX_LINK_DENSITY && text.length < LINK_BLOCK_MAX_CHARS;
      if (!linkDense || blockHeading) blocks.push(text);
    }
    block = '';
    blockLinkChars = 0;
    blockHeading = false;
  };

  const handlers: Partial<Handler> = {
    onopentag(tag, attrs) {
      let skips = false;
      if (tag === 'html' && attrs.lang) htmlLang = attrs.lang;
      if (tag === 'base' && attrs.href && !base) base = attrs.href;
      if (tag === 'title' && stack.every((e) => e.tag !== 'svg')) inTitle = true;
      if (tag === 'meta') {
        const name = (attrs.name ?? attrs.property ?? attrs['http-equiv'])?.toLowerCase();
        if (name && attrs.content !== undefined) meta[name] = attrs.content;
        if (attrs.content) markers(attrs.content, 'meta', traces);
        // Transposh names its meta `translation-stats`; the content is only counts.
        if (name) markers(name, 'meta', traces);
      } else if (tag === 'link') {
        const rel = (attrs.rel ?? '').toLowerCase();
        if (rel.includes('machine-translated')) traces.add(`rel:${rel}`);
        if (rel.split(/\s+/).includes('alternate') && attrs.hreflang && attrs.href) {
          alternates.push({ hreflang: attrs.hreflang, href: resolveUrl(attrs.href, base) });
        } else if (rel === 'canonical' && attrs.href) {
          canonical = resolveUrl(attrs.href, base);
        }
      } else if (tag === 'script') {
        inScript = true;
        if (attrs.src && scripts.length < MAX_SCRIPTS) {
          scripts.push(resolveUrl(attrs.src, base));
          markers(attrs.src, 'script', traces);
        }
      } else if (
        tag === 'a' &&
        attrs.href &&
        links.size < MAX_LINKS &&
        !attrs.href.startsWith('javascript:')
      ) {
        links.add(resolveUrl(attrs.href, base));
      }
      if (attrs.class) markers(attrs.class, 'attr', traces);
      if (attrs.id) markers(attrs.id, 'attr', traces);

      if (skipDepth === 0) {
        // <header> is too often misused for content (the UDHR's preamble sits in one); link density handles menus there.
        const chrome = tag === 'footer' && inArticle === 0;
        skips = SKIP_TAGS.has(tag) || chrome || (tag !== 'html' && tag !== 'body' && isBoilerplate(attrs));
      }
      if (skips) skipDepth++;
      if (BLOCK_TAGS.has(tag)) flush();
      if (HEADINGS.has(tag)) blockHeading = true;
      if (tag === 'a') anchorDepth++;
      const article = tag === 'article' || tag === 'main';
      if (article) inArticle++;
      const lang = tag !== 'html' && attrs.lang ? attrs.lang : undefined;
      if (lang) langStack.push(lang);
      stack.push({ tag, skips, lang, article });
      if (stack.length > MAX_OPEN_ELEMENTS && restartAt < 0 && !RAW_TEXT_TAGS.has(tag)) {
        restartAt = parserStart + parser.endIndex + 1;
        parser.pause();
      }
    },
    ontext(text) {
      if (inTitle) title += text;
      if (inScript) markers(text, 'inline', traces);
      if (skipDepth > 0 || inTitle) return;
      block += text;
      const lang = langStack[langStack.length - 1];
      if (anchorDepth === 0 && !lang) return;
      const chars = text.trim().length;
      if (anchorDepth > 0) blockLinkChars += chars;
      if (lang) langAttrs[lang] = (langAttrs[lang] ?? 0) + chars;
    },
    oncomment(text) {
      markers(text, 'comment', traces);
    },
    onclosetag(tag) {
      if (tag === 'title') inTitle = false;
      if (tag === 'script') inScript = false;
      // Pop to the matching element; htmlparser2 closes implied elements for us.
      for (let i = stack.length - 1; i >= 0; i--) {
        const entry = stack[i]!;
        if (entry.tag !== tag) continue;
        if (i === stack.length - 1) stack.pop();
        else stack.splice(i, 1);
        if (entry.skips) skipDepth--;
        if (entry.article) inArticle--;
        if (entry.lang) langStack.pop();
        break;
      }
      if (tag === 'a' && anchorDepth > 0) anchorDepth--;
      if (BLOCK_TAGS.has(tag)) flush();
    },
  };
  const options = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };
  let parser = new Parser(handlers, options);
  for (;;) {
    // `pause()` in a handler stops the tokenizer where it is: the rest of this write is not parsed.
    parser.write(parserStart === 0 ? html : html.slice(parserStart));
    if (restartAt < 0) break;
    // Too many elements open: they are abandoned (their text so far is kept) and the rest of the
    // page is parsed from scratch, as a fragment.
    if (restarts++ === 0) firstRestart = restartAt;
    flush();
    stack.length = 0;
    langStack.length = 0;
    skipDepth = 0;
    inArticle = 0;
    anchorDepth = 0;
    inTitle = false;
    inScript = false;
    parserStart = restartAt;
    restartAt = -1;
    parser = new Parser(handlers, options);
  }
  parser.end();
  flush();

  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  return {
    text: blocks.join('\n'),
    ...(cleanTitle && { title: cleanTitle }),
    page: {
      ...(htmlLang && { htmlLang }),
      ...(canonical && { canonical }),
      alternates,
      links: [...links],
      meta,
      scripts,
      traces: [...traces].sort(),
      langAttrs,
      ...(restarts > 0 && { markupRestarts: { count: restarts, firstAt: firstRestart } }),
    },
  };
}
