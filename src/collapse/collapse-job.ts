import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoadedPolicy } from '../../policy/load-policy.js';
import type { ScoreDetector } from '../score/scorers.js';
import { codeVersion } from '../../db/version.js';
import { ngramBackend, type GenerateSettings } from './backend.js';
import { tokenCount, type CollapseCorpus } from './corpus.js';
import { runCollapse, type GenerationResult, type Regime } from './harness.js';
import { pipelineFilter, type DocumentFilter } from './pipeline-filter.js';
import { collapseCharts, collapseHtml, type Chart } from './report.js';
import { summarize, type SummaryRow } from './summary.js';
import { torchBackend, type TransformerConfig } from './torch-backend.js';

export interface CollapseJobOptions {
  corpus: CollapseCorpus;
  generations: number;
  seeds: readonly number[];
  regimes: readonly Regime[];
  settings: GenerateSettings;
  scrapeStep: number;
  scrapeMax: number;
  /** What scrape-filtered runs (score detectors). */
  filterDetectors: readonly ScoreDetector[];
  policy: LoadedPolicy;
  /** The JSON results file. */
  out: string;
  /** The HTML report with the charts. */
  report: string;
  /** @default 'ngram' */
  backend?: 'ngram' | 'transformer';
  transformer?: TransformerConfig;
  onProgress?: (done: number, total: number) => void;
}

export interface CollapseJobResult {
  config: Record<string, unknown>;
  summary: SummaryRow[];
  results: GenerationResult[];
  charts: Chart[];
}

/**
 * A whole collapse run as `corpus-audit collapse` and the demo do it: the filter's models loaded
 * when scrape-filtered is among the regimes, every regime run, then the results (JSON) and the
 * report (HTML) written.
 */
export async function collapseJob(o: CollapseJobOptions): Promise<CollapseJobResult> {
  const backend =
    o.backend === 'transformer' ? await torchBackend({ config: o.transformer ?? {} }) : ngramBackend();
  let filter: DocumentFilter | undefined;
  try {
    if (o.regimes.includes('scrape-filtered'))
      filter = await pipelineFilter({ policy: o.policy, models: { detectors: [...o.filterDetectors] } });
    const { generations, seeds, regimes, settings, scrapeStep, scrapeMax } = o;
    const run = { generations, seeds, regimes, settings, scrapeStep, scrapeMax };
    const results = await runCollapse({
      corpus: o.corpus,
      backend,
      ...run,
      ...(filter && { filter }),
      ...(o.onProgress && { onProgress: o.onProgress }),
    });
    const summary = summarize(results);
    const config = {
      corpus: o.corpus.source,
      docs: {
        train: o.corpus.train.length,
        validation: o.corpus.validation.length,
        test: o.corpus.test.length,
      },
      trainTokens: tokenCount(o.corpus.train),
      backend: backend.name,
      ...(backend.info && { backendInfo: backend.info }),
      ...run,
      filter: filter?.name ?? null,
      policy: { source: o.policy.source, digest: o.policy.digest },
      codeVersion: codeVersion(),
    };
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, JSON.stringify({ config, summary, results }, null, 2) + '\n');
    const charts = collapseCharts(summary, results);
    mkdirSync(dirname(o.report), { recursive: true });
    writeFileSync(o.report, collapseHtml(config, summary, charts));
    return { config, summary, results, charts };
  } finally {
    await filter?.dispose();
    await backend.close();
  }
}
