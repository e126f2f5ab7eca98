/**
 * Builds the training and calibration corpus (the `train` world) from packages that the cross-source
 * evaluation world does not use: human text and human translations (LibreOffice help, the Debian
 * installation guide, reference, handbook, maintainers' guide and developer's reference), machine
 * translation in 19 Apertium directions none of the cross world's (pivots, round trips, Cyrillic
 * source text), text from n-gram, recurrent and transformer generators trained here in four
 * languages, and spun text (thesauri, an article rewriter, spintax). Whole sources are held out of
 * model fitting for calibrating the verdict (`split: 'calibrate'`). 18 minutes on 2 cores (measured;
 * most of it the two neural generators):
 *
 *   apt-get install apertium apertium-afr-nld apertium-br-fr apertium-eu-en apertium-isl-eng \
 *     apertium-mkd-eng apertium-en-ca apertium-en-es apertium-es-pt apertium-es-gl apertium-fr-es \
 *     apertium-es-it apertium-pt-ca apertium-es-ca apertium-spa-cat 'libreoffice-help-*' \
 *     installation-guide-amd64 debian-handbook 'debian-reference-*' 'maint-guide-*' \
 *     'developers-reference-*' mythes-it mythes-pt-pt mythes-ru mythes-ca mythes-pl mythes-sv \
 *     python3-torch
 *   npm run data:train-world
 *
 * Output: data/world/train/pages.json.gz (committed) and models/DATA.md. The reserved sources
 * (docs/evaluation.md) are never read.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalCode } from '../detectors/lang-codes.js';
import { NgramModel } from '../src/lm/ngram.js';
import { generate } from '../src/lm/sample.js';
import { detokenize, tokenizeText } from '../src/lm/tokenize.js';
import { hashSeed, rng } from '../db/random.js';
import { packageRoot } from '../db/version.js';
import {
  preparedDataPath,
  readPreparedFile,
  writePreparedFile,
  type PreparedDoc,
} from '../src/world/prepared/prepared-data.js';
import { isRoundTrip } from '../src/world/prepared/prepared-world.js';
import { titleOf } from '../src/world/sources.js';
import { translate } from './apertium.js';
import { readCatalogDocs, translatedShare, type HumanText } from './cross-sources.js';
import { readThesaurus, renderSpintax, spinText } from './cross-spin.js';
import {
  debianHandbook,
  debianReference,
  developersReference,
  installationGuide,
  libreOfficeHelp,
  maintGuide,
  readDoc,
  type DocSource,
} from './train-sources.js';
import { rewriteArticle, TRAIN_SPINTAX } from './train-spin.js';
import { chars, codeOf, keep, log, PackageLog, trainGenerator, type GeneratorSpec } from './world-build.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '4' },
    'lm-pages': { type: 'string', default: '48' },
  },
});

const WINDOW = 10;
const MT_PAGES = 30;

const docs: PreparedDoc[] = [];
const used = new PackageLog();
const packages = used.versions;
const usePackage = (pkg: string): void => {
  used.use(pkg);
};
const byHash = (salt: string) => (a: string, b: string) => hashSeed(salt, a) - hashSeed(salt, b);
const slug = (name: string): string => name.replace(/\.html$/, '').replace(/[^A-Za-z0-9]+/g, '-');

// ---- human text ----
interface HumanPlan {
  source: DocSource;
  /** Documents taken (the same ones in every language), and windows of 10 paragraphs per document. */
  docs: number;
  windows: number;
  /** Held out of model fitting as a whole source. */
  calibrate?: boolean;
}
/** Per source, the documents the world publishes in every language, with each language's text. */
const published = new Map<
  string,
  { names: string[]; text: (tag: string, name: string) => HumanText | undefined }
>();

