/**
 * Word tokens for the n-gram language model, and the way back to text. Tokens follow the Brown
 * corpus's conventions (punctuation split off, `` and '' for double quotes), so that models trained
 * on Brown and on other text produce the same kind of tokens.
 */

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*'?|\.\.\.|--|[^\s\p{L}\p{N}]/gu;
const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

/** The tokens of one sentence; double quotes become `` or '' by position, as in Brown. */
export function tokenizeSentence(sentence: string): string[] {
  const out: string[] = [];
  for (const match of sentence.matchAll(WORD)) {
    let token = match[0];
    if (token === '"' || token === '“' || token === '”') {
      const start = match.index === 0 || /\s|[([{]/.test(sentence[match.index - 1] ?? ' ');
      token = token === '“' || (token === '"' && start) ? '``' : "''";
    }
    out.push(token);
  }
  return out;
}

/** Sentences of a text, each as tokens (empty sentences left out). */
export function tokenizeText(text: string): string[][] {
  const out: string[][] = [];
  for (const { segment } of SENTENCES.segment(text)) {
    const tokens = tokenizeSentence(segment);
    if (tokens.length > 0) out.push(tokens);
  }
  return out;
}

const ATTACH_LEFT = new Set([',', '.', ';', ':', '?', '!', ')', ']', '}', "''", "'", '%', '...']);
const ATTACH_RIGHT = new Set(['(', '[', '{', '``', '`', '$']);

/**
 * Joins tokens into ordinary text: `` and '' become straight double quotes hugging the words they
 * enclose, punctuation attaches to the word before it, opening brackets and `$` to the word after,
 * and a double hyphen becomes a spaced dash.
 */
export function detokenize(tokens: readonly string[]): string {
  let out = '';
  let glueNext = true;
  for (const token of tokens) {
    const text = token === '``' || token === "''" ? '"' : token === '`' || token === "'" ? "'" : token;
    if (out && !glueNext && !ATTACH_LEFT.has(token)) out += ' ';
    out += token === '--' ? '-' : text;
    glueNext = ATTACH_RIGHT.has(token);
  }
  return out;
}
