import { loadPolicy } from '../../../policy/load-policy.js';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { deprecatedFlag } from '../flags.js';
import { parseLabelMap } from '../../../detectors/models/label-map.js';
import { defaultZeroShotThreads } from '../../../detectors/models/zero-shot-pool.js';
import { SCORE_DETECTORS, scoreStore, type ScoreDetector, type ScoreSummary } from '../../score/score-run.js';
import { formatCount, formatDuration } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { dtypeFlag, modelSpecFlag } from '../model-flags.js';
import { phaseLine } from '../progress.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';

interface ScoreFlags {
  db?: string;
  detectors: string;
  classifier?: string;
  observer?: string;
  performer?: string;
  verdictModel?: string;
  policy?: string;
  labelMap?: string;
  dtype: string;
  batchDocs: string;
  batchWindows?: string;
  workers?: string;
  allowRemoteModels?: boolean;
  modelsDir?: string;
  force?: boolean;
  json?: boolean;
}

/** A comma-separated list of model detectors (`--detectors`), checked. */
export function detectorsFrom(text: string, flag = '--detectors'): ScoreDetector[] {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const d of list) {
    if (!(SCORE_DETECTORS as readonly string[]).includes(d)) {
      throw new UsageError(`${flag}: unknown detector '${d}' (choose from ${SCORE_DETECTORS.join(', ')})`);
    }
  }
  if (list.length === 0) throw new UsageError(`${flag} needs at least one detector`);
  return list as ScoreDetector[];
}

export function describeScore(s: ScoreSummary, dbPath: string): string[] {
  const lines = [
    `Scored ${dbPath} (run ${s.runId}) in ${formatDuration(s.elapsedMs)}${s.interrupted ? ' - interrupted; run it again to continue' : ''}`,
  ];
  for (const m of s.models)
    lines.push(`  model ${m.spec} (${m.modelType}, ${m.dtype}, sha256 ${m.digest.slice(0, 12)})`);
  for (const [detector, c] of Object.entries(s.counts)) {
    lines.push(
      `  ${detector}: ${formatCount(c.scored)} pages scored, ${formatCount(c.skipped)} already scored by this model, ` +
        `${formatCount(c.tooShort)} too short`,
    );
  }
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  const verdict = s.stats.find((x) => x.name === 'verdict');
  if (verdict) {
    const parts = Object.entries(verdict.reasons).sort((a, b) => b[1] - a[1]);
    lines.push(`  verdicts: ${parts.map(([label, n]) => `${label} ${formatCount(n)}`).join(', ')}`);
  }
  return lines;
}

