import { docId } from './digest.js';

/**
 * A record's document id: what identifies the record in its format, plus its content digest, so
 * a re-read of the same record (a repeated or resumed ingest, a copy of the file) maps to the same
 * document while two different records never collide.
 */
export function docIdFor(idParts: readonly (string | number | undefined)[], digest: string): string {
  return docId(...idParts, digest);
}
