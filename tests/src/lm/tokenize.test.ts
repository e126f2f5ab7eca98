import { describe, expect, it } from 'vitest';
import { detokenize, tokenizeSentence, tokenizeText } from '../../../src/lm/tokenize.js';
import { brownWords } from '../../../src/world/brown.js';

describe('tokens', () => {
  it('detokenizes Brown quotes and punctuation', () => {
    const words = brownWords(
      "``/`` Only/rb a/at handful/nn ''/'' ,/, the/at jury/nn said/vbd (/( in/in 1961/cd )/) ;/. it/pps cost/vbd $/$ 5/cd --/-- then/rb 1/2/cd ./.",
    );
    expect(words.at(-2)).toBe('1/2');
    expect(detokenize(words)).toBe('"Only a handful", the jury said (in 1961); it cost $5 - then 1/2.');
  });

  it('tokenizes text the way Brown does, and back', () => {
    const tokens = tokenizeSentence('He said "no," and left (twice).');
    expect(tokens).toEqual(['He', 'said', '``', 'no', ',', "''", 'and', 'left', '(', 'twice', ')', '.']);
    expect(detokenize(tokens)).toBe('He said "no," and left (twice).');
    expect(tokenizeText('One here. Two there!')).toEqual([
      ['One', 'here', '.'],
      ['Two', 'there', '!'],
    ]);
  });
});
