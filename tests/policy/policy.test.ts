import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { DocScore, Evidence, Verdict } from '../../db/types.js';
import { hostnameOf } from '../../db/host.js';
import { PolicyEngine, PolicyTally } from '../../policy/apply-policy.js';
import { defaultPolicy, loadPolicy, PolicyError, resolvePolicy } from '../../policy/load-policy.js';
import { DEFAULT_POLICY_YAML } from '../../policy/policy-schema.js';
import { tempDir } from '../helpers/temp-dirs.js';

const thresholds = {
  'machine-translation': { '0.01': 0.9, '0.05': 0.5 },
  'lm-generated': { '0.01': 0.8, '0.05': 0.3 },
};

function verdict(mt: number, lm: number, label: Verdict['label'] = 'human'): Verdict {
  return {
    docId: 'd',
    label,
    probs: { human: 1 - mt - lm, 'machine-translation': mt, 'lm-generated': lm },
    fprLevel: null,
    reasons:
      label === 'human' ? [] : [{ code: 'mgt_classifier', detector: 'mgt_classifier', value: 1, detail: '' }],
    calibration: 'c',
    thresholds,
  };
}

const insufficient: Verdict = {
  docId: 'd',
  label: 'insufficient',
  probs: {},
  fprLevel: null,
  reasons: [{ code: 'too_short', detector: 'verdict', value: 50, detail: '50 characters of text' }],
  calibration: 'c',
  thresholds,
};

const score = (detector: string, name: string, value: number): DocScore => ({
  docId: 'd',
  detector,
  name,
  value,
});
const engine = (raw: unknown): PolicyEngine => new PolicyEngine(resolvePolicy(raw, 'test').policy);
const codes = (e: PolicyEngine, input: Parameters<PolicyEngine['apply']>[0]): string[] =>
  e.apply(input).reasons.map((r) => r.code);