function addHuman(plan: HumanPlan): void {
  const { source } = plan;
  for (const p of source.packages) {
    if (p.includes('*')) used.useInstalled(p);
    else usePackage(p);
  }
  const cache = new Map<string, HumanText | undefined>();
  const read = (tag: string, name: string): HumanText | undefined => {
    const key = `${tag}\u0000${name}`;
    if (!cache.has(key)) {
      const path = source.languages.get(tag)?.get(name);
      cache.set(key, path === undefined ? undefined : readDoc(path));
    }
    return cache.get(key);
  };
  /** A language's version when it is a translation of at least 80% of the original's paragraphs. */
  const text = (tag: string, name: string): HumanText | undefined => {
    const t = read(tag, name);
    if (!t || chars(keep(t.paragraphs)) < 500) return undefined;
    if (source.original === undefined || tag === source.original) return t;
    const original = read(source.original, name);
    return original && translatedShare(original, t) >= 0.8 ? t : undefined;
  };
  const reference = source.original ?? [...source.languages.keys()].sort()[0]!;
  const names = [...(source.languages.get(reference)?.keys() ?? [])]
    .filter((n) => {
      const t = read(reference, n);
      return t !== undefined && chars(keep(t.paragraphs)) >= 800;
    })
    .sort(byHash(`train:${source.kind}`));
  const chosen = names.slice(0, plan.docs);
  published.set(source.kind, { names, text });
  const tags = [...source.languages.keys()].sort();
  // Boilerplate (a paragraph in three or more of the chosen documents of one language: legal
  // notices, "To access this command...") and paragraphs a translation left in the original's
  // words are dropped, so that each page holds its own text in its own language.
  const seen = new Map<string, number>();
  for (const name of chosen) {
    for (const tag of tags) {
      for (const p of new Set(read(tag, name)?.paragraphs ?? []))
        seen.set(`${tag}\u0000${p}`, (seen.get(`${tag}\u0000${p}`) ?? 0) + 1);
    }
  }
  const before = docs.length;
  for (const name of chosen) {
    const original = new Set(
      source.original === undefined ? [] : (read(source.original, name)?.paragraphs ?? []),
    );
    for (const tag of tags) {
      const t = text(tag, name);
      if (!t) continue;
      const own = (p: string): boolean =>
        (seen.get(`${tag}\u0000${p}`) ?? 0) < 3 && (tag === source.original || !original.has(p));
      const paragraphs = keep(t.paragraphs).filter(own);
      for (let k = 0; k < plan.windows && k * WINDOW < paragraphs.length; k++) {
        const window = paragraphs.slice(k * WINDOW, (k + 1) * WINDOW);
        if (chars(window) < 400) continue;
        const isOriginal = source.original === undefined ? false : tag === source.original;
        docs.push({
          id: `${source.kind}/${tag}/${slug(name)}-${k + 1}`,
          sourceKind: source.kind,
          source: `${source.kind}:${tag}/${name}#${k * WINDOW}-${k * WINDOW + window.length}`,
          origin: isOriginal ? 'human' : 'human-translation',
          kind: isOriginal ? 'human' : 'human-translation',
          language: codeOf(tag),
          tag,
          group: `${source.kind}:${name}#${k}`,
          title: k === 0 && t.title ? t.title : titleOf(window),
          paragraphs: window,
          ...(plan.calibrate ? { split: 'calibrate' as const } : {}),
        });
      }
    }
  }
  log(`${source.kind}: ${docs.length - before} pages`);
}

addHuman({ source: libreOfficeHelp(), docs: 40, windows: 1 });
addHuman({ source: installationGuide(), docs: 14, windows: 1 });
addHuman({ source: debianReference(), docs: 8, windows: 2 });
addHuman({ source: developersReference(), docs: 6, windows: 2 });
addHuman({ source: debianHandbook(), docs: 10, windows: 1, calibrate: true });
addHuman({ source: maintGuide(), docs: 6, windows: 2, calibrate: true });

const help = published.get('libreoffice-help')!;
const helpTopics = help.names.slice(0, 40);
/** Topics for spinning and for training the generators: never published as human pages. */
const spinTopics = help.names.slice(40, 80);
const corpusTopics = help.names.slice(80);

