import type { Store } from '../../db/store.js';
import { ingest, type IngestSummary } from '../ingest/ingest.js';
import { PolicyEngine, PolicyTally } from '../../policy/apply-policy.js';
import { judgeStore } from '../../policy/judge-store.js';
import type { LoadedPolicy } from '../../policy/load-policy.js';
import { GATE_CLASSES, type GateClass } from '../../policy/policy-schema.js';
import { scoreStore, type ScoreSummary } from '../score/score-run.js';
import { MODEL_OPTION_NAMES, type ModelOptions } from '../score/scorers.js';
import {
  checkOptionNames,
  checkWholeNumber,
  type ListsEveryOption,
  type MustHold,
} from '../../db/options.js';

export interface GateOptions extends ModelOptions {
  inputs: readonly string[];
  /** An empty Store the batch is read into (the gate judges everything in it). */
  store: Store;
  policy: LoadedPolicy;
  /** Overrides of the policy's `gate.max_share`. */
  maxShare?: Partial<Record<GateClass, number>>;
  cwd?: string;
  signal?: AbortSignal;
  onPhase?: (phase: string, done: number, total: number) => void;
}

export interface GateCheck {
  what: GateClass;
  pages: number;
  share: number;
  limit: number;
  pass: boolean;
}

export interface GateResult {
  pass: boolean;
  checks: GateCheck[];
  tally: PolicyTally;
  ingest: IngestSummary;
  score: ScoreSummary;
}

/** The share limits in force: the policy's, with the command line's on top. */
export function gateLimits(
  policy: LoadedPolicy,
  overrides: GateOptions['maxShare'] = {},
): Map<GateClass, number> {
  const limits = new Map<GateClass, number>();
  for (const what of GATE_CLASSES) {
    const limit = overrides[what] ?? policy.policy.gate.max_share[what];
    if (limit !== undefined) limits.set(what, limit);
  }
  return limits;
}

/**
 * `corpus-audit gate`: reads a batch into a Store of its own, runs every detector and the
 * verdict over it, applies the policy, and passes the batch when each share (pages flagged per
 * machine class, or rejected) is at or under its limit. Translation tuples and duplicates are
 * found within the batch only.
 */
/** Every option `runGate()` takes: another key is a typo, refused (`checkOptionNames`). */
const GATE_OPTION_NAMES = [
  'inputs',
  'store',
  'policy',
  'maxShare',
  'cwd',
  'signal',
  'onPhase',
  ...MODEL_OPTION_NAMES,
] as const satisfies readonly (keyof GateOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _GateOptionsListed = MustHold<ListsEveryOption<typeof GATE_OPTION_NAMES, GateOptions>>;

export async function runGate(options: GateOptions): Promise<GateResult> {
  checkOptionNames('runGate()', options, GATE_OPTION_NAMES);
  checkWholeNumber('runGate()', 'batchSize', options.batchSize, 1);
  checkWholeNumber('runGate()', 'zeroShotThreads', options.zeroShotThreads, 0);
  checkWholeNumber('runGate()', 'threads', options.threads, 1);
  // What is left after the gate's own options is how to load the models.
  const { inputs, store, policy, maxShare, cwd, signal, onPhase, ...models } = options;
  if (store.countDocs() > 0) throw new Error('gate reads a batch into an empty database');
  const ingested = await ingest({
    inputs,
    store,
    ...(cwd !== undefined && { cwd }),
    command: 'gate',
    ...(onPhase && {
      onProgress: (p) => {
        onPhase('read', p.bytesDone, p.bytesTotal);
      },
      onStageProgress: onPhase,
    }),
  });
  const scored = await scoreStore({
    ...models,
    policy,
    store,
    command: 'gate',
    ...(signal && { signal }),
    ...(onPhase && { onProgress: onPhase }),
  });
  const engine = PolicyEngine.of(policy);
  const tally = new PolicyTally();
  for (const j of judgeStore(store, engine)) tally.add(j.outcome, j.verdict !== undefined);
  const checks: GateCheck[] = [];
  for (const [what, limit] of gateLimits(policy, maxShare)) {
    const share = tally.share(what);
    const pages = what === 'rejected' ? tally.rejected : tally.flagged[what];
    checks.push({ what, pages, share, limit, pass: share <= limit });
  }
  return {
    pass: !scored.interrupted && checks.every((c) => c.pass),
    checks,
    tally,
    ingest: ingested,
    score: scored,
  };
}
