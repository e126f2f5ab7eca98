import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadPolicy, PolicyError, type LoadedPolicy } from '../../../policy/load-policy.js';
import { DEFAULT_POLICY_YAML } from '../../../policy/policy-schema.js';
import { REASON_CODES } from '../../../policy/apply-policy.js';
import { UsageError, type Io } from '../io.js';

/** Loads `--policy` for a command, turning a bad file into a usage error that names the key. */
export function policyFromFlag(flag: string | undefined, io: Io): LoadedPolicy {
  try {
    return loadPolicy(flag === undefined ? undefined : resolve(io.cwd, flag));
  } catch (err) {
    if (err instanceof PolicyError) throw new UsageError(err.message);
    throw err;
  }
}

export function registerPolicy(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('policy')
    .description('print the built-in policy, or check a policy file and print it resolved')
    .option('--show', 'print the built-in policy (YAML, with comments): a starting point to edit')
    .option('--check <file>', 'validate a YAML or JSON policy file; print it with the defaults filled in')
    .option('--json', 'with --check: print the resolved policy as JSON')
    .addHelpText(
      'after',
      `
export, gate and serve take --policy <file>; keys a file leaves out take the built-in values.
Unknown keys and bad values are errors that name the key. Reason codes the policy gives:
  ${[...new Set(REASON_CODES.map((c) => (c.startsWith('mt_marker_') ? 'mt_marker_<plugin>' : c)))].join(', ')}
(detectors/reason-codes.ts says what each means)

Examples:
  corpus-audit policy --show > policy.yaml
  corpus-audit policy --check policy.yaml`,
    )
    .action((opts: { show?: boolean; check?: string; json?: boolean }) => {
      if (opts.check !== undefined) {
        const loaded = policyFromFlag(opts.check, io);
        io.stdout.write(
          opts.json
            ? JSON.stringify(
                { source: loaded.source, digest: loaded.digest, policy: loaded.policy },
                null,
                2,
              ) + '\n'
            : `${loaded.source}: valid (sha256 ${loaded.digest.slice(0, 12)})\n${JSON.stringify(loaded.policy, null, 2)}\n`,
        );
      } else if (opts.show || !opts.json) {
        io.stdout.write(DEFAULT_POLICY_YAML);
      } else {
        throw new UsageError('--json goes with --check <file>');
      }
      done(0);
    });
}
