import type { DocScore, Evidence, Verdict } from '../db/types.js';
import { MT_MARKERS_DETECTOR } from '../detectors/mt-markers.js';
import { CLASSIFIER_DETECTOR } from '../detectors/models/classifier.js';
import { ZERO_SHOT_DETECTOR } from '../detectors/models/zero-shot.js';
import { MWP_DETECTOR } from '../detectors/mwp/translation-tuples.js';
import { MACHINE_CLASSES, type MachineClass } from '../detectors/verdict/verdict-model.js';
import type { ClassRule, DetectorRules, Policy } from './policy-schema.js';
import { hostnameOf } from '../db/host.js';
import { REASON_REGISTRY } from '../detectors/reason-codes.js';
import type { CalibratedThresholds } from './calibrated-thresholds.js';
import type { LoadedPolicy } from './load-policy.js';

/** What a reason says a page is: a machine class, or `policy` for rules about the page itself. */
export type ReasonClass = MachineClass | 'policy';

/** One rule that fired, with a stable snake_case code. */
export interface PolicyReason {
  /**
   * `verdict_machine_translation`, `verdict_lm_generated`, `mt_marker_<plugin>`, `mwp_tuple_8plus`,
   * `mwp_tuple_3plus`, `mwp_parallel`, `mwp_counterparts`, `mgt_classifier_mt`,
   * `mgt_classifier_lm`, `zero_shot_binoculars`, `insufficient_text`, `duplicate_exact`,
   * `duplicate_near`, `domain_denied`.
   */
  code: string;
  class: ReasonClass;
  detail: string;
  /** For verdict reasons: the codes of the evidence behind the verdict. */
  evidence?: string[];
}

/** Every reason code the policy step can give (detectors/reason-codes.ts says what each means). */
export const REASON_CODES: readonly string[] = REASON_REGISTRY.filter((r) => r.uses.includes('policy')).map(
  (r) => r.code,
);

/** What the policy step needs to know about one page. */
export interface PolicyInput {
  url?: string | undefined;
  /** ISO 639-3, as language ID stored it. */
  lang?: string | undefined;
  scores: readonly DocScore[];
  evidence: readonly Evidence[];
  /** Absent when the models have not scored the page: the class rules then cannot fire. */
  verdict?: Verdict | undefined;
  /** Set when the page is a duplicate cluster's member other than its first: the first's id. */
  duplicateOf?: { exact?: string | undefined; near?: string | undefined };
}

export interface PolicyOutcome {
  decision: 'keep' | 'reject';
  /** Every rule that fired, also when the page is kept (label-only mode, allowed domain). */
  reasons: PolicyReason[];
  /** Why a page with reasons is kept anyway. */
  exempt?: 'label_only' | 'domain_allowed';
}

interface Rules {
  classes: Policy['classes'];
  insufficient: Policy['insufficient'];
  detectors: DetectorRules;
}

const classCode = (cls: MachineClass): string => `verdict_${cls.replace(/-/g, '_')}`;
const pct = (v: number): string => `${(100 * v).toFixed(0)}%`;

const onList = (host: string, list: readonly string[]): boolean =>
  list.some((d) => host === d || host.endsWith(`.${d}`));

/**
 * The one policy step: turns a page's stored (or just computed) scores, evidence and verdict into a
 * decision with reasons. Export, gate and the HTTP service all call `apply`.
 */
export class PolicyEngine {
  private readonly byLanguage = new Map<string, Rules>();

  /**
   * With `calibration` (the thresholds file the policy names, `corpus-audit calibrate`), pages in
   * the languages it calibrated are judged against its thresholds instead of the verdict's.
   */
  constructor(
    readonly policy: Policy,
    readonly calibration?: CalibratedThresholds,
  ) {}

  /** The engine of a loaded policy, with the thresholds file it names. */
  static of(loaded: LoadedPolicy): PolicyEngine {
    return new PolicyEngine(loaded.policy, loaded.calibration);
  }

  /** The rules for a language: the base policy with that language's overrides on top. */
  rulesFor(lang: string | undefined): Rules {
    const key = lang ?? 'und';
    let rules = this.byLanguage.get(key);
    if (!rules) {
      const p = this.policy;
      const o = p.languages[key];
      rules = {
        classes: {
          'machine-translation': {
            ...p.classes['machine-translation'],
            ...o?.classes?.['machine-translation'],
          },
          'lm-generated': { ...p.classes['lm-generated'], ...o?.classes?.['lm-generated'] },
        },
        insufficient: o?.insufficient ?? p.insufficient,
        detectors: {
          mt_markers: { ...p.detectors.mt_markers, ...o?.detectors?.mt_markers },
          mwp: { ...p.detectors.mwp, ...o?.detectors?.mwp },
          mgt_classifier: { ...p.detectors.mgt_classifier, ...o?.detectors?.mgt_classifier },
          zero_shot: { ...p.detectors.zero_shot, ...o?.detectors?.zero_shot },
        },
      };
      this.byLanguage.set(key, rules);
    }
    return rules;
  }

