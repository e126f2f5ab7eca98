import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../db/types.js';
import { rng } from '../../db/random.js';
import { PolicyEngine } from '../../policy/apply-policy.js';
import { calibrateThresholds, type CalibrationPage } from '../../policy/calibrate.js';
import { CalibratedThresholds } from '../../policy/calibrated-thresholds.js';
import { resolvePolicy } from '../../policy/load-policy.js';

const DIGEST = 'verdict-digest';
const SUBSET = ['mgt_classifier', 'mwp'];

/** A human page whose machine probabilities sit around `centre` (a language the models misread sits high). */
function page(
  i: number,
  lang: string,
  centre: number,
  random: () => number,
  host = `site${i % 7}.example`,
): CalibrationPage {
  const p = (): number => Math.min(0.999, Math.max(0.001, centre + 0.15 * (random() - 0.5)));
  return {
    id: `${lang}-${i}`,
    lang,
    host,
    probs: { 'machine-translation': p(), 'lm-generated': p() * 0.8 },
    detectors: SUBSET,
    verdict: DIGEST,
  };
}

/** The stored verdict of such a page, judged by the shipped thresholds (pooled: 0.5 at 5%). */
function verdictOf(p: CalibrationPage, label: Verdict['label'] = 'human'): Verdict {
  return {
    docId: p.id,
    label,
    probs: { human: 0.1, ...p.probs },
    fprLevel: null,
    reasons:
      label === 'insufficient'
        ? [{ code: 'no_reference_for_language', detector: 'verdict', value: 0, detail: 'no human page' }]
        : [],
    calibration: DIGEST,
    thresholds: {
      'machine-translation': { '0.01': 0.8, '0.05': 0.5 },
      'lm-generated': { '0.01': 0.8, '0.05': 0.5 },
    },
    detectors: SUBSET,
  };
}

const policy = resolvePolicy(
  { classes: { 'machine-translation': { reject_at_fpr: 0.05 }, 'lm-generated': { reject_at_fpr: 0.05 } } },
  'test',
).policy;

describe('calibrate', () => {
  it('holds the 5% level per language on new human pages, where pooled thresholds flag a misread language wholesale', () => {
    const random = rng(3);
    // English reads as human (0.2); Galician, which the models misread, sits near the pooled threshold.
    const sample = [
      ...Array.from({ length: 300 }, (_, i) => page(i, 'eng', 0.2, random)),
      ...Array.from({ length: 400 }, (_, i) => page(i, 'glg', 0.5, random)),
    ];
    const file = calibrateThresholds(sample);
    expect(Object.keys(file.fits)).toEqual(['mgt_classifier+mwp']);
    const calibrated = new PolicyEngine(policy, new CalibratedThresholds(file, 'mine.json'));
    const shipped = new PolicyEngine(policy);
    const fresh = Array.from({ length: 2000 }, (_, i) => page(1000 + i, 'glg', 0.5, random));
    const rejected = (engine: PolicyEngine): number =>
      fresh.filter(
        (p) =>
          engine.apply({ lang: 'glg', scores: [], evidence: [], verdict: verdictOf(p) }).decision ===
          'reject',
      ).length / fresh.length;
    expect(rejected(shipped)).toBeGreaterThan(0.3);
    expect(rejected(calibrated)).toBeLessThan(0.075);
    // The two-fold measurement says the same before any new page is seen.
    expect(file.measured.glg!.levels['0.05']!.fpr).toBeLessThan(0.1);
    expect(file.measured.eng!.levels['0.01']!.heldOut).toBe(300);
  });

  it('judges pages the verdict abstained on in a calibrated language, and leaves other verdict files alone', () => {
    const random = rng(4);
    const sample = Array.from({ length: 100 }, (_, i) => page(i, 'srp', 0.3, random));
    const calibration = new CalibratedThresholds(calibrateThresholds(sample), 'mine.json');
    const engine = new PolicyEngine(policy, calibration);
    const machine = verdictOf(page(5000, 'srp', 0.95, random), 'insufficient');
    const outcome = engine.apply({ lang: 'srp', scores: [], evidence: [], verdict: machine });
    expect(outcome.decision).toBe('reject');
    expect(outcome.reasons[0]!.detail).toMatch(/of your calibration/);
    // Not a page abstained on for its language (too short, outside the fitted range): still kept.
    const ood = { ...machine, reasons: [{ ...machine.reasons[0]!, code: 'out_of_distribution' }] };
    expect(engine.apply({ lang: 'srp', scores: [], evidence: [], verdict: ood }).decision).toBe('keep');
    // Another language, or a verdict from another verdict file: the verdict's own thresholds.
    expect(engine.apply({ lang: 'hrv', scores: [], evidence: [], verdict: machine }).decision).toBe('keep');
    const other = { ...verdictOf(page(5001, 'srp', 0.6, random)), calibration: 'another' };
    expect(engine.apply({ lang: 'srp', scores: [], evidence: [], verdict: other }).decision).toBe('reject');
    expect(calibration.mismatched).toBe(1);
  });

  it('says what a sample cannot promise, and refuses what promises nothing', () => {
    const random = rng(5);
    const oneSite = Array.from({ length: 40 }, (_, i) => page(i, 'eng', 0.2, random, 'blog.example'));
    const file = calibrateThresholds(oneSite);
    expect(file.warnings.join('\n')).toMatch(/only 40 human pages/);
    expect(file.warnings.join('\n')).toMatch(/every page is in eng/);
    expect(file.warnings.join('\n')).toMatch(/100% of the pages come from blog\.example/);
    expect(Object.keys(file.fits['mgt_classifier+mwp']!.languages.eng!.thresholds['lm-generated']!)).toEqual([
      '0.05',
    ]);
    expect(() => calibrateThresholds(oneSite.slice(0, 18))).toThrow(/18 human pages give no guarantee/);
    expect(() => calibrateThresholds([...oneSite, { ...oneSite[0]!, id: 'x', verdict: 'other' }])).toThrow(
      /judged by 2 different verdict files/,
    );
  });
});