// ---- machine translation ----
usePackage('apertium');
const work = mkdtempSync(join(tmpdir(), 'train-world-'));
chmodSync(work, 0o755);
interface Direction {
  kind: string;
  from: string;
  chain: string[];
  pkgs: string[];
  tag: string;
  calibrate?: boolean;
}
// prettier-ignore
const HELP_DIRECTIONS: Direction[] = [
  { kind: 'eng>cat', from: 'en', chain: ['eng-cat'], pkgs: ['apertium-en-ca'], tag: 'ca' },
  { kind: 'spa>eng', from: 'es', chain: ['spa-eng'], pkgs: ['apertium-en-es'], tag: 'en' },
  { kind: 'cat>eng', from: 'ca', chain: ['cat-eng'], pkgs: ['apertium-en-ca'], tag: 'en' },
  { kind: 'fra>spa', from: 'fr', chain: ['fr-es'], pkgs: ['apertium-fr-es'], tag: 'es' },
  { kind: 'ita>spa', from: 'it', chain: ['ita-spa'], pkgs: ['apertium-es-it'], tag: 'es' },
  { kind: 'por>spa', from: 'pt', chain: ['pt-es'], pkgs: ['apertium-es-pt'], tag: 'es' },
  { kind: 'glg>spa', from: 'gl', chain: ['gl-es'], pkgs: ['apertium-es-gl'], tag: 'es', calibrate: true },
  { kind: 'cat>por', from: 'ca', chain: ['cat-por'], pkgs: ['apertium-pt-ca'], tag: 'pt' },
  { kind: 'por>cat', from: 'pt', chain: ['por-cat'], pkgs: ['apertium-pt-ca'], tag: 'ca', calibrate: true },
  { kind: 'cat>spa', from: 'ca', chain: ['cat-spa'], pkgs: ['apertium-es-ca'], tag: 'es' },
  { kind: 'nld>afr', from: 'nl', chain: ['nld-afr'], pkgs: ['apertium-afr-nld'], tag: 'af' },
  { kind: 'eus>eng', from: 'eu', chain: ['eu-en'], pkgs: ['apertium-eu-en'], tag: 'en' },
  { kind: 'fra>spa>eng', from: 'fr', chain: ['fr-es', 'spa-eng'], pkgs: ['apertium-fr-es', 'apertium-en-es'], tag: 'en' },
  { kind: 'ita>spa>cat', from: 'it', chain: ['ita-spa', 'spa-cat'], pkgs: ['apertium-es-it', 'apertium-spa-cat'], tag: 'ca', calibrate: true },
  { kind: 'spa>eng>spa', from: 'es', chain: ['spa-eng', 'eng-spa'], pkgs: ['apertium-en-es'], tag: 'es' },
];
/**
 * Directions whose source language LibreOffice's help lacks take the messages of the gettext
 * catalogs installed for that language (the cross world's catalog directions start from other
 * languages), all but the ISO code lists.
 */
// prettier-ignore
const CATALOG_DIRECTIONS: Direction[] = [
  { kind: 'mkd>eng', from: 'mk', chain: ['mkd-eng'], pkgs: ['apertium-mkd-eng'], tag: 'en' },
  { kind: 'isl>eng', from: 'is', chain: ['isl-eng'], pkgs: ['apertium-isl-eng'], tag: 'en', calibrate: true },
  { kind: 'bre>fra', from: 'br', chain: ['br-fr'], pkgs: ['apertium-br-fr'], tag: 'fr' },
  { kind: 'afr>nld', from: 'af', chain: ['afr-nld'], pkgs: ['apertium-afr-nld'], tag: 'nl' },
];

/** Translates many pages in one Apertium run per mode (pages keep their paragraph counts). */
async function translatePages(pages: string[][], chain: string[]): Promise<string[][]> {
  let current = pages;
  for (const mode of chain) {
    const flat = await translate(current.flat(), mode, work);
    let at = 0;
    current = current.map((p) => flat.slice(at, (at += p.length)));
  }
  return current;
}

