import { createHash } from 'node:crypto';
import type { Doc } from '../../db/types.js';
import { extractHtml } from '../../crawlers/extract-html.js';
import { declaredLanguages } from '../../detectors/declared-language.js';
import { identifyLanguages } from '../../detectors/langid.js';
import { bandKeys, minhashSignature } from '../../detectors/minhash.js';
import { normalizeForDedup } from '../../detectors/normalize.js';
import { pageFeatures } from '../../detectors/mwp/features.js';
import { encodeFeatures } from '../../detectors/mwp/stored-features.js';

/**
 * The per-document work of ingest, as plain functions: the in-process steps and the worker
 * threads call the same code. Each returns the document, or a drop reason.
 */

/**
 * The fields of a Doc the analysis reads (`url`, `html`, `text`) and writes. A worker thread gets
 * only what it reads (`analysisInput`), not headers, provenance or a crawled page's links: copying
 * those to the thread and back would be work for nothing.
 */
export type Analyzed = AnalyzedFields & {
  /** The `Content-Language` response header, for language ID; not kept on the document. */
  contentLanguage?: string;
};

type AnalyzedFields = Pick<
  Doc,
  | 'id'
  | 'url'
  | 'html'
  | 'text'
  | 'title'
  | 'page'
  | 'lang'
  | 'sentences'
  | 'textHash'
  | 'minhash'
  | 'lshBands'
  | 'mwpFeatures'
>;

/** What a worker thread needs of a document to analyse it. */
export function analysisInput(doc: Doc): Analyzed {
  return {
    id: doc.id,
    ...(doc.url !== undefined && { url: doc.url }),
    ...(doc.html !== undefined && { html: doc.html }),
    text: doc.text,
    ...(doc.provenance.httpHeaders?.['content-language'] !== undefined && {
      contentLanguage: doc.provenance.httpHeaders['content-language'],
    }),
  };
}

/** Puts what a worker thread found (`analyzeDoc` of `analysisInput(doc)`) into the document. */
export function mergeAnalysis(doc: Doc, analyzed: Partial<Analyzed>): Doc {
  Object.assign(doc, analyzed);
  delete doc.html;
  delete (doc as Analyzed).contentLanguage;
  return doc;
}

/** Main text, title and page traces from HTML; plain-text documents pass through. */
export function extractDoc<T extends Analyzed>(doc: T): T | string {
  if (doc.html !== undefined) {
    const extracted = extractHtml(doc.html, doc.url);
    doc.text = extracted.text;
    doc.page = extracted.page;
    if (extracted.title) doc.title = extracted.title;
    delete doc.html;
  }
  return doc.text.trim() ? doc : 'empty_text';
}

/** Sentences and their languages, and the document's language (with what the page declares). */
export function languageDoc<T extends Analyzed>(doc: T): T {
  const contentLanguage =
    doc.contentLanguage ?? (doc as Partial<Doc>).provenance?.httpHeaders?.['content-language'];
  const declared = declaredLanguages({ url: doc.url, page: doc.page, contentLanguage });
  const { lang, sentences } = identifyLanguages(doc.text, declared);
  delete doc.contentLanguage;
  doc.lang = lang;
  doc.sentences = sentences;
  return doc;
}

/** The normalised-text hash (exact duplicates) and the MinHash signature (near duplicates). */
export function fingerprintDoc<T extends Analyzed>(doc: T): T {
  const normalized = normalizeForDedup(doc.text);
  doc.textHash = createHash('sha256').update(normalized).digest('hex');
  doc.minhash = minhashSignature(normalized);
  doc.lshBands = bandKeys(doc.minhash);
  return doc;
}

/**
 * The translation detector's per-page features (sentence keys, anchors, lengths), stored with the
 * page so that the corpus-wide stage need not read the text and compute them after the crawl or
 * ingest (here they are computed in the worker threads, while the crawl or ingest goes on).
 */
export function translationFeaturesDoc<T extends Analyzed>(doc: T): T {
  const features = pageFeatures(doc);
  if (features) doc.mwpFeatures = encodeFeatures(features);
  return doc;
}

/** All four, as one unit of work for a worker thread. */
export function analyzeDoc<T extends Analyzed>(doc: T): T | string {
  const extracted = extractDoc(doc);
  return typeof extracted === 'string'
    ? extracted
    : translationFeaturesDoc(fingerprintDoc(languageDoc(extracted)));
}