describe('policy files', () => {
  it('the built-in policy is the YAML policy --show prints, and validates', () => {
    const built = defaultPolicy();
    expect(resolvePolicy(parseYaml(DEFAULT_POLICY_YAML), 'x').policy).toEqual(built.policy);
    expect(built.policy.mode).toBe('filter');
    expect(built.policy.classes['lm-generated'].reject_at_fpr).toBe(0.01);
    expect(built.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the key of every unknown key and bad value', () => {
    const bad = (raw: unknown): string => {
      try {
        resolvePolicy(raw, 'p.yaml');
      } catch (err) {
        expect(err).toBeInstanceOf(PolicyError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad({ mdoe: 'filter' })).toMatch(/\(top level\): Unrecognized key: "mdoe"/);
    expect(bad({ mode: 'drop' })).toMatch(/mode: .*"filter"\|"label-only"/);
    expect(bad({ classes: { 'lm-generated': { reject_at_fpr: 0.1 } } })).toMatch(
      /classes\.lm-generated\.reject_at_fpr:/,
    );
    expect(bad({ detectors: { mwp: { share_9plus: 0.5 } } })).toMatch(
      /detectors\.mwp: Unrecognized key: "share_9plus"/,
    );
    expect(bad({ detectors: { mwp: { share_8plus: 2 } } })).toMatch(/detectors\.mwp\.share_8plus: .*<=1/);
    expect(bad({ languages: { en: {} } })).toMatch(/languages\.en: .*ISO 639-3/);
    expect(bad({ domains: { deny: ['ok.example', 'https://x.example/'] } })).toMatch(
      /domains\.deny\[1\]: not a host name/,
    );
    expect(bad({ gate: { max_share: { human: 0.5 } } })).toMatch(
      /gate\.max_share: Unrecognized key: "human"/,
    );
    expect(bad(['a list'])).toMatch(/a policy is a mapping/);
  });

  it('reads YAML and JSON files, fills in defaults, and reports a broken file with its name', () => {
    const dir = tempDir();
    const yaml = join(dir, 'p.yaml');
    writeFileSync(yaml, 'mode: label-only\ndomains:\n  deny: [Spam.Example]\n');
    const loaded = loadPolicy(yaml);
    expect(loaded.policy.mode).toBe('label-only');
    expect(loaded.policy.domains.deny).toEqual(['spam.example']);
    expect(loaded.policy.insufficient).toBe('keep');
    const json = join(dir, 'p.json');
    writeFileSync(json, '{"mode": "filter",}');
    expect(() => loadPolicy(json)).toThrow(/p\.json is not valid JSON/);
    writeFileSync(yaml, 'mode: filter\nmode: label-only\n');
    expect(() => loadPolicy(yaml)).toThrow(/p\.yaml is not valid YAML: .*unique/);
    expect(() => loadPolicy(join(dir, 'missing.yaml'))).toThrow(
      /cannot read the policy file .*missing\.yaml/,
    );
  });
});

describe('the policy step', () => {
  it('rejects on the verdict at the configured false-positive level, with the evidence behind it', () => {
    const strict = engine({});
    expect(strict.apply({ scores: [], evidence: [], verdict: verdict(0.6, 0.1) }).decision).toBe('keep');
    const out = strict.apply({
      scores: [],
      evidence: [],
      verdict: verdict(0.95, 0.01, 'machine-translation'),
    });
    expect(out.decision).toBe('reject');
    expect(out.reasons).toEqual([
      {
        code: 'verdict_machine_translation',
        class: 'machine-translation',
        detail:
          'verdict p(machine-translation) 0.950 >= 0.900, the threshold for 1% false positives on human text',
        evidence: ['mgt_classifier'],
      },
    ]);
    const loose = engine({ classes: { 'machine-translation': { reject_at_fpr: 0.05 } } });
    expect(codes(loose, { scores: [], evidence: [], verdict: verdict(0.6, 0.1) })).toEqual([
      'verdict_machine_translation',
    ]);
    const never = engine({ classes: { 'machine-translation': { reject_at_fpr: null } } });
    expect(never.apply({ scores: [], evidence: [], verdict: verdict(0.99, 0) }).decision).toBe('keep');
    const byProb = engine({ classes: { 'lm-generated': { min_probability: 0.2 } } });
    expect(codes(byProb, { scores: [], evidence: [], verdict: verdict(0, 0.25) })).toEqual([
      'verdict_lm_generated',
    ]);
  });

  it('applies raw-score rules, duplicates, insufficient text and per-language overrides', () => {
    const e = engine({
      detectors: {
        mwp: { share_8plus: 0.5 },
        mt_markers: { plugins: 1 },
        zero_shot: { binoculars_at_most: 0.8 },
      },
      duplicates: { exact: 'reject' },
      languages: { deu: { detectors: { mwp: { share_8plus: 0.9 } }, insufficient: 'reject' } },
    });
    const evidence: Evidence[] = [
      {
        docId: 'd',
        detector: 'mt_markers',
        code: 'mt_marker_gtranslate',
        detail: 'script src="/gtranslate.js"',
      },
    ];
    expect(
      codes(e, {
        lang: 'eng',
        scores: [
          score('mwp', 'share_8plus', 0.6),
          score('mt_markers', 'plugins', 1),
          score('zero_shot', 'binoculars', 0.7),
        ],
        evidence,
        duplicateOf: { exact: 'a' },
      }),
    ).toEqual(['mt_marker_gtranslate', 'mwp_tuple_8plus', 'zero_shot_binoculars', 'duplicate_exact']);
    expect(codes(e, { lang: 'deu', scores: [score('mwp', 'share_8plus', 0.6)], evidence: [] })).toEqual([]);
    expect(codes(e, { lang: 'deu', scores: [], evidence: [], verdict: insufficient })).toEqual([
      'insufficient_text',
    ]);
    expect(codes(e, { lang: 'eng', scores: [], evidence: [], verdict: insufficient })).toEqual([]);
    // Near duplicates are kept by default.
    expect(codes(e, { scores: [], evidence: [], duplicateOf: { near: 'a' } })).toEqual([]);
  });

  it('domains: deny rejects, allow keeps but still flags, deny wins; label-only rejects nothing', () => {
    const e = engine({
      domains: { allow: ['trusted.example', 'both.example'], deny: ['spam.example', 'both.example'] },
    });
    const mt = verdict(0.95, 0);
    expect(e.apply({ url: 'https://www.spam.example/a', scores: [], evidence: [] })).toEqual({
      decision: 'reject',
      reasons: [
        { code: 'domain_denied', class: 'policy', detail: "www.spam.example is on the policy's deny list" },
      ],
    });
    const allowed = e.apply({ url: 'http://news.trusted.example/x', scores: [], evidence: [], verdict: mt });
    expect(allowed.decision).toBe('keep');
    expect(allowed.exempt).toBe('domain_allowed');
    expect(allowed.reasons.map((r) => r.code)).toEqual(['verdict_machine_translation']);
    expect(e.apply({ url: 'http://both.example/', scores: [], evidence: [], verdict: mt }).decision).toBe(
      'reject',
    );
    expect(
      e.apply({ url: 'http://nottrusted.example/', scores: [], evidence: [], verdict: mt }).decision,
    ).toBe('reject');
    const label = engine({ mode: 'label-only', domains: { deny: ['spam.example'] } });
    const flagged = label.apply({ url: 'http://spam.example/', scores: [], evidence: [], verdict: mt });
    expect(flagged.decision).toBe('keep');
    expect(flagged.exempt).toBe('label_only');
    expect(flagged.reasons.map((r) => r.code)).toEqual(['domain_denied', 'verdict_machine_translation']);
    expect(hostnameOf('not a url')).toBeUndefined();
  });

  it('the tally counts flagged classes and rejections, leaving out allowed domains', () => {
    const e = engine({ domains: { allow: ['ok.example'] } });
    const t = new PolicyTally();
    t.add(e.apply({ scores: [], evidence: [], verdict: verdict(0.95, 0) }), true);
    t.add(e.apply({ url: 'http://ok.example/', scores: [], evidence: [], verdict: verdict(0.95, 0) }), true);
    t.add(e.apply({ scores: [], evidence: [] }), false);
    t.add(e.apply({ scores: [], evidence: [], verdict: verdict(0, 0.9) }), true);
    expect(t.pages).toBe(4);
    expect(t.rejected).toBe(2);
    expect(t.share('machine-translation')).toBe(0.25);
    expect(t.share('lm-generated')).toBe(0.25);
    expect(t.share('rejected')).toBe(0.5);
    expect(t.noVerdict).toBe(1);
    expect(t.codes).toEqual({ verdict_machine_translation: 2, verdict_lm_generated: 1 });
  });
});