for (const d of HELP_DIRECTIONS) {
  d.pkgs.forEach(usePackage);
  const sources = helpTopics
    .map((name) => ({ name, text: help.text(d.from, name) }))
    .filter((s): s is { name: string; text: HumanText } => s.text !== undefined)
    .slice(0, MT_PAGES);
  const pages = sources.map((s) => [
    s.text.title || titleOf(s.text.paragraphs),
    ...keep(s.text.paragraphs).slice(0, WINDOW),
  ]);
  const translated = await translatePages(pages, d.chain);
  sources.forEach((s, i) => {
    const [title, ...paragraphs] = translated[i]!;
    docs.push({
      id: `apertium/${d.kind}/${slug(s.name)}`,
      sourceKind: 'apertium',
      source: `libreoffice-help:${d.from}/${s.name}`,
      origin: 'machine-translation',
      kind: d.kind,
      language: canonicalCode(codeOf(d.tag)),
      tag: d.tag,
      // A round trip is a rewrite of its source page, which it shares a group with.
      group: `libreoffice-help:${s.name}#0`,
      title: title ?? titleOf(paragraphs),
      paragraphs: keep(paragraphs),
      ...(d.calibrate ? { split: 'calibrate' as const } : {}),
    });
  });
  log(`+ ${d.kind}: ${sources.length} pages${isRoundTrip(d.kind) ? ' (round trip)' : ''}`);
}
for (const d of CATALOG_DIRECTIONS) {
  d.pkgs.forEach(usePackage);
  const dir = join('/usr/share/locale', d.from, 'LC_MESSAGES');
  const catalogs = readdirSync(dir)
    .filter((f) => f.endsWith('.mo') && !f.startsWith('iso_'))
    .sort();
  const sources = readCatalogDocs(d.from, catalogs).slice(0, MT_PAGES);
  const translated = await translatePages(
    sources.map((s) => s.paragraphs),
    d.chain,
  );
  sources.forEach((s, i) => {
    const paragraphs = translated[i]!;
    docs.push({
      id: `apertium/${d.kind}/${s.doc}`,
      sourceKind: 'apertium',
      source: `catalog:${d.from}/${s.doc}`,
      origin: 'machine-translation',
      kind: d.kind,
      language: canonicalCode(codeOf(d.tag)),
      tag: d.tag,
      group: null,
      title: titleOf(paragraphs),
      paragraphs,
      ...(d.calibrate ? { split: 'calibrate' as const } : {}),
    });
  });
  log(`+ ${d.kind}: ${sources.length} pages`);
}

// ---- spun text ----
// prettier-ignore
const THESAURI = [
  { tag: 'it', pkg: 'mythes-it', file: 'th_it_IT_v2.dat' },
  { tag: 'pt', pkg: 'mythes-pt-pt', file: 'th_pt_PT_v2.dat' },
  { tag: 'ru', pkg: 'mythes-ru', file: 'th_ru_RU_v2.dat' },
  { tag: 'ca', pkg: 'mythes-ca', file: 'th_ca_ES_v3.dat' },
  { tag: 'pl', pkg: 'mythes-pl', file: 'th_pl_PL_v2.dat', calibrate: true },
  { tag: 'sv', pkg: 'mythes-sv', file: 'th_sv_SE_v2.dat', calibrate: true },
];
for (const t of THESAURI) {
  usePackage(t.pkg);
  const thesaurus = readThesaurus(join('/usr/share/mythes', t.file));
  let spun = 0;
  let rewritten = 0;
  spinTopics.forEach((name, i) => {
    const source = help.text(t.tag, name);
    if (!source) return;
    const seed = hashSeed('train-spin', t.tag, name);
    const paragraphs = keep(source.paragraphs).slice(0, WINDOW);
    // Alternate topics go to the synonym spinner and the article rewriter.
    const rewrite = i % 2 === 1;
    if (rewrite && rewritten >= 10) return;
    if (!rewrite && spun >= 12) return;
    docs.push({
      id: `${rewrite ? 'rewritten' : 'spun'}/${t.tag}/${slug(name)}`,
      sourceKind: t.pkg,
      source: `libreoffice-help:${t.tag}/${name}`,
      origin: 'lm-generated',
      kind: rewrite ? 'rewritten' : 'spun-thesaurus',
      language: codeOf(t.tag),
      tag: t.tag,
      group: `libreoffice-help:${name}#spun`,
      title: spinText(source.title || titleOf(paragraphs), thesaurus, 0.5, seed),
      paragraphs: rewrite
        ? rewriteArticle(paragraphs, thesaurus, t.tag, seed)
        : paragraphs.map((p, k) => spinText(p, thesaurus, 0.5, seed + k + 1)),
      ...(t.calibrate ? { split: 'calibrate' as const } : {}),
    });
    if (rewrite) rewritten++;
    else spun++;
  });
  log(`+ ${t.tag}: ${spun} spun, ${rewritten} rewritten (thesaurus of ${thesaurus.size} words)`);
}
TRAIN_SPINTAX.forEach((template, ti) => {
  for (let r = 0; r < 24; r++) {
    const random = rng(hashSeed('train-spintax', ti, r));
    docs.push({
      id: `spintax/${template.tag}/${r + 1}`,
      sourceKind: 'spintax',
      source: `spintax:${template.tag}/${r + 1}`,
      origin: 'lm-generated',
      kind: 'spintax',
      language: codeOf(template.tag),
      tag: template.tag,
      group: null,
      title: renderSpintax(template.title, random),
      paragraphs: template.paragraphs.map((p) => renderSpintax(p, random)),
    });
  }
});
log(`+ spintax: ${TRAIN_SPINTAX.length * 24} pages`);