  /**
   * A verdict's label as this policy decides it, so that the label means what the policy does with
   * the page: the most probable machine class whose class rule fires (at the policy's
   * `reject_at_fpr` level or `min_probability`, against the calibrated thresholds where the
   * thresholds file has them), `human` when none fires, `insufficient` when the verdict could not
   * judge the page and no calibrated thresholds can; `fprLevel` is the strictest level that class
   * is flagged at.
   */
  labelOf(verdict: Verdict, lang: string | undefined): Pick<Verdict, 'label' | 'fprLevel'> {
    const calibrated = this.calibration?.thresholdsFor(verdict, lang);
    const judgeable = verdict.label !== 'insufficient' || calibrationJudges(verdict, calibrated);
    if (!judgeable) return { label: 'insufficient', fprLevel: null };
    const fired = verdictReasons(verdict, this.rulesFor(lang), calibrated)
      .map((r) => r.class)
      .filter((c): c is MachineClass => c !== 'policy');
    if (fired.length === 0) return { label: 'human', fprLevel: null };
    const label = fired.reduce((a, b) => ((verdict.probs[b] ?? 0) > (verdict.probs[a] ?? 0) ? b : a));
    const thresholds = (calibrated ?? verdict.thresholds)[label] ?? {};
    const p = verdict.probs[label] ?? 0;
    const level = Object.keys(thresholds)
      .map(Number)
      .sort((a, b) => a - b)
      .find((l) => p >= thresholds[String(l)]!);
    return { label, fprLevel: level ?? null };
  }

  apply(input: PolicyInput): PolicyOutcome {
    const rules = this.rulesFor(input.lang);
    const reasons: PolicyReason[] = [];
    const host = hostnameOf(input.url);
    const denied = host !== undefined && onList(host, this.policy.domains.deny);
    if (denied) {
      reasons.push({
        code: 'domain_denied',
        class: 'policy',
        detail: `${host} is on the policy's deny list`,
      });
    }
    if (input.verdict) {
      const calibrated = this.calibration?.thresholdsFor(input.verdict, input.lang);
      reasons.push(...verdictReasons(input.verdict, rules, calibrated));
    }
    reasons.push(...detectorReasons(input.scores, input.evidence, rules.detectors));
    if (input.duplicateOf?.exact !== undefined && this.policy.duplicates.exact === 'reject') {
      reasons.push({
        code: 'duplicate_exact',
        class: 'policy',
        detail: `same normalised text as ${input.duplicateOf.exact}, which is kept`,
      });
    }
    if (input.duplicateOf?.near !== undefined && this.policy.duplicates.near === 'reject') {
      reasons.push({
        code: 'duplicate_near',
        class: 'policy',
        detail: `near-duplicate of ${input.duplicateOf.near}, which is kept`,
      });
    }
    if (reasons.length === 0) return { decision: 'keep', reasons };
    if (this.policy.mode === 'label-only') return { decision: 'keep', reasons, exempt: 'label_only' };
    if (!denied && host !== undefined && onList(host, this.policy.domains.allow)) {
      return { decision: 'keep', reasons, exempt: 'domain_allowed' };
    }
    return { decision: 'reject', reasons };
  }
}

/**
 * Whether calibrated thresholds judge a page the verdict abstained on: only one it abstained on for
 * want of human calibration pages in its language (what the thresholds file supplies), not one too
 * short or outside what the verdict was fitted on.
 */
function calibrationJudges(verdict: Verdict, calibrated: Verdict['thresholds'] | undefined): boolean {
  return (
    calibrated !== undefined &&
    verdict.reasons[0]?.code === 'no_reference_for_language' &&
    Object.keys(verdict.probs).length > 0
  );
}

/**
 * The verdict's class rules, against `calibrated` thresholds where the policy's thresholds file
 * has them: then a page the verdict abstained on for want of human pages in its language is
 * judged too (a page too short to judge has no probabilities, and stays insufficient).
 */
function verdictReasons(
  verdict: Verdict,
  rules: Rules,
  calibrated: Verdict['thresholds'] | undefined,
): PolicyReason[] {
  if (verdict.label === 'insufficient' && !calibrationJudges(verdict, calibrated)) {
    if (rules.insufficient === 'keep') return [];
    return [
      {
        code: 'insufficient_text',
        class: 'policy',
        detail: verdict.reasons[0]?.detail ?? 'too little text to judge',
      },
    ];
  }
  const out: PolicyReason[] = [];
  for (const cls of MACHINE_CLASSES) {
    const p = verdict.probs[cls];
    if (p === undefined) continue;
    const why = classFires(
      p,
      rules.classes[cls],
      (calibrated ?? verdict.thresholds)[cls],
      calibrated !== undefined,
    );
    if (!why) continue;
    out.push({
      code: classCode(cls),
      class: cls,
      detail: `verdict p(${cls}) ${p.toFixed(3)} ${why}`,
      evidence: verdict.label === cls ? verdict.reasons.map((r) => r.code) : [],
    });
  }
  return out;
}

