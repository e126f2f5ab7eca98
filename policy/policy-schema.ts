import { z } from 'zod';

/**
 * The policy file's shape, validated strictly: an unknown key or a bad value is an error naming the
 * key. Keys are snake_case, as in the YAML and JSON files people write.
 */

const fraction = z.number().min(0).max(1);

/** How the calibrated verdict flags a machine class. */
const classRule = z.strictObject({
  /**
   * Reject when the verdict flags the class at this target false-positive rate on human text or a
   * stricter one (0.01 is stricter than 0.05); null: the verdict alone never rejects for this class.
   */
  reject_at_fpr: z.union([z.literal(0.01), z.literal(0.05), z.null()]).optional(),
  /** Reject when the class probability is at least this, whatever the FPR thresholds say. */
  min_probability: fraction.optional(),
});

/** Raw-score rules: the minimum (or maximum, for `binoculars`) at which a page is rejected. */
const detectorRules = z.strictObject({
  mt_markers: z.strictObject({ plugins: z.number().int().min(1).optional() }).optional(),
  mwp: z
    .strictObject({
      share_2plus: fraction.optional(),
      share_3plus: fraction.optional(),
      share_8plus: fraction.optional(),
      counterparts: z.number().int().min(1).optional(),
    })
    .optional(),
  mgt_classifier: z
    .strictObject({ p_machine_translation: fraction.optional(), p_lm_generated: fraction.optional() })
    .optional(),
  zero_shot: z.strictObject({ binoculars_at_most: z.number().optional() }).optional(),
});

const keepOrReject = z.enum(['keep', 'reject']);

/** What a language override may change. */
const languageOverride = z.strictObject({
  classes: z
    .strictObject({ 'machine-translation': classRule.optional(), 'lm-generated': classRule.optional() })
    .optional(),
  insufficient: keepOrReject.optional(),
  detectors: detectorRules.optional(),
});

/** A host name as it appears in a URL (no scheme, port or path); subdomains match too. */
const hostName = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_-]{1,63}$/.test(s), {
    error: 'not a host name: write the host alone, e.g. example.com (no scheme, port or path)',
  });

/** ISO 639-3 codes, as language ID stores them, or `und`. */
const languageCode = z.string().regex(/^[a-z]{3}$/, {
  error: 'use ISO 639-3 codes as language ID stores them (eng, deu, fra, und), not two-letter codes',
});

export const policySchema = z.strictObject({
  version: z.literal(1),
  /** `filter` rejects; `label-only` flags every page the same way but rejects none. */
  mode: z.enum(['filter', 'label-only']),
  classes: z.strictObject({ 'machine-translation': classRule, 'lm-generated': classRule }),
  /** Pages the verdict cannot judge (`insufficient`: too short, or no human reference for their language). */
  insufficient: keepOrReject,
  detectors: detectorRules,
  /** Members of duplicate clusters other than the cluster's first (smallest id) member. */
  duplicates: z.strictObject({ exact: keepOrReject, near: keepOrReject }),
  languages: z.record(languageCode, languageOverride),
  domains: z.strictObject({ allow: z.array(hostName), deny: z.array(hostName) }),
  /** A thresholds file written by `corpus-audit calibrate`, relative to the policy file. */
  thresholds: z.string().min(1).optional(),
  gate: z.strictObject({
    /** A batch fails `gate` when the share of its pages flagged for a class exceeds this. */
    max_share: z.strictObject({
      'machine-translation': fraction.optional(),
      'lm-generated': fraction.optional(),
      rejected: fraction.optional(),
    }),
  }),
});

export type Policy = z.infer<typeof policySchema>;
export type ClassRule = z.infer<typeof classRule>;
export type DetectorRules = z.infer<typeof detectorRules>;
export type LanguageOverride = z.infer<typeof languageOverride>;
export type GateClass = keyof Policy['gate']['max_share'];
export const GATE_CLASSES: readonly GateClass[] = ['machine-translation', 'lm-generated', 'rejected'];

/**
 * The built-in policy, as the text `policy --show` prints: a user copies it and edits. Every key a
 * policy file leaves out takes its value from here.
 */
export const DEFAULT_POLICY_YAML = `# corpus-audit policy (version 1). Every key left out of a policy file takes the value shown here.
version: 1

# filter: rejected pages go to the rejected output with their reasons.
# label-only: every page goes to the clean output, flagged with the same reasons (an audit).
mode: filter

# The calibrated verdict (corpus-audit score). reject_at_fpr: reject a page the verdict flags at this
# target false-positive rate on human text or a stricter one: 0.01, 0.05, or null (never).
# min_probability: reject at or above this class probability instead.
classes:
  machine-translation:
    reject_at_fpr: 0.01
  lm-generated:
    reject_at_fpr: 0.01

# Pages the verdict cannot judge: too short (fewer than 200 characters; Han, kana and Hangul count 3),
# or in a language it has no human calibration page for: keep | reject.
insufficient: keep

# Thresholds set on human pages of your own corpus (corpus-audit calibrate), relative to this file:
# in the languages it calibrated, they replace the verdict's (and judge pages the verdict abstained
# on for want of human pages in their language).
#   thresholds: my-thresholds.json

# Raw-score rules, each applied on its own (the verdict already weighs these scores together):
#   mt_markers: { plugins: 1 }            reject pages with a machine-translation plugin trace
#   mwp: { share_8plus: 0.5 }             share of sentences in 8+-way translation tuples (also
#                                         share_2plus, share_3plus; counterparts: translated pages)
#   mgt_classifier: { p_lm_generated: 0.99, p_machine_translation: 0.99 }
#   zero_shot: { binoculars_at_most: 0.8 }
detectors: {}

# Members of duplicate clusters other than the cluster's first page: keep | reject.
duplicates:
  exact: keep
  near: keep

# Per-language overrides of classes, insufficient and detectors, by ISO 639-3 code, e.g.
#   languages:
#     und: { insufficient: reject }
#     eng: { classes: { lm-generated: { reject_at_fpr: 0.05 } } }
languages: {}

# Hosts (subdomains included). deny: always rejected (domain_denied); allow: never rejected, still
# flagged. A host on both lists is denied.
domains:
  allow: []
  deny: []

# corpus-audit gate fails a batch when the share of its pages flagged for a class (or rejected)
# is above this; --max-share overrides.
gate:
  max_share:
    machine-translation: 0.05
    lm-generated: 0.05
`;
