import { describe, expect, it } from 'vitest';
import { MGT_CLASSES } from '../../../detectors/models/label-map.js';
import { FEATURES } from '../../../detectors/verdict/features.js';
import { fitVerdict } from '../../../detectors/verdict/fit.js';
import {
  centreOnLanguage,
  fitLanguageReference,
  LANGUAGE_FEATURES,
  SHRINK_PAGES,
} from '../../../detectors/verdict/language-reference.js';
import { rateAtOrAbove } from '../../../detectors/verdict/roc.js';
import { VerdictModel } from '../../../detectors/verdict/verdict-model.js';
import { rng } from '../../../db/random.js';

const human = MGT_CLASSES.indexOf('human');
const lm = MGT_CLASSES.indexOf('lm-generated');
const mt = MGT_CLASSES.indexOf('machine-translation');

/**
 * A page's features: the language-dependent (zero-shot) ones are lower for machine text, and for
 * every page in `xyz`, a language the language models know badly, by as much again; the others are noise.
 */
function page(cls: number, lang: string, random: () => number): Float64Array {
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Float64Array.from(FEATURES, (_, k) => {
    if (!LANGUAGE_FEATURES.includes(k)) return gauss();
    return gauss() - (cls === lm ? 2 : 0) - (lang === 'xyz' ? 2 : 0);
  });
}

function sample(n: number, langs: string[], random: () => number) {
  const ys = Array.from({ length: n }, (_, i) => [human, human, lm, mt][i % 4]!);
  const ls = ys.map((_, i) => langs[Math.floor(i / 4) % langs.length]!);
  return { ys, ls, xs: ys.map((y, i) => page(y, ls[i]!, random)) };
}

describe('the language reference', () => {
  it('moves a language with many pages onto the global human mean, one with few pages less, an unknown one not at all', () => {
    const random = rng(3);
    const xs = [
      ...Array.from({ length: 90 }, () => page(human, 'eng', random)),
      ...Array.from({ length: 90 }, () => page(human, 'xyz', random)),
      ...Array.from({ length: 2 }, () => page(human, 'abc', random)),
    ];
    const langs = [...Array<string>(90).fill('eng'), ...Array<string>(90).fill('xyz'), 'abc', 'abc'];
    const reference = fitLanguageReference(
      xs,
      xs.map(() => true),
      langs,
    );
    expect(reference.languages.xyz!.pages).toBe(90);
    const f = LANGUAGE_FEATURES[0]!;
    const centred = xs.map((x, i) => centreOnLanguage(x, langs[i], reference).x[f]!);
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    // Shrunk by SHRINK_PAGES pseudo-pages: 90 pages close most of the 2-point gap.
    expect(Math.abs(mean(centred.slice(0, 90)) - mean(centred.slice(90, 180)))).toBeLessThan(
      (2 * SHRINK_PAGES) / 90,
    );
    expect(centreOnLanguage(xs[0]!, 'und', reference)).toEqual({ x: xs[0], pages: 0 });
  });

  it('keeps human pages of a language the models know badly from being flagged as machine-made', () => {
    const random = rng(11);
    const fit = sample(800, ['eng', 'eng', 'eng', 'xyz'], random);
    const fresh = sample(4000, ['xyz'], random);
    const rates = [false, true].map((withLanguages) => {
      const model = new VerdictModel(
        fitVerdict(
          fit.xs,
          fit.ys,
          { minChars: 200, models: {}, fittedOn: {} },
          withLanguages ? fit.ls : undefined,
          { centre: withLanguages },
        ),
      );
      const threshold = model.file.thresholds['lm-generated']['0.05']!;
      const scores = (cls: number): number[] =>
        fresh.xs.filter((_, i) => fresh.ys[i] === cls).map((x) => model.probabilitiesOfPage(x, 'xyz')[lm]!);
      return { fpr: rateAtOrAbove(scores(human), threshold), tpr: rateAtOrAbove(scores(lm), threshold) };
    });
    const [pooled, perLanguage] = rates as [{ fpr: number; tpr: number }, { fpr: number; tpr: number }];
    // One threshold for every language flags the badly known language's human pages several times
    // as often as the level says...
    expect(pooled.fpr).toBeGreaterThan(0.12);
    // ...read against its own language's human pages, they are flagged near the 5% level (7.1%
    // here, 15.3% pooled), and its machine pages are still caught.
    expect(perLanguage.fpr).toBeLessThan(0.08);
    expect(perLanguage.tpr).toBeGreaterThan(0.5);
  });

  it('sets a language’s own thresholds from its own human pages where it has enough of them', () => {
    const random = rng(5);
    // Mostly eng: 1,600 pages (800 human), xyz 400 (200 human), abc 40 (20 human).
    const languages = [...Array<string>(40).fill('eng'), ...Array<string>(10).fill('xyz'), 'abc'];
    const fit = sample(2040, languages, random);
    const file = fitVerdict(fit.xs, fit.ys, { minChars: 200, models: {}, fittedOn: {} }, fit.ls);
    expect(Object.keys(file.languageThresholds!.eng!['lm-generated']!).sort()).toEqual(['0.01', '0.05']);
    expect(Object.keys(file.languageThresholds!.abc!['lm-generated']!)).toEqual(['0.05']);
    const model = new VerdictModel(file);
    const fresh = sample(4000, ['xyz'], random);
    const humans = fresh.xs
      .filter((_, i) => fresh.ys[i] === human)
      .map((x) => model.probabilitiesOfPage(x, 'xyz')[lm]!);
    const own = model.thresholdsFor('xyz')['lm-generated']['0.05']!;
    const pooled = model.thresholdsFor('und')['lm-generated']['0.05']!;
    expect(pooled).toBe(file.thresholds['lm-generated']['0.05']);
    // The badly known language's humans, flagged at the pooled threshold far above the level, stay
    // near it at their own.
    expect(rateAtOrAbove(humans, pooled)).toBeGreaterThan(0.1);
    expect(rateAtOrAbove(humans, own)).toBeLessThan(0.075);
  });
});
