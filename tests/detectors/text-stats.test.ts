import { describe, expect, it } from 'vitest';
import { textStats } from '../../detectors/text-stats.js';
import { generate } from '../../src/lm/sample.js';
import { detokenize } from '../../src/lm/tokenize.js';
import { rng } from '../../db/random.js';
import { readBrownText } from '../../src/world/brown.js';
import { spamModel } from '../../src/world/spam-model.js';

/** A real human article: Brown's first news text, one paragraph per line. */
const human = readBrownText('ca01', 'news')
  .paragraphs.map((p) => p.join(' '))
  .join('\n');

/** Word salad as the demo world's spam-a samples it: the Brown trigram model at temperature 1. */
function salad(seed: number, sentences: number): string {
  const model = spamModel();
  const random = rng(seed);
  const out: string[] = [];
  while (out.length < sentences) {
    const tokens = generate(model, { random, temperature: 1, maxTokens: 45 });
    if (tokens.length >= 4) out.push(detokenize(tokens));
  }
  return out.join(' ');
}

describe('textStats', () => {
  it('finds human prose cohesive and n-gram word salad not', () => {
    const h = textStats(human);
    const s = textStats(salad(1, 40));
    expect(h.cohesion).toBeDefined();
    expect(s.cohesion).toBeDefined();
    expect(h.contentWords).toBeGreaterThan(300);
    // Measured on the demo world's English test pages: medians 0.30 (human) against 0.09 (spam-a).
    expect(h.cohesion!).toBeGreaterThan(2 * s.cohesion!);
  });

  it('gives no value for short text or text written without spaces', () => {
    expect(textStats('A short note. With two sentences only.').cohesion).toBeUndefined();
    const chinese =
      '人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。'.repeat(8);
    expect(textStats(chinese).cohesion).toBeUndefined();
  });

  it('counts homoglyph-attacked words as the words they imitate', () => {
    // Cyrillic а, е, о in place of the Latin letters, as RAID's homoglyph attack does.
    const attacked = human.replace(/a/g, '\u0430').replace(/e/g, '\u0435').replace(/o/g, '\u043e');
    expect(textStats(attacked)).toEqual(textStats(human));
  });
});
