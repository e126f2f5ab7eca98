import { resolve } from 'node:path';
import type { Command } from 'commander';
import { collapseJob } from '../../collapse/collapse-job.js';
import { loadCorpus, tokenCount, type CollapseCorpus } from '../../collapse/corpus.js';
import { REGIMES, type Regime } from '../../collapse/harness.js';
import { writePngs } from '../../collapse/png.js';
import { FILTER_DETECTORS } from '../../collapse/pipeline-filter.js';
import { perplexityTable } from '../../collapse/summary.js';
import { SCORE_DETECTORS } from '../../score/scorers.js';
import type { TransformerConfig } from '../../collapse/torch-backend.js';
import { formatDuration } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { phaseLine } from '../progress.js';
import { policyFromFlag } from './policy.js';
import { detectorsFrom } from './score.js';

interface CollapseFlags {
  corpus: string;
  docs: string;
  generations: string;
  seeds: string;
  regimes: string;
  temperature: string;
  topP: string;
  greedy?: boolean;
  scrapeStep: string;
  scrapeMax: string;
  filterDetectors: string;
  policy?: string;
  out: string;
  report?: string;
  png?: string;
  backend: string;
  transformer?: string;
}

const fraction = (v: string, flag: string): number => {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new UsageError(`${flag} must be a number from 0 to 1, got '${v}'`);
  return n;
};

const TRANSFORMER_KEYS = ['d_model', 'layers', 'heads', 'context', 'epochs', 'batch', 'lr'] as const;