export function registerScore(program: Command, io: Io, done: (code: number) => void): void {
  const command = program
    .command('score')
    .description(
      'run the model detectors (classifier, zero-shot scores) over the database and decide one verdict per page',
    )
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--detectors <list>', `comma-separated: ${SCORE_DETECTORS.join(', ')}`, SCORE_DETECTORS.join(','))
    .option(
      '--classifier <model>',
      'classifier folder or Hugging Face id (default: the shipped models/mgt-classifier)',
    )
    .option(
      '--observer <model>',
      'causal LM for the zero-shot scores (default: the shipped models/lm-observer)',
    )
    .option('--performer <model>', "Binoculars' second model, sharing the observer's tokenizer")
    .option('--verdict-model <file>', 'fitted verdict (default: the shipped models/verdict/verdict.json)')
    .option(
      '--policy <file>',
      "the policy whose levels a verdict's label is decided at, as export and gate decide (default: the built-in one)",
    )
    .option(
      '--label-map <pairs>',
      "what the classifier's labels mean, e.g. 'LABEL_0=human,LABEL_1=lm-generated'",
    )
    .option(
      '--dtype <type>',
      'weights to load: fp32 (onnx/model.onnx) or q8 (onnx/model_quantized.onnx)',
      'fp32',
    )
    .option('--batch-docs <n>', 'pages per stored batch; an interrupted run resumes from the last one', '32')
    .option(
      '--batch-windows <n>',
      'windows per forward pass (default 16 for the classifier, 1 for language models)',
    )
    .option(
      '--workers <n>',
      'worker threads for the zero-shot scores, each with its own copy of the language models; ' +
        `0: the main thread (default ${defaultZeroShotThreads()} here)`,
    )
    .option('--allow-remote-models', 'let transformers.js download a model id that is not on disk')
    .option('--models-dir <dir>', 'where Hugging Face ids are looked for (and downloaded to)')
    .option('--force', 'score again pages that this model version already scored')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      `
Models load from disk only; a Hugging Face id is looked for under --models-dir and downloaded only
with --allow-remote-models. Every page is scored once per model version: Ctrl-C stops after the
batch in flight, and running the command again continues from there. Verdicts are recomputed
from the stored scores at the end (pages under 200 characters, and pages in a language the verdict
has no human calibration page for, are 'insufficient').

Examples:
  corpus-audit score --db audit.sqlite
  corpus-audit score --detectors classifier,verdict
  corpus-audit score --classifier onnx-community/tmr-ai-text-detector-ONNX --models-dir ~/models \\
    --label-map 'human=human,ai=lm-generated' --detectors classifier`,
    )
    .action(async (opts: ScoreFlags) => {
      const dbPath = resolveDbPath(opts.db, io);
      const dtype = dtypeFlag(opts.dtype);
      const detectors = detectorsFrom(opts.detectors);
      const batchDocs = integerFlag(opts.batchDocs, '--batch-docs', 1);
      const batchSize = opts.batchWindows ? integerFlag(opts.batchWindows, '--batch-windows', 1) : undefined;
      // Each thread holds its own copy of the models: a mistyped count must not start thousands.
      const threads = opts.workers ? integerFlag(opts.workers, '--workers', 0, 64) : undefined;
      const labelMap = (() => {
        try {
          return parseLabelMap(opts.labelMap);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      })();
      // A folder is named relative to where the command runs; anything else is a Hugging Face id.
      const modelSpec = (spec: string): string => modelSpecFlag(spec, io);
      const store = openExistingStore(dbPath);
      const line = phaseLine(io, !opts.json);
      const abort = new AbortController();
      const stop = (): void => {
        io.stderr.write('\nstopping after the batch in flight (Ctrl-C again to quit at once)\n');
        process.off('SIGINT', stop);
        abort.abort();
      };
      process.on('SIGINT', stop);
      try {
        const summary = await scoreStore({
          store,
          detectors,
          ...(opts.classifier && { classifierModel: modelSpec(opts.classifier) }),
          ...(opts.observer && { observerModel: modelSpec(opts.observer) }),
          ...(opts.performer && { performerModel: modelSpec(opts.performer) }),
          ...(opts.verdictModel && { verdictModel: resolve(io.cwd, opts.verdictModel) }),
          labelMap,
          dtype,
          policy: loadPolicy(opts.policy === undefined ? undefined : resolve(io.cwd, opts.policy)),
          batchDocs,
          ...(batchSize !== undefined && { batchSize }),
          ...(threads !== undefined && { zeroShotThreads: threads }),
          allowRemote: opts.allowRemoteModels === true,
          ...(opts.modelsDir && { cacheDir: resolve(io.cwd, opts.modelsDir) }),
          force: opts.force === true,
          signal: abort.signal,
          onProgress: (phase, d, t) => line?.update(phase, d, t),
        });
        line?.done();
        io.stdout.write(
          opts.json
            ? JSON.stringify({ db: dbPath, ...summary }, null, 2) + '\n'
            : describeScore(summary, dbPath).join('\n') + '\n',
        );
        done(summary.interrupted ? 130 : 0);
      } finally {
        process.off('SIGINT', stop);
        line?.done();
        store.close();
      }
    });
  deprecatedFlag(command, '--lm-threads <n>', '--workers <n>', io);
  deprecatedFlag(command, '--batch-size <n>', '--batch-windows <n>', io);
}
