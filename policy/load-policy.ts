import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { DEFAULT_POLICY_YAML, policySchema, type Policy } from './policy-schema.js';
import { dirname, resolve } from 'node:path';
import { CalibratedThresholds } from './calibrated-thresholds.js';
import { PolicyError } from './policy-error.js';

export { PolicyError };

/** A policy and where it came from, with a digest runs and exports record. */
export interface LoadedPolicy {
  policy: Policy;
  /** The file it was read from, or `built-in`. */
  source: string;
  /** sha256 of the resolved policy (defaults filled in) and its thresholds file, so equal policies share a digest. */
  digest: string;
  /** The thresholds file the policy names (`thresholds:`), loaded. */
  calibration?: CalibratedThresholds;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `over` on top of `base`: objects merge key by key, everything else replaces. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
  // A bad record key (a language code) carries the key's own issue inside.
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return `${path.replace(/\.\[/g, '[') || '(top level)'}: ${message}`;
}

/** Validates a parsed policy object (the defaults fill what it leaves out). */
export function resolvePolicy(raw: unknown, source: string): LoadedPolicy {
  if (raw !== null && raw !== undefined && !isPlain(raw)) {
    throw new PolicyError(`${source}: a policy is a mapping of keys (version, mode, classes, ...)`);
  }
  const defaults: unknown = parseYaml(DEFAULT_POLICY_YAML);
  const result = policySchema.safeParse(merge(defaults, raw ?? {}));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${describeIssue(i)}`);
    throw new PolicyError(
      `${source} is not a valid policy:\n${lines.join('\n')}\n(run \`corpus-audit policy --show\` for every key)`,
    );
  }
  const policy = result.data;
  // A thresholds file is named relative to the policy file (the working folder for a built-in policy).
  const calibration =
    policy.thresholds === undefined
      ? undefined
      : CalibratedThresholds.load(resolve(source === 'built-in' ? '.' : dirname(source), policy.thresholds));
  const digest = createHash('sha256')
    .update(JSON.stringify(policy))
    .update(calibration?.digest ?? '')
    .digest('hex');
  return { policy, source, digest, ...(calibration && { calibration }) };
}

export function defaultPolicy(): LoadedPolicy {
  return resolvePolicy({}, 'built-in');
}

/** Reads a YAML or JSON policy file (`.json` is read as strict JSON, anything else as YAML). */
export function loadPolicy(path: string | undefined): LoadedPolicy {
  if (path === undefined) return defaultPolicy();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyError(`cannot read the policy file ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new PolicyError(
      `${path} is not valid ${path.toLowerCase().endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
  return resolvePolicy(raw, path);
}
