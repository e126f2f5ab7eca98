import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runGate, type GateResult } from '../../gate/gate.js';
import { GATE_CLASSES, type GateClass } from '../../../policy/policy-schema.js';
import { formatCount, formatDuration } from '../format.js';
import { UsageError, type Io } from '../io.js';
import { phaseLine } from '../progress.js';
import { openStore } from '../store-path.js';
import { policyFromFlag } from './policy.js';

export const GATE_PASS = 0;
export const GATE_FAIL = 1;

interface GateFlags {
  policy?: string;
  maxShare: string[];
  db?: string;
  json?: boolean;
}

/** `--max-share machine-translation=0.05`, repeatable. */
export function parseMaxShare(values: readonly string[]): Partial<Record<GateClass, number>> {
  const out: Partial<Record<GateClass, number>> = {};
  for (const v of values) {
    const m = /^([a-z-]+)=([0-9.]+)$/.exec(v.trim());
    const what = m?.[1] as GateClass | undefined;
    const share = Number(m?.[2]);
    if (!m || !GATE_CLASSES.includes(what!) || !(share >= 0 && share <= 1)) {
      throw new UsageError(
        `--max-share takes class=fraction with class one of ${GATE_CLASSES.join(', ')} and a fraction from 0 to 1, got '${v}'`,
      );
    }
    out[what!] = share;
  }
  return out;
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

export function describeGate(r: GateResult, elapsedMs: number): string[] {
  const t = r.tally;
  const problems = r.ingest.problems;
  const lines = [
    `Gate ${r.pass ? 'PASSED' : 'FAILED'}: ${formatCount(t.pages)} pages from ${formatCount(r.ingest.files)} file(s) in ${formatDuration(elapsedMs)}` +
      (problems > 0 ? ` (${formatCount(problems)} bad records skipped and counted)` : ''),
  ];
  for (const c of r.checks) {
    lines.push(
      `  ${c.what.padEnd(20)} ${formatCount(c.pages).padStart(7)} pages ${pct(c.share).padStart(7)}  limit ${pct(c.limit).padStart(6)}  ${c.pass ? 'pass' : 'FAIL'}`,
    );
  }
  const codes = Object.entries(t.codes).sort((a, b) => b[1] - a[1]);
  if (codes.length > 0)
    lines.push(`  reasons: ${codes.map(([c, n]) => `${c} ${formatCount(n)}`).join(', ')}`);
  if (r.score.interrupted) lines.push('  interrupted before every page was scored: the batch does not pass');
  for (const w of r.score.warnings) lines.push(`  warning: ${w}`);
  return lines;
}

export function registerGate(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('gate')
    .description(
      'judge a batch (e.g. a shard about to be trained on): exit 0 when it passes the policy, 1 when it fails, 2 on error',
    )
    .argument('<inputs...>', 'WARC/ARC/WET, JSONL or HTML/text files, folders or globs')
    .option(
      '--policy <file>',
      'YAML or JSON policy (default: the built-in one, see `corpus-audit policy --show`)',
    )
    .option(
      '--max-share <class=fraction>',
      `fail above this share of pages; class: ${GATE_CLASSES.join(', ')} (repeatable; overrides the policy's gate.max_share)`,
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      '--db <path>',
      'keep the batch database here (a new file); default: a temporary one, removed after',
    )
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `
The batch is read into a database of its own, every detector and the verdict run over it, and the
policy is applied to each page. It passes when, for every limit, the share of its pages flagged
for that class (or rejected) is at or under the limit. Translation tuples and duplicates are found
within the batch only. Bad records are skipped, counted and reported; a batch with no pages is an
error.

Exit codes: 0 passed, 1 failed the policy, 2 error (bad usage, unreadable input), 130 interrupted.

Examples:
  corpus-audit gate shard-0042.warc.gz
  corpus-audit gate shard/*.jsonl.gz --max-share machine-translation=0.02 --policy policy.yaml
  corpus-audit gate crawl/ --json > gate.json || echo "shard rejected"`,
    )
    .action(async (inputs: string[], opts: GateFlags) => {
      const policy = policyFromFlag(opts.policy, io);
      const maxShare = parseMaxShare(opts.maxShare);
      const tmp = opts.db === undefined ? mkdtempSync(join(tmpdir(), 'corpus-audit-gate-')) : undefined;
      const dbPath = opts.db === undefined ? join(tmp!, 'batch.sqlite') : resolve(io.cwd, opts.db);
      const store = openStore(dbPath);
      const line = phaseLine(io, !opts.json);
      const abort = new AbortController();
      const stop = (): void => {
        abort.abort();
      };
      process.once('SIGINT', stop);
      const started = performance.now();
      try {
        if (store.countDocs() > 0) {
          throw new UsageError(
            `${dbPath} already holds ${formatCount(store.countDocs())} pages; gate judges a batch in a database of its own: name a new file with --db, or leave --db out`,
          );
        }
        const result = await runGate({
          inputs,
          store,
          policy,
          maxShare,
          cwd: io.cwd,
          signal: abort.signal,
          onPhase: (phase, d, t) => line?.update(phase, d, t),
        });
        line?.done();
        if (result.tally.pages === 0) {
          throw new UsageError(
            `no pages could be read from ${inputs.join(' ')} (${formatCount(result.ingest.problems)} problems: ` +
              `${
                Object.entries(result.ingest.problemCounts)
                  .map(([c, n]) => `${c} ${n}`)
                  .join(', ') || 'none'
              })`,
          );
        }
        const elapsedMs = performance.now() - started;
        io.stdout.write(
          opts.json
            ? JSON.stringify(
                {
                  pass: result.pass,
                  checks: result.checks,
                  pages: result.tally.pages,
                  rejected: result.tally.rejected,
                  reasons: result.tally.codes,
                  problems: result.ingest.problemCounts,
                  policy: { source: policy.source, digest: policy.digest },
                  models: result.score.models.map((m) => ({ spec: m.spec, digest: m.digest })),
                  warnings: result.score.warnings,
                  ...(opts.db !== undefined && { db: dbPath }),
                },
                null,
                2,
              ) + '\n'
            : describeGate(result, elapsedMs).join('\n') + '\n',
        );
        done(result.score.interrupted ? 130 : result.pass ? GATE_PASS : GATE_FAIL);
      } finally {
        process.off('SIGINT', stop);
        line?.done();
        store.close();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      }
    });
}
