/**
 * Builds the language-ID evaluation set from human translations that neither lid.176 (Wikipedia,
 * Tatoeba, SETimes) nor franc (the UDHR) learnt from: the gettext message catalogs of Debian
 * packages, translated by each project's volunteer teams. Run once, when the set must change:
 *
 *   apt-get update && npm run build && node dist/scripts/build-langid-eval.js
 *
 * It downloads the packages below with `apt-get download` (into $TMPDIR, not installed), reads every
 * `.mo` file, and writes data/langid-eval/{sentences,pages}.jsonl and SOURCES.md, committed, so
 * that `npm run eval:langid` needs neither apt nor the network. Sentences are single translated
 * messages of 40+ characters; pages are runs of consecutive messages of one catalog joined into
 * 200-1,000 characters, as a page of documentation joins its paragraphs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredCode } from '../detectors/lang-codes.js';
import { countScripts } from '../detectors/script.js';
import { parseMo } from './mo-file.js';

/**
 * Packages with many translations of long messages (help texts, settings descriptions, error
 * messages). None of them is on the list of sources reserved for independent evaluation
 * (DEVELOPERS.md).
 */
const PACKAGES = [
  'libgtk2.0-common',
  'libglib2.0-data',
  'gsettings-desktop-schemas',
  'coreutils',
  'bash',
  'dpkg',
  'gnupg-l10n',
  'libc-l10n',
  'appstream',
  'tar',
  'wget',
  'packagekit',
  'at-spi2-common',
  'libgdk-pixbuf2.0-common',
  'diffutils',
  'findutils',
  'gettext',
];

/** Locales that are not a language of their own here, or that would mislabel (English variants, Old English). */
const SKIP_LOCALES = /^(en|ang|enm|frm|tlh)([_@]|$)|@(ije|hebrew|shaw|dsrt|piglatin|boldquot|quot)/;

/** Script variants that change the code (Serbian in Latin, Uzbek in Cyrillic keep their language). */
function localeCode(locale: string): string | undefined {
  if (SKIP_LOCALES.test(locale)) return undefined;
  // Azerbaijani as written in Iran is South Azerbaijani, a language of its own to lid.176.
  if (locale === 'az_IR') return 'azb';
  return declaredCode(locale.split('@')[0]!);
}

const MIN_SENTENCE = 40;
const PAGE_MIN = 200;
const PAGE_MAX = 1000;
const SENTENCES_PER_LANG = 120;
const PAGES_PER_LANG = 30;
/** A language needs this many of each to be in the set: fewer gives an accuracy of little meaning. */
const MIN_SENTENCES = 60;
const MIN_PAGES = 15;

