import { createHash } from 'node:crypto';
import type { Store } from '../../db/store.js';
import type { Doc, SourceFile } from '../../db/types.js';
import { extractHtml } from '../../crawlers/extract-html.js';
import { identifyLanguages } from '../../detectors/langid.js';
import { minhashSignature } from '../../detectors/minhash.js';
import { normalizeForDedup } from '../../detectors/normalize.js';
import { mapStep, type Step } from '../pipeline/step.js';

/** Documents already in the Store are not processed again (repeated and resumed ingests). */
export function skipStoredStep(store: Store): Step {
  return mapStep('skip_stored', (doc) => (store.hasDoc(doc.id) ? 'already_stored' : doc));
}

/** Main text, title and page traces from HTML; plain-text documents pass through. */
export const extractStep: Step = mapStep('extract', (doc) => {
  if (doc.html !== undefined) {
    const extracted = extractHtml(doc.html, doc.url);
    doc.text = extracted.text;
    doc.page = extracted.page;
    if (extracted.title) doc.title = extracted.title;
    delete doc.html;
  }
  return doc.text.trim() ? doc : 'empty_text';
});

/** Sentences and their languages, and the document's language. */
export const languageStep: Step = mapStep('language', (doc) => {
  const { lang, sentences } = identifyLanguages(doc.text);
  doc.lang = lang;
  doc.sentences = sentences;
  return doc;
});

/** The normalised-text hash (exact duplicates) and the MinHash signature (near duplicates). */
export const fingerprintStep: Step = mapStep('fingerprint', (doc) => {
  const normalized = normalizeForDedup(doc.text);
  doc.textHash = createHash('sha256').update(normalized).digest('hex');
  doc.minhash = minhashSignature(normalized);
  return doc;
});

/**
 * Documents per write transaction. Larger batches amortise the commit; a crash loses at most one
 * batch, which the next run re-reads because its file is not marked complete.
 */
export const WRITE_BATCH = 500;

export interface WriterOptions {
  store: Store;
  runId: number;
  /** The file being read; written as `complete` in the same transaction as its last documents. */
  source: Omit<SourceFile, 'status' | 'docs'>;
  /** How many of this file's documents were stored before this run (skipped as already stored). */
  storedBefore: () => number;
}

/** The sink: writes documents in batches and yields the ones it inserted. */
export function storeWriterStep(options: WriterOptions): Step {
  return {
    name: 'store',
    async *run(docs, ctx) {
      let batch: Doc[] = [];
      let written = 0;
      const write = (complete: boolean): Doc[] => {
        const pending = batch;
        batch = [];
        const source: SourceFile | undefined = complete
          ? { ...options.source, status: 'complete', docs: options.storedBefore() + written + pending.length }
          : undefined;
        const { inserted, existingIds } = options.store.putDocs(pending, options.runId, source);
        written += inserted;
        if (existingIds.length === 0) return pending;
        // Stored by a concurrent run between the skip check and now: counted, not duplicated.
        const existing = new Set(existingIds);
        for (const doc of pending) if (existing.has(doc.id)) ctx.drop(doc, 'already_stored');
        return pending.filter((doc) => !existing.has(doc.id));
      };
      for await (const doc of docs) {
        batch.push(doc);
        if (batch.length >= WRITE_BATCH) yield* write(false);
      }
      yield* write(true);
    },
  };
}
