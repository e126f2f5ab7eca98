import { describe, expect, it } from 'vitest';
import { countScripts } from '../../detectors/script.js';

describe('scripts', () => {
  it('names the main script of a text with its share of the letters', () => {
    expect(countScripts('Hello, world!')).toEqual({ script: 'Latn', letters: 10, share: 1 });
    expect(countScripts('Привет, мир')).toMatchObject({ script: 'Cyrl', letters: 9 });
    expect(countScripts('すべての人間は、生まれながらにして自由')).toMatchObject({
      script: 'Jpan',
      share: 1,
    });
    expect(countScripts('모든 인간은 태어날 때부터')).toMatchObject({ script: 'Kore' });
    expect(countScripts('人人生而自由')).toMatchObject({ script: 'Hani' });
    expect(countScripts('ab где')).toMatchObject({ script: 'Cyrl', letters: 5, share: 0.6 });
  });

  it('counts no letters in digits, punctuation and emoji', () => {
    expect(countScripts('12 345, 678.9 😀😀 !!')).toEqual({ script: 'Zyyy', letters: 0, share: 0 });
    expect(countScripts('')).toEqual({ script: 'Zyyy', letters: 0, share: 0 });
  });
});