/** `--transformer`'s JSON, checked key by key. */
function transformerConfig(flag: string | undefined): TransformerConfig | undefined {
  if (flag === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(flag);
  } catch {
    throw new UsageError(`--transformer must be a JSON object, got '${flag}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`--transformer must be a JSON object, got '${flag}'`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!(TRANSFORMER_KEYS as readonly string[]).includes(k))
      throw new UsageError(`--transformer: unknown key '${k}' (choose from ${TRANSFORMER_KEYS.join(', ')})`);
    if (typeof v !== 'number' || !(v > 0) || (k !== 'lr' && !Number.isInteger(v)))
      throw new UsageError(
        `--transformer: ${k} must be a ${k === 'lr' ? 'number above 0' : 'whole number from 1'}, got ${JSON.stringify(v)}`,
      );
    out[k] = v;
  }
  return out;
}

export function registerCollapse(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('collapse')
    .description(
      'recursive retraining: model collapse generation after generation, with and without filtering',
    )
    .option(
      '--corpus <source>',
      'brown, or a JSONL file with a text field per line (an export works)',
      'brown',
    )
    .option('--docs <n>', 'documents of the corpus to use (split 80/10/10 by document)', '60')
    .option('--generations <n>', 'generations after generation 0', '10')
    .option('--seeds <list>', 'comma-separated seeds', '1,2,3')
    .option('--regimes <list>', `comma-separated: ${REGIMES.join(', ')}`, REGIMES.join(','))
    .option('--temperature <t>', 'sampling temperature', '1')
    .option(
      '--top-p <p>',
      'nucleus sampling share (1: off; lower is much slower with the n-gram backend)',
      '1',
    )
    .option('--greedy', 'greedy decoding instead of sampling')
    .option('--scrape-step <share>', 'synthetic share added to the scrape per generation', '0.1')
    .option('--scrape-max <share>', 'cap of the synthetic share', '0.9')
    .option(
      '--filter-detectors <list>',
      `what scrape-filtered runs: score detectors (${SCORE_DETECTORS.join(', ')})`,
      FILTER_DETECTORS.join(','),
    )
    .option('--policy <file>', 'the policy scrape-filtered applies (default: the built-in one)')
    .option(
      '--backend <name>',
      "ngram (fast), or transformer: a small word-level GPT trained with Debian's python3-torch (much slower on a CPU; uses CUDA when present)",
      'ngram',
    )
    .option(
      '--transformer <json>',
      'transformer size and training as JSON, e.g. \'{"d_model":64,"layers":2,"heads":4,"context":64,"epochs":2,"batch":32,"lr":0.003}\' (those are the defaults)',
    )
    .option('--out <file>', 'JSON results', 'collapse-results.json')
    .option('--report <file>', 'HTML report with the charts (default: the --out name with .html)')
    .option('--png <dir>', "also render every chart to PNG there (Debian's chromium)")
    .addHelpText(
      'after',
      `
Generation 0 is trained on the real training split; generation n+1 on data made from generation n:
continuations (64 tokens) of 64-token prompts from the real training data, as many tokens as the
real data has. Regimes: replace (synthetic only), replace-keep-10 (plus a fresh 10% of the real
data), accumulate (all real and synthetic so far), and a scrape whose synthetic share grows by
--scrape-step a generation: scrape-raw (as is), scrape-filtered (after corpus-audit's score and
policy), scrape-oracle (every synthetic page removed). Backends: the demo world's trigram model
(default), or --backend transformer, a small GPT trained by PyTorch in a child process
(/usr/bin/python3 with Debian's python3-torch, or $CORPUS_AUDIT_PYTHON).

Examples:
  corpus-audit collapse
  corpus-audit collapse --generations 5 --seeds 1 --regimes replace,accumulate --out small.json`,
    )
    .action(async (opts: CollapseFlags) => {
      const regimes = opts.regimes.split(',').map((r) => r.trim()) as Regime[];
      for (const r of regimes) {
        if (!REGIMES.includes(r))
          throw new UsageError(`--regimes: unknown regime '${r}' (choose from ${REGIMES.join(', ')})`);
      }
      const seeds = opts.seeds.split(',').map((s) => integerFlag(s.trim(), '--seeds', 0));
      const policy = policyFromFlag(opts.policy, io);
      const started = performance.now();
      let corpus: CollapseCorpus;
      try {
        corpus = loadCorpus({
          source: opts.corpus === 'brown' ? 'brown' : resolve(io.cwd, opts.corpus),
          maxDocs: integerFlag(opts.docs, '--docs', 10),
        });
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const settings = {
        temperature: Number(opts.temperature),
        topP: fraction(opts.topP, '--top-p'),
        greedy: opts.greedy === true,
      };
      if (!(settings.temperature > 0))
        throw new UsageError('--temperature must be above 0 (use --greedy for greedy decoding)');
      // Every flag is checked before the models load.
      const generations = integerFlag(opts.generations, '--generations', 1, 100);
      const scrapeStep = fraction(opts.scrapeStep, '--scrape-step');
      const scrapeMax = fraction(opts.scrapeMax, '--scrape-max');
      const filterDetectors = detectorsFrom(opts.filterDetectors, '--filter-detectors');
      if (opts.backend !== 'ngram' && opts.backend !== 'transformer')
        throw new UsageError(`--backend must be ngram or transformer, got '${opts.backend}'`);
      const transformer = transformerConfig(opts.transformer);
      if (transformer && opts.backend !== 'transformer')
        throw new UsageError('--transformer only applies with --backend transformer');
      const line = phaseLine(io);
      try {
        const out = resolve(io.cwd, opts.out);
        const report = resolve(io.cwd, opts.report ?? out.replace(/(\.json)?$/i, '.html'));
        const { summary, charts } = await collapseJob({
          corpus,
          generations,
          seeds,
          regimes,
          settings,
          scrapeStep,
          scrapeMax,
          filterDetectors,
          policy,
          out,
          report,
          backend: opts.backend,
          ...(transformer && { transformer }),
          onProgress: (d, t) => line?.update('collapse', d, t),
        });
        line?.done();
        const pngs = opts.png === undefined ? [] : await writePngs(charts, resolve(io.cwd, opts.png));
        io.stdout.write(
          [
            `Collapse: ${corpus.source}, ${tokenCount(corpus.train)} training tokens, ${generations} generations, seeds ${seeds.join(',')}, in ${formatDuration(performance.now() - started)}`,
            'Test perplexity (mean over seeds, min-max in brackets):',
            ...perplexityTable(summary).map((l) => `  ${l}`),
            `Results: ${out}`,
            `Report:  ${report}`,
            ...(pngs.length > 0
              ? [`Charts:  ${pngs.length} PNG files in ${resolve(io.cwd, opts.png!)}`]
              : []),
          ].join('\n') + '\n',
        );
        done(0);
      } finally {
        line?.done();
      }
    });
}
