import { createHash } from 'node:crypto';
import type { Doc } from '../../db/types.js';
import { extractHtml } from '../../crawlers/extract-html.js';
import { identifyLanguages } from '../../detectors/langid.js';
import { bandKeys, minhashSignature } from '../../detectors/minhash.js';
import { normalizeForDedup } from '../../detectors/normalize.js';

/**
 * The per-document work of ingest, as plain functions: the in-process steps and the worker
 * threads call the same code. Each returns the document, or a drop reason.
 */

/** Main text, title and page traces from HTML; plain-text documents pass through. */
export function extractDoc(doc: Doc): Doc | string {
  if (doc.html !== undefined) {
    const extracted = extractHtml(doc.html, doc.url);
    doc.text = extracted.text;
    doc.page = extracted.page;
    if (extracted.title) doc.title = extracted.title;
    delete doc.html;
  }
  return doc.text.trim() ? doc : 'empty_text';
}

/** Sentences and their languages, and the document's language. */
export function languageDoc(doc: Doc): Doc {
  const { lang, sentences } = identifyLanguages(doc.text);
  doc.lang = lang;
  doc.sentences = sentences;
  return doc;
}

/** The normalised-text hash (exact duplicates) and the MinHash signature (near duplicates). */
export function fingerprintDoc(doc: Doc): Doc {
  const normalized = normalizeForDedup(doc.text);
  doc.textHash = createHash('sha256').update(normalized).digest('hex');
  doc.minhash = minhashSignature(normalized);
  doc.lshBands = bandKeys(doc.minhash);
  return doc;
}

/** All three, as one unit of work for a worker thread. */
export function analyzeDoc(doc: Doc): Doc | string {
  const extracted = extractDoc(doc);
  return typeof extracted === 'string' ? extracted : fingerprintDoc(languageDoc(extracted));
}
