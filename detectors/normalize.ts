/** Format characters (zero-width joiners, BOMs, bidi marks): invisible, and used to dodge filters. */
const FORMAT_CHARS = /\p{Cf}/gu;
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu;

/**
 * The form texts are compared in for duplicate detection: NFKC (folds compatibility characters
 * and many homoglyph tricks), lower case, format characters removed, punctuation and symbols
 * as word breaks, whitespace collapsed. Two pages that differ only in such details are duplicates.
 */
export function normalizeForDedup(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(FORMAT_CHARS, '').replace(NOT_WORD, ' ').trim();
}