// ---- generators trained here ----
/** A language's LibreOffice help text outside the published and spun topics. */
function helpCorpus(tag: string): string[] {
  return corpusTopics
    .map((name) => help.text(tag, name))
    .filter((t): t is HumanText => t !== undefined)
    .map((t) => keep(t.paragraphs).join('\n'));
}
const generators: string[] = [];
const lmPages = Number(values['lm-pages']);

// n-gram models (Kneser-Ney), sampled sentence by sentence at varied temperature and top-p.
const NGRAMS = [
  { tag: 'pt', order: 3 },
  { tag: 'de', order: 4, minCount: 3, calibrate: true },
];
for (const g of NGRAMS) {
  const model = NgramModel.train(
    helpCorpus(g.tag).flatMap((p) => tokenizeText(p)),
    { order: g.order, minCount: g.minCount ?? 2 },
  );
  generators.push(`- ngram-${g.order} on ${g.tag}: Kneser-Ney, ${model.vocab.size} words`);
  for (let i = 0; i < lmPages; i++) {
    const random = rng(hashSeed('train-ngram', g.tag, i));
    const decoding = [
      { temperature: 1, topP: 1 },
      { temperature: 0.8, topP: 1 },
      { temperature: 1, topP: 0.9 },
    ][i % 3]!;
    const paragraphs: string[] = [];
    while (chars(paragraphs) < 1400) {
      const sentences: string[] = [];
      for (let s = 0; s < 4; s++) {
        const tokens = generate(model, { random, ...decoding, maxTokens: 40 });
        if (tokens.length >= 4) sentences.push(detokenize(tokens));
      }
      if (sentences.length > 0) paragraphs.push(sentences.join(' '));
    }
    docs.push({
      id: `ngram/ngram-${g.order}-${g.tag}/${i + 1}`,
      sourceKind: `ngram-${g.order}`,
      source: `ngram-${g.order}-${g.tag}:${i + 1}`,
      origin: 'lm-generated',
      kind: `ngram-${g.order} t=${decoding.temperature}${decoding.topP < 1 ? ` p=${decoding.topP}` : ''}`,
      language: codeOf(g.tag),
      tag: g.tag,
      group: null,
      title: titleOf(paragraphs),
      paragraphs,
      ...(g.calibrate ? { split: 'calibrate' as const } : {}),
    });
  }
  log(`+ ngram-${g.order} (${g.tag}): ${lmPages} pages`);
}

usePackage('python3-torch');
const NEURAL: Omit<GeneratorSpec, 'corpus' | 'pages' | 'minutes'>[] = [
  { unit: 'word', arch: 'gru', tag: 'es', d: 256, layers: 1, seed: 2 },
  { unit: 'word', arch: 'transformer', tag: 'ru', d: 128, layers: 2, seed: 2 },
];
for (const g of NEURAL) {
  const trained = trainGenerator(
    { ...g, corpus: helpCorpus(g.tag), pages: String(lmPages), minutes: values.minutes },
    work,
  );
  generators.push(`- ${g.arch}-${g.unit} (d ${g.d}, ${g.layers} layers) on ${g.tag}: ${trained.summary}`);
  docs.push(...trained.docs);
  log(`+ ${g.arch}-${g.unit} (${g.tag}): ${lmPages} pages`);
}
rmSync(work, { recursive: true, force: true });

