import { describe, expect, it } from 'vitest';
import { alignSentences } from '../../../detectors/mwp/align.js';
import { docFeatures, LanguageIds } from '../../../detectors/mwp/features.js';
import { acceptAlignment } from '../../../detectors/mwp/translation-tuples.js';
import { humanArticle, mtArticle, pageDoc } from '../../helpers/pages.js';

const languages = new LanguageIds();
const features = (paragraphs: string[], id = 'x') =>
  docFeatures(pageDoc(id, `https://x/${id}`, paragraphs), 0, languages)!;

describe('alignSentences', () => {
  it('aligns Brown text with its Apertium translation sentence for sentence, and accepts the pair', () => {
    const en = features(mtArticle(3, 'eng'));
    for (const lang of ['spa', 'fra', 'epo']) {
      const other = features(mtArticle(3, lang));
      const a = alignSentences(en, other)!;
      expect(a.oneToOne, lang).toBeGreaterThan(0.8);
      expect(a.lengthCorrelation, lang).toBeGreaterThan(0.93);
      expect(acceptAlignment(a), lang).toBe(true);
      // Links run in order on both sides.
      for (let k = 1; k < a.links.length; k++) {
        expect(a.links[k]!.a).toBeGreaterThan(a.links[k - 1]!.a);
        expect(a.links[k]!.b).toBeGreaterThan(a.links[k - 1]!.b);
      }
    }
  });

  it('rejects unrelated texts, even in the same structure', () => {
    const en = features(mtArticle(3, 'eng'));
    let accepted = 0;
    for (let k = 0; k < 20; k++) {
      const a = alignSentences(en, features(humanArticle(k)));
      if (a && acceptAlignment(a)) accepted++;
      const b = alignSentences(features(mtArticle(k + 10, 'spa')), en);
      if (b && acceptAlignment(b)) accepted++;
    }
    expect(accepted).toBe(0);
  });

  it('links a sentence one side splits in two to the longer half (a partial link)', () => {
    const left = features([
      'The committee met on Monday in Springfield to discuss the budget.',
      'It approved the plan after a long debate about roads and schools, and the mayor signed it at once.',
      'Nobody objected.',
    ]);
    const right = features([
      'El comité se reunió el lunes en Springfield para discutir el presupuesto.',
      'Aprobó el plan tras un largo debate sobre carreteras y escuelas. El alcalde lo firmó enseguida.',
      'Nadie se opuso.',
    ]);
    const a = alignSentences(left, right)!;
    expect(a.links.map((l) => [l.a, l.b])).toEqual([
      [0, 0],
      [2, 3],
    ]);
    expect(a.partialLinks.map((l) => [l.a, l.b])).toEqual([[1, 1]]);
    expect(a.partialLinks[0]!.confidence).toBeLessThan(0.5);
  });

  it('uses numbers as anchors: sections with different numbers do not agree', () => {
    const para = (n: number) => [
      `Article ${n}`,
      `Everyone has the right number ${n * 3} to a fair hearing by a court of law.`,
    ];
    const a = features([...para(1), ...para(2), ...para(3)]);
    const b = features([...para(7), ...para(8), ...para(9)]);
    const result = alignSentences(a, b)!;
    expect(result.numberAgreement).toBe(0);
    expect(acceptAlignment(result)).toBe(false);
    expect(alignSentences(a, a)!.numberAgreement).toBe(1);
  });

  it('returns undefined for an empty side', () => {
    const a = features(['One sentence here, long enough to be a sentence.']);
    expect(
      alignSentences(a, { ...a, lens: new Uint32Array(0), paraStart: new Uint8Array(0) }),
    ).toBeUndefined();
  });
});