/** Printf and template placeholders, accelerators and markup: catalog machinery, not language. */
function clean(message: string): string {
  return message
    .replace(/<[^>]{1,80}>/g, ' ')
    .replace(/%(\d+\$)?[-+ #0']*\d*(\.\d+)?(hh|h|ll|l|L|q|j|z|t|I64)?[diouxXeEfgGcsSpn%]/g, ' ')
    .replace(/%\([a-z_]+\)[sd]/g, ' ')
    .replace(/\$\{[^}]*\}|\{[0-9a-z_]*\}|@[A-Z_]+@/g, ' ')
    .replace(/(^|\s)[_&](?=\p{L})/gu, '$1')
    .replace(/\\[nt]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Message {
  text: string;
  source: string;
}

const hash = (s: string): string => createHash('sha1').update(s).digest('hex');

function sample<T extends { text: string }>(items: T[], n: number, salt: string): T[] {
  return items
    .map((item) => ({ item, key: hash(`${salt}\u0000${item.text}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .slice(0, n)
    .map((x) => x.item);
}

function licenceOf(root: string, pkg: string): string {
  try {
    const text = readFileSync(join(root, 'usr/share/doc', pkg, 'copyright'), 'utf8');
    const licences = [...new Set([...text.matchAll(/^License: *(\S[^\n]*)/gm)].map((m) => m[1]!.trim()))];
    return licences.slice(0, 3).join('; ') || 'see the package copyright file';
  } catch {
    return 'see the package copyright file';
  }
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'langid-eval-'));
  // apt-get downloads as its own user, which must be able to write here.
  chmodSync(work, 0o755);
  const out = join('data', 'langid-eval');
  mkdirSync(out, { recursive: true });
  const byLang = new Map<string, { sentences: Message[]; pages: Message[] }>();
  const sources: string[] = [];
  try {
    for (const pkg of PACKAGES) {
      execFileSync('apt-get', ['download', '-qq', pkg], {
        cwd: work,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const deb = readdirSync(work).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'))!;
      const root = join(work, pkg);
      execFileSync('dpkg-deb', ['-x', join(work, deb), root]);
      const version = decodeURIComponent(deb.split('_')[1]!);
      const localeDir = join(root, 'usr/share/locale');
      let catalogs = 0;
      const langs = new Set<string>();
      for (const locale of readdirSync(localeDir).sort()) {
        const code = localeCode(locale);
        if (!code) continue;
        let files: string[];
        try {
          files = readdirSync(join(localeDir, locale, 'LC_MESSAGES')).filter((f) => f.endsWith('.mo'));
        } catch {
          continue;
        }
        for (const file of files.sort()) {
          const entries = parseMo(readFileSync(join(localeDir, locale, 'LC_MESSAGES', file)));
          const source = `${pkg}/${locale}/${file}`;
          const texts = entries
            .filter((e) => e.msgid !== '' && e.msgstr !== '' && e.msgstr !== e.msgid)
            .map((e) => {
              const text = clean(e.msgstr);
              return { text, scripts: countScripts(text) };
            })
            .filter((t) => t.scripts.letters >= 10);
          if (texts.length === 0) continue;
          // The catalog's own script; messages in another are left in the source language (untranslated).
          const scripts = new Map<string, number>();
          for (const t of texts) scripts.set(t.scripts.script, (scripts.get(t.scripts.script) ?? 0) + 1);
          const main = [...scripts].sort((a, b) => b[1] - a[1])[0]![0];
          const kept = texts.filter((t) => t.scripts.script === main).map((t) => t.text);
          const slot = byLang.get(code) ?? { sentences: [], pages: [] };
          byLang.set(code, slot);
          for (const t of kept)
            if (t.length >= MIN_SENTENCE && t.length <= 400) slot.sentences.push({ text: t, source });
          let page = '';
          for (const t of kept) {
            page = page ? `${page}\n${t}` : t;
            if (page.length >= PAGE_MIN) {
              if (page.length <= PAGE_MAX) slot.pages.push({ text: page, source });
              page = '';
            }
          }
          catalogs++;
          langs.add(code);
        }
      }
      sources.push(`| ${pkg} | ${version} | ${licenceOf(root, pkg)} | ${catalogs} | ${langs.size} |`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const sentences: string[] = [];
  const pages: string[] = [];
  const kept: string[] = [];
  for (const [lang, slot] of [...byLang].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const uniq = <T extends Message>(xs: T[]): T[] => [...new Map(xs.map((x) => [x.text, x])).values()];
    const s = uniq(slot.sentences);
    const p = uniq(slot.pages);
    if (s.length < MIN_SENTENCES || p.length < MIN_PAGES) continue;
    for (const m of sample(s, SENTENCES_PER_LANG, lang)) sentences.push(JSON.stringify({ lang, ...m }));
    for (const m of sample(p, PAGES_PER_LANG, lang)) pages.push(JSON.stringify({ lang, ...m }));
    kept.push(`${lang} (${Math.min(s.length, SENTENCES_PER_LANG)}/${Math.min(p.length, PAGES_PER_LANG)})`);
  }
  writeFileSync(join(out, 'sentences.jsonl'), `${sentences.join('\n')}\n`);
  writeFileSync(join(out, 'pages.jsonl'), `${pages.join('\n')}\n`);
  writeFileSync(
    join(out, 'SOURCES.md'),
    [
      '# Language-ID evaluation set',
      '',
      'Human translations from the gettext message catalogs of Debian 12 packages, downloaded with',
      '`apt-get download` and read by `scripts/build-langid-eval.ts` (the command is in its header).',
      'Neither lid.176 (Wikipedia, Tatoeba, SETimes) nor franc (the UDHR) was trained on them. Each line of',
      '`sentences.jsonl` is one translated message of 40-400 characters; each line of `pages.jsonl` joins',
      "consecutive messages of one catalog into 200-1,000 characters. Labels are the catalog's locale as",
      'an ISO 639-3 code (`sr@latin` is Serbian, `pt_BR` Portuguese, `nb` Bokmål, `nn` Nynorsk); messages in',
      'another script than most of their catalog are left out (untranslated leftovers). Translators sometimes',
      "leave English words, product names and commands in a message: the labels are the catalog's, not checked",
      'by hand.',
      '',
      '| package | version | licence | catalogs | languages |',
      '| --- | --- | --- | --- | --- |',
      ...sources,
      '',
      `Languages (sentences/pages): ${kept.join(', ')}.`,
      '',
    ].join('\n'),
  );
  console.log(`${kept.length} languages, ${sentences.length} sentences, ${pages.length} pages -> ${out}`);
}

main();