// ---- write ----
// No paragraph of the cross-source world may be trained on, not even a licence notice two Debian
// documents share.
const evaluation = new Set(readPreparedFile('cross').docs.flatMap((d) => d.paragraphs));
for (const d of docs) d.paragraphs = d.paragraphs.filter((p) => !evaluation.has(p));
const path = preparedDataPath('train');
mkdirSync(dirname(path), { recursive: true });
writePreparedFile({ packages, docs }, path);
const dataDoc = join(packageRoot(), 'models', 'DATA.md');
writeFileSync(dataDoc, dataMarkdown());
execFileSync('npx', ['prettier', '--write', dataDoc], { cwd: packageRoot(), stdio: 'ignore' });
log(`wrote ${docs.length} pages to ${path}`);

function dataMarkdown(): string {
  const rows = new Map<string, { origin: string; languages: Set<string>; pages: number; split: string }>();
  for (const d of docs) {
    const key = `${d.sourceKind} | ${d.kind.split(' ')[0]}`;
    const row = rows.get(key) ?? {
      origin: d.origin,
      languages: new Set<string>(),
      pages: 0,
      split: d.split ?? 'fit/calibrate',
    };
    row.languages.add(d.language);
    row.pages++;
    rows.set(key, row);
  }
  const languages = new Set(docs.filter((d) => d.origin.startsWith('human')).map((d) => d.language));
  return [
    '# What the shipped models learned from',
    '',
    'The shipped classifier, language models and verdict are trained and calibrated on two worlds,',
    'both ingested through the real pipeline:',
    '',
    '- the demo world (seed 1): Brown, the UDHR, seven Apertium directions out of English and Spanish, a',
    '  trigram generator (see models/README.md);',
    `- the training world (\`--profile train\`, this file): ${docs.length} pages built by`,
    '  `npm run data:train-world` (`scripts/build-train-world.ts`, which names the packages to install)',
    '  into `data/world/train/pages.json.gz`, committed.',
    '',
    'None of these sources, MT directions or generators is in the cross-source evaluation world',
    '(data/world/cross/SOURCES.md), and none of the reserved sources (docs/evaluation.md) is read.',
    `Human text and human translations: ${languages.size} languages. Pages of a source marked`,
    '`calibrate` are held out of model fitting as a whole (the verdict is fitted and its thresholds set',
    'on them and on a quarter of the other groups); the rest are cut into fit and calibrate by group, so',
    'the language versions of one document never straddle the cut.',
    '',
    '| source | kind | class | languages | pages | split |',
    '| --- | --- | --- | --- | --- | --- |',
    ...[...rows]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([key, r]) => `| ${key} | ${r.origin} | ${r.languages.size} | ${r.pages} | ${r.split} |`),
    '',
    'Human sources: windows of up to 10 paragraphs of one document; a translation is kept when at least',
    "80% of its paragraphs differ from the English original's (sources without an installed original,",
    'maint-guide and developers-reference, are taken as they are). Machine translation: LibreOffice help',
    'topics translated from their human version in the source language (pivots such as `fra>spa>eng`',
    'chain two engines; `spa>eng>spa` is a round trip), and for Macedonian, Icelandic, Breton and',
    'Afrikaans, which the help lacks, messages of the gettext catalogs installed for them (GTK, glib, yelp, ...;',
    'the cross world translates catalogs of Bulgarian, Basque, Romanian and Hindi). Spun text: half of the thesaurus words replaced (`spun-thesaurus`),',
    'or sentences and paragraphs reordered and 30% of the words replaced (`rewritten`); spintax: three',
    'templates in English, Spanish and Italian, 24 renderings each. Generators, trained on help topics',
    `the world does not publish (${values.minutes} minutes each for the neural ones; loss in nats per token):`,
    '',
    ...generators,
    '',
    'Licences: LibreOffice help MPL-2.0; the Debian documentation GPL-2+ (installation guide, reference,',
    "maintainers' guide, developer's reference) and GPL-2+/CC-BY-SA-3.0 (handbook); Apertium pairs GPL-2+;",
    'MyThes thesauri LGPL/GPL (see each package’s copyright file); gettext catalogs under their',
    "programs' licences.",
    '',
    'Packages (Debian 12):',
    '',
    ...Object.entries(packages)
      .sort()
      .map(([p, v]) => `- ${p} ${v}`),
    '',
  ].join('\n');
}
