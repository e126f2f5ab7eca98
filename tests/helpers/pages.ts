import { join } from 'node:path';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { Alternate, Doc } from '../../db/types.js';
import { identifyLanguages } from '../../detectors/langid.js';
import { textUnits, unitText } from '../../src/world/sources.js';

/** A page as ingest would store it: language-identified sentences over `text` (one paragraph per line). */
export function pageDoc(
  id: string,
  url: string,
  paragraphs: readonly string[],
  page: {
    alternates?: Alternate[];
    traces?: string[];
    scripts?: string[];
    meta?: Record<string, string>;
  } = {},
): Doc {
  const text = paragraphs.join('\n');
  const { lang, sentences } = identifyLanguages(text);
  return {
    id,
    url,
    text,
    provenance: { sourceKind: 'crawl', contentDigest: `sha256:${id}` },
    page: {
      alternates: page.alternates ?? [],
      links: [],
      meta: page.meta ?? {},
      scripts: page.scripts ?? [],
      traces: page.traces ?? [],
      langAttrs: {},
    },
    lang,
    sentences,
    textHash: id,
  };
}

/** Paragraphs of the k-th machine-translated unit of the demo world in a language (real Brown text and its Apertium translation). */
export function mtArticle(k: number, language: string): string[] {
  return unitText(textUnits().mt[k]!, language);
}

/** Paragraphs of the k-th human (untranslated) unit. */
export function humanArticle(k: number): string[] {
  return unitText(textUnits().human[k]!, 'eng');
}

const ARTICLE = 5;
const farm = (tag: string): string => `https://farm.example/${tag}/story-${ARTICLE}.html`;
const farmTags: [string, string][] = [
  ['en', 'eng'],
  ['es', 'spa'],
  ['fr', 'fra'],
];

/**
 * A farm publishing one article in three languages with hreflang, two mirrors without links, and two unrelated pages.
 * Translated page ids: farm-en, farm-es, farm-fr, mirror-ca, mirror-eo; unrelated: blog, other-es.
 */
export function parallelCorpus(): Doc[] {
  const alternates = farmTags.map(([tag]) => ({ hreflang: tag, href: farm(tag) }));
  return [
    ...farmTags.map(([tag, lang]) =>
      pageDoc(`farm-${tag}`, farm(tag), mtArticle(ARTICLE, lang), { alternates }),
    ),
    pageDoc('mirror-ca', 'https://mirror-ca.example/noticies/9.html', mtArticle(ARTICLE, 'cat')),
    pageDoc('mirror-eo', 'https://mirror-eo.example/artikoloj/4.html', mtArticle(ARTICLE, 'epo')),
    pageDoc('blog', 'https://blog.example/posts/a.html', humanArticle(0)),
    pageDoc('other-es', 'https://other.example/es/x.html', mtArticle(ARTICLE + 20, 'spa')),
  ];
}

/** A temporary folder holding `audit.sqlite` with the parallel corpus stored, for CLI tests. */
export function parallelDatabase(dir: string): string {
  const store = new SqliteStore(join(dir, 'audit.sqlite'));
  store.putDocs(parallelCorpus(), store.beginRun({ command: 'test', config: {}, codeVersion: 'v' }));
  store.close();
  return dir;
}
