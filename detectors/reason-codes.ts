import { PLUGINS } from './mt-markers.js';

/** Where a reason code appears. */
export type ReasonUse =
  /** evidence a detector stored (`Evidence.code`) */
  | 'evidence'
  /** what pushed a verdict toward its class (`VerdictReason.code`) */
  | 'verdict'
  /** why a verdict abstained (`insufficient`, its first reason) */
  | 'abstention'
  /** a rule of the policy that fired (`PolicyReason.code`) */
  | 'policy';

export interface ReasonCode {
  code: string;
  uses: readonly ReasonUse[];
  meaning: string;
}

/**
 * Every reason code corpus-audit gives, once, with what it means. One concept keeps one code
 * wherever it appears: a plugin trace is `mt_marker_<plugin>` as evidence, as a verdict reason and
 * as a policy rule. `tests/detectors/reason-codes.test.ts` checks that every code the detectors,
 * the verdict and the policy can give is here, and nothing else.
 */
export const REASON_REGISTRY: readonly ReasonCode[] = [
  ...PLUGINS.map((p): ReasonCode => ({
    code: p.code,
    uses: ['evidence', 'verdict', 'policy'],
    meaning: `a trace of the ${p.code.slice('mt_marker_'.length).replace(/_/g, ' ')} machine-translation plugin in the HTML`,
  })),
  {
    code: 'mt_marker',
    uses: ['verdict'],
    meaning: 'machine-translation plugin traces whose plugin the evidence does not name',
  },
  {
    code: 'mgt_classifier',
    uses: ['verdict'],
    meaning: "the transformer classifier's probability of the class",
  },
  {
    code: 'zero_shot_ll',
    uses: ['verdict'],
    meaning: 'mean log-likelihood under the observer language model',
  },
  { code: 'zero_shot_logrank', uses: ['verdict'], meaning: 'mean log-rank of the observed tokens' },
  { code: 'zero_shot_entropy', uses: ['verdict'], meaning: "mean entropy of the observer's predictions" },
  {
    code: 'zero_shot_binoculars',
    uses: ['verdict', 'policy'],
    meaning: "Binoculars score (the policy rule: at or below the policy's binoculars_at_most)",
  },
  {
    code: 'zero_shot_fastdetect',
    uses: ['verdict'],
    meaning: "Fast-DetectGPT's discrepancy: more likely than expected",
  },
  {
    code: 'zero_shot_improbable',
    uses: ['verdict'],
    meaning: "Fast-DetectGPT's discrepancy: less likely than expected",
  },
  {
    code: 'mwp_tuple_8plus',
    uses: ['evidence', 'verdict', 'policy'],
    meaning: 'sentences in translation tuples of 8 or more languages',
  },
  {
    code: 'mwp_tuple_3plus',
    uses: ['evidence', 'verdict', 'policy'],
    meaning: 'sentences in translation tuples of 3 or more languages',
  },
  {
    code: 'mwp_parallel',
    uses: ['verdict', 'policy'],
    meaning: 'sentences with a translation in another page, or translated counterpart pages',
  },
  {
    code: 'mwp_counterparts',
    uses: ['policy'],
    meaning: "translated counterpart pages, at least the policy's counterparts",
  },
  {
    code: 'text_low_cohesion',
    uses: ['verdict'],
    meaning: 'content words that rarely recur in another sentence (word salad)',
  },
  {
    code: 'too_short',
    uses: ['abstention'],
    meaning: 'too little text to judge (under 200 characters; Han, kana and Hangul count 3)',
  },
  {
    code: 'no_fit_for_detectors',
    uses: ['abstention'],
    meaning: 'the verdict file has no fit for the detectors that scored the page',
  },
  {
    code: 'no_reference_for_language',
    uses: ['abstention'],
    meaning: 'no human calibration page in the page language',
  },
  {
    code: 'out_of_distribution',
    uses: ['abstention'],
    meaning: 'flagged only by feature values beyond those the verdict was fitted on',
  },
  {
    code: 'verdict_machine_translation',
    uses: ['policy'],
    meaning: 'the verdict flags machine translation at the policy level',
  },
  {
    code: 'verdict_lm_generated',
    uses: ['policy'],
    meaning: 'the verdict flags LM-generated text at the policy level',
  },
  {
    code: 'mgt_classifier_mt',
    uses: ['policy'],
    meaning: "the classifier's p(machine-translation) at least the policy's",
  },
  {
    code: 'mgt_classifier_lm',
    uses: ['policy'],
    meaning: "the classifier's p(lm-generated) at least the policy's",
  },
  {
    code: 'insufficient_text',
    uses: ['policy'],
    meaning: 'the verdict could not judge the page and the policy rejects such pages',
  },
  { code: 'duplicate_exact', uses: ['policy'], meaning: 'the same normalised text as a page that is kept' },
  { code: 'duplicate_near', uses: ['policy'], meaning: 'a near-duplicate of a page that is kept' },
  { code: 'domain_denied', uses: ['policy'], meaning: "the page's host is on the policy's deny list" },
];
