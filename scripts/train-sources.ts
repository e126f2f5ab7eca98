/**
 * Readers of the human sources of the training corpus, from installed Debian packages: LibreOffice's
 * help (libreoffice-help-*), the Debian installation guide (installation-guide-amd64), the Debian
 * reference (debian-reference-*), the Debian administrator's handbook (debian-handbook), the new
 * maintainers' guide (maint-guide-*) and the developer's reference (developers-reference-*). Each
 * source is a set of documents, each in several languages: the English original (where installed)
 * and human translations.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { blocks, type HumanText } from './cross-sources.js';

/** One source: for each BCP 47 tag, its documents by name (the same name across languages). */
export interface DocSource {
  kind: string;
  /** The Debian packages it reads (a `*` stands for the per-language ones). */
  packages: string[];
  /** The tag of the original (`en`), or undefined when no original is installed. */
  original: string | undefined;
  languages: Map<string, Map<string, string>>;
}

const SKIP = new Set(['script', 'style', 'pre', 'code', 'header', 'aside', 'nav', 'footer']);

/** `<p>`, and the `<div class="para">` of Publican books (the handbook). */
const isParagraph = (name: string, attributes: Record<string, string>): boolean =>
  name === 'p' || (name === 'div' && attributes.class === 'para');

/** The block text of one HTML file of a source. */
export function readDoc(path: string): HumanText {
  const text = blocks(readFileSync(path, 'utf8'), false, SKIP, isParagraph);
  return { ...text, doc: path };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.html')) out.push(path);
  }
  return out;
}

function need(path: string, pkg: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install ${pkg}`);
}

/** A tag from a folder or file-name locale: `zh_CN`, `zh-cn`, `pt-BR`, `fa-IR`. */
function tagOf(locale: string, keepRegion: readonly string[] = ['zh', 'pt']): string {
  const [lang, region] = locale.replace('_', '-').split('-');
  const l = lang!.toLowerCase();
  return region && keepRegion.includes(l) ? `${l}-${region.toUpperCase()}` : l;
}

/** Per-language folders of HTML files, named by their path inside the folder. */
function byFolder(
  root: string,
  dirs: string[],
  tag: (dir: string) => string,
): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const dir of dirs) {
    const files = new Map(walk(join(root, dir)).map((p) => [relative(join(root, dir), p), p]));
    if (files.size > 0) out.set(tag(dir), files);
  }
  return out;
}

const LIBREOFFICE = '/usr/share/libreoffice/help';
// en-GB and ca-valencia are near copies of en-US and ca.
const LIBREOFFICE_SKIP = new Set(['en-GB', 'ca-valencia', 'media']);

export function libreOfficeHelp(): DocSource {
  need(join(LIBREOFFICE, 'en-US', 'text'), 'libreoffice-help-en-us');
  const dirs = readdirSync(LIBREOFFICE).filter(
    (d) => !LIBREOFFICE_SKIP.has(d) && existsSync(join(LIBREOFFICE, d, 'text')),
  );
  const languages = byFolder(LIBREOFFICE, dirs, (d) => (d === 'en-US' ? 'en' : tagOf(d)));
  return { kind: 'libreoffice-help', packages: ['libreoffice-help-*'], original: 'en', languages };
}

const INSTALL = '/usr/share/doc/installation-guide-amd64';

export function installationGuide(): DocSource {
  need(join(INSTALL, 'en'), 'installation-guide-amd64');
  const dirs = readdirSync(INSTALL).filter((d) => existsSync(join(INSTALL, d, 'index.html')));
  return {
    kind: 'installation-guide',
    packages: ['installation-guide-amd64'],
    original: 'en',
    languages: byFolder(INSTALL, dirs, (d) => tagOf(d)),
  };
}

/** Files named `<doc>.<locale>.html` in one folder. */
function byFileSuffix(dir: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const file of readdirSync(dir)) {
    const m = /^(.+)\.([a-z]{2}(?:[-_][a-zA-Z]{2})?)\.html$/.exec(file);
    if (!m) continue;
    const tag = tagOf(m[2]!);
    const files = out.get(tag) ?? new Map<string, string>();
    files.set(m[1]!, join(dir, file));
    out.set(tag, files);
  }
  return out;
}

export function debianReference(): DocSource {
  const dir = '/usr/share/debian-reference';
  need(dir, 'debian-reference-en');
  return {
    kind: 'debian-reference',
    packages: ['debian-reference-*'],
    original: 'en',
    languages: byFileSuffix(dir),
  };
}

const HANDBOOK = '/usr/share/doc/debian-handbook/html';

export function debianHandbook(): DocSource {
  need(join(HANDBOOK, 'en-US'), 'debian-handbook');
  const dirs = readdirSync(HANDBOOK).filter((d) => /^[a-z]{2}-[A-Z]{2}$/.test(d));
  return {
    kind: 'debian-handbook',
    packages: ['debian-handbook'],
    original: 'en',
    languages: byFolder(HANDBOOK, dirs, (d) => tagOf(d)),
  };
}

/** maint-guide-<l>: translations only (the English original is another package, not installed). */
export function maintGuide(): DocSource {
  const languages = new Map<string, Map<string, string>>();
  for (const d of readdirSync('/usr/share/doc').filter((d) => d.startsWith('maint-guide-'))) {
    const dir = join('/usr/share/doc', d, 'html');
    if (!existsSync(dir)) continue;
    for (const [tag, files] of byFileSuffix(dir)) languages.set(tag, files);
  }
  if (languages.size === 0)
    throw new Error('no maint-guide-* package is installed: apt-get install maint-guide-fr');
  return { kind: 'maint-guide', packages: ['maint-guide-*'], original: undefined, languages };
}

export function developersReference(): DocSource {
  const root = '/usr/share/developers-reference';
  need(root, 'developers-reference-fr');
  const dirs = readdirSync(root).filter((d) => existsSync(join(root, d, 'index.html')));
  const languages = byFolder(root, dirs, (d) => tagOf(d));
  for (const files of languages.values()) {
    // The whole book on one page repeats the chapters.
    files.delete('developers-reference.html');
    files.delete('index.html');
  }
  return {
    kind: 'developers-reference',
    packages: ['developers-reference-*'],
    original: undefined,
    languages,
  };
}