/** Why a class probability fires its rule, or undefined when it does not. */
function classFires(
  p: number,
  rule: ClassRule,
  thresholds: Record<string, number> | undefined,
  calibrated: boolean,
): string | undefined {
  if (rule.min_probability !== undefined) {
    return p >= rule.min_probability ? `>= ${rule.min_probability}, the policy's min_probability` : undefined;
  }
  const fpr = rule.reject_at_fpr;
  if (fpr === null || fpr === undefined) return undefined;
  const t = thresholds?.[String(fpr)];
  if (t === undefined) return undefined;
  return p >= t
    ? `>= ${t.toFixed(3)}, the threshold for ${pct(fpr)} false positives on human text${calibrated ? ' of your calibration' : ''}`
    : undefined;
}

function detectorReasons(
  scores: readonly DocScore[],
  evidence: readonly Evidence[],
  rules: DetectorRules,
): PolicyReason[] {
  const get = (detector: string, name: string): number | undefined =>
    scores.find((s) => s.detector === detector && s.name === name)?.value;
  const out: PolicyReason[] = [];
  const atLeast = (
    detector: string,
    name: string,
    min: number | undefined,
    code: string,
    cls: MachineClass,
    say: (v: number) => string,
  ): void => {
    const v = get(detector, name);
    if (min !== undefined && v !== undefined && v >= min) out.push({ code, class: cls, detail: say(v) });
  };

  const plugins = get(MT_MARKERS_DETECTOR, 'plugins');
  const minPlugins = rules.mt_markers?.plugins;
  if (minPlugins !== undefined && plugins !== undefined && plugins >= minPlugins) {
    const traces = evidence.filter((e) => e.detector === MT_MARKERS_DETECTOR);
    for (const code of new Set(traces.map((e) => e.code))) {
      const found = traces.filter((e) => e.code === code).map((e) => e.detail);
      out.push({ code, class: 'machine-translation', detail: `MT plugin trace: ${found.join('; ')}` });
    }
  }
  const mwp = rules.mwp ?? {};
  const share = (v: number, n: string): string => `${pct(v)} of sentences in ${n}-way translation tuples`;
  atLeast(MWP_DETECTOR, 'share_8plus', mwp.share_8plus, 'mwp_tuple_8plus', 'machine-translation', (v) =>
    share(v, '8+'),
  );
  atLeast(MWP_DETECTOR, 'share_3plus', mwp.share_3plus, 'mwp_tuple_3plus', 'machine-translation', (v) =>
    share(v, '3+'),
  );
  atLeast(MWP_DETECTOR, 'share_2plus', mwp.share_2plus, 'mwp_parallel', 'machine-translation', (v) =>
    share(v, '2+'),
  );
  atLeast(
    MWP_DETECTOR,
    'counterparts',
    mwp.counterparts,
    'mwp_counterparts',
    'machine-translation',
    (v) => `${v} translated counterpart pages`,
  );
  const clf = rules.mgt_classifier ?? {};
  atLeast(
    CLASSIFIER_DETECTOR,
    'p_machine_translation',
    clf.p_machine_translation,
    'mgt_classifier_mt',
    'machine-translation',
    (v) => `classifier p(machine-translation) ${v.toFixed(3)}`,
  );
  atLeast(
    CLASSIFIER_DETECTOR,
    'p_lm_generated',
    clf.p_lm_generated,
    'mgt_classifier_lm',
    'lm-generated',
    (v) => `classifier p(lm-generated) ${v.toFixed(3)}`,
  );
  const bino = get(ZERO_SHOT_DETECTOR, 'binoculars');
  const maxBino = rules.zero_shot?.binoculars_at_most;
  if (maxBino !== undefined && bino !== undefined && bino <= maxBino) {
    out.push({
      code: 'zero_shot_binoculars',
      class: 'lm-generated',
      detail: `Binoculars score ${bino.toFixed(3)} <= ${maxBino}`,
    });
  }
  return out;
}

/** Counts of outcomes over a batch: what gate judges and export reports. */
export class PolicyTally {
  pages = 0;
  rejected = 0;
  /** Pages with a reason of the class, not counting pages on the allow list. */
  readonly flagged: Record<ReasonClass, number> = { 'machine-translation': 0, 'lm-generated': 0, policy: 0 };
  readonly codes: Record<string, number> = {};
  noVerdict = 0;

  add(outcome: PolicyOutcome, hadVerdict: boolean): void {
    this.pages++;
    if (!hadVerdict) this.noVerdict++;
    if (outcome.decision === 'reject') this.rejected++;
    for (const code of new Set(outcome.reasons.map((r) => r.code)))
      this.codes[code] = (this.codes[code] ?? 0) + 1;
    if (outcome.exempt === 'domain_allowed') return;
    for (const cls of new Set(outcome.reasons.map((r) => r.class))) this.flagged[cls]++;
  }

  /** Share of the batch's pages: flagged per machine class, or rejected. */
  share(what: MachineClass | 'rejected'): number {
    if (this.pages === 0) return 0;
    return (what === 'rejected' ? this.rejected : this.flagged[what]) / this.pages;
  }
}
