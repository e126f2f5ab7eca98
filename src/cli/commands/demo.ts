import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CHROMIUM_PATH } from '../../../crawlers/browser.js';
import { collapseJob } from '../../collapse/collapse-job.js';
import { loadCorpus } from '../../collapse/corpus.js';
import type { Regime } from '../../collapse/harness.js';
import { FILTER_DETECTORS } from '../../collapse/pipeline-filter.js';
import { perplexityTable } from '../../collapse/summary.js';
import { exportStore } from '../../export/export-store.js';
import { ingest } from '../../ingest/ingest.js';
import { scoreStore } from '../../score/score-run.js';
import { packageRoot } from '../../../db/version.js';
import { writeLabels } from '../../world/labels.js';
import { serveWorld, type RunningWorld } from '../../world/server.js';
import { formatCount, formatDuration } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { phaseLine } from '../progress.js';
import { openStore } from '../store-path.js';
import { addWorldOptions, registerWorldCommands, worldFrom, type WorldFlags } from './demo-world.js';
import { describeStages } from './detect.js';
import { describeExport } from './export.js';
import { policyFromFlag } from './policy.js';
import { buildReport, describeReport } from './report.js';

/** The demo's inputs besides the world: the bundled sample of a real crawl (dolma's test WARCs). */
export function sampleInputs(): string[] {
  return [join(packageRoot(), 'data', 'sample')];
}

/** The demo's collapse comparison: the scrape as is, after corpus-audit, and with every synthetic page removed. */
const DEMO_REGIMES: readonly Regime[] = ['scrape-raw', 'scrape-filtered', 'scrape-oracle'];

interface DemoFlags extends WorldFlags {
  out: string;
  render: string;
  collapseGenerations: string;
  evidence: string;
  policy?: string;
}

/** Seeds of the collapse comparison: the charts show their spread. */
const DEMO_SEEDS = [1, 2, 3];

const STEPS = 7;

export function registerDemo(program: Command, io: Io, done: (code: number) => void): void {
  const demo = addWorldOptions(
    program
      .command('demo')
      .description(
        'the whole job on the demo world: serve it, crawl it, score it, export clean and rejected pages, compare collapse with and without filtering, write the report',
      )
      .option('--out <dir>', 'where the demo files go', 'corpus-audit-demo')
      .option(
        '--render <mode>',
        "auto: JavaScript-only pages through Debian's chromium; never: static crawl only",
        'auto',
      )
      .option('--collapse-generations <n>', 'generations of the collapse comparison (0: skip it)', '5')
      .option('--evidence <n>', 'flagged pages the report shows with their evidence', '40')
      .option('--policy <file>', 'policy for export and report (default: the built-in one)')
      .enablePositionalOptions()
      .addHelpText(
        'after',
        `
Steps: the demo world (18 sites on 127.0.0.1, ports --port and up, with ground truth) is served;
crawled with the audit crawler into <out>/audit.sqlite (its WARC: <out>/crawl.warc.gz) beside the
bundled real-crawl sample; scored by the classifier, the zero-shot scorer, text statistics and the verdict; exported
to <out>/clean.jsonl.gz and <out>/clean.rejected.jsonl.gz; a short collapse comparison runs
(scrape-raw, scrape-filtered, scrape-oracle); and the report goes to <out>/report/index.html.
A rerun starts from a fresh database in the same folder.

Subcommands serve the world, write it as WARC, or write its labels on their own.`,
      ),
  ).action(async (opts: DemoFlags) => {
    if (opts.render !== 'auto' && opts.render !== 'never')
      throw new UsageError(`--render must be auto or never, got '${opts.render}'`);
    const generations = integerFlag(opts.collapseGenerations, '--collapse-generations', 0, 100);
    const evidencePages = integerFlag(opts.evidence, '--evidence', 0);
    const policy = policyFromFlag(opts.policy, io);
    const world = worldFrom(opts);
    const dir = resolve(io.cwd, opts.out);
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const line = phaseLine(io);
    const say = (text: string): void => {
      line?.done();
      io.stdout.write(text + '\n');
    };
    let step = 0;
    const begin = (what: string): number => {
      say(`[${++step}/${STEPS}] ${what}`);
      return performance.now();
    };
    const took = (t0: number): string => formatDuration(performance.now() - t0);

    let t = begin(
      `Demo world: seed ${world.seed}, about ${world.pages} article pages on ${world.sites.length} sites`,
    );
    const labelsPath = join(dir, 'labels.jsonl');
    const labels = writeLabels(world, labelsPath);
    let running: RunningWorld;
    try {
      running = await serveWorld(world);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    say(
      `      serving on ${world.sites[0]!.origin} to ${world.sites.at(-1)!.origin}; ground truth of ${formatCount(labels)} pages -> ${labelsPath}`,
    );

    const dbPath = join(dir, 'audit.sqlite');
    for (const f of ['', '-wal', '-shm']) rmSync(dbPath + f, { force: true });
    const store = openStore(dbPath);
    try {
      t = begin('Reading the bundled real-crawl sample (dolma test WARCs)');
      const sample = await ingest({ inputs: sampleInputs(), store, command: 'demo', detectors: false });
      say(`      ${formatCount(sample.docsStored)} pages, ${sample.problems} problem(s), ${took(t)}`);

      t = begin(`Crawling the world (render ${opts.render})`);
      if (opts.render !== 'never' && !existsSync(CHROMIUM_PATH)) {
        say(
          `      note: chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium): the JavaScript-only site is skipped`,
        );
      }
      // Loaded here, not at start-up: crawlee and Playwright take over a second to load.
      const { crawl } = await import('../../crawl/crawl.js');
      const crawled = await crawl({
        seeds: world.sites.map((s) => `${s.origin}/`),
        store,
        warcPath: join(dir, 'crawl.warc.gz'),
        allowPrivate: true,
        maxPages: 100_000,
        render: opts.render,
        onProgress: (p) => line?.update('crawl: fetched', p.fetched, 0),
        onStageProgress: (phase, d, total) => line?.update(phase, d, total),
      });
      say(
        `      ${formatCount(crawled.fetched)} responses, ${formatCount(crawled.docsStored)} pages stored, ` +
          `${crawled.failed} failed, ${crawled.problems} problem(s), ${took(t)}`,
      );
      // Pages skipped for want of a browser are said in words, not only counted.
      for (const p of store.listProblems(crawled.runId)) {
        if (p.code === 'crawl_render_unavailable') say(`      note: ${p.message}`);
      }
      for (const l of describeStages(crawled)) say(`    ${l}`);

      t = begin('Scoring: classifier, zero-shot scorer, text statistics, verdict');
      const scored = await scoreStore({
        store,
        policy,
        command: 'demo-score',
        onProgress: (phase, d, total) => line?.update(`score: ${phase}`, d, total),
      });
      for (const w of scored.warnings) say(`      warning: ${w}`);
      say(`      ${formatCount(scored.verdicts)} verdicts, ${took(t)}`);

      t = begin('Exporting the clean corpus and the rejected pages');
      const exported = await exportStore({
        store,
        policy,
        clean: join(dir, 'clean.jsonl.gz'),
        onProgress: (d, total) => line?.update('export', d, total),
      });
      for (const l of describeExport(exported, policy.source)) say(`    ${l}`);

      let collapsePath: string | undefined;
      if (generations > 0) {
        t = begin(`Collapse: ${generations} generations of retraining on a scrape, raw against filtered`);
        collapsePath = join(dir, 'collapse', 'collapse-results.json');
        const job = await collapseJob({
          corpus: loadCorpus({ source: 'brown', maxDocs: 60 }),
          generations,
          seeds: DEMO_SEEDS,
          regimes: DEMO_REGIMES,
          settings: { temperature: 1, topP: 1, greedy: false },
          scrapeStep: 0.1,
          scrapeMax: 0.9,
          filterDetectors: FILTER_DETECTORS,
          policy,
          out: collapsePath,
          report: join(dir, 'collapse', 'collapse.html'),
          onProgress: (d, total) => line?.update('collapse', d, total),
        });
        say(`      test perplexity by generation, ${took(t)}:`);
        for (const l of perplexityTable(job.summary)) say(`      ${l}`);
      } else {
        begin('Collapse: skipped (--collapse-generations 0)');
      }

      t = begin('Writing the report');
      const written = buildReport({
        store,
        database: dbPath,
        policy,
        out: join(dir, 'report'),
        labels: labelsPath,
        ...(collapsePath !== undefined && { collapse: collapsePath }),
        evidencePages,
        seed: world.seed,
      });
      for (const l of describeReport(written, performance.now() - t)) say(`    ${l}`);

      say(
        [
          '',
          `Demo done in ${formatDuration(performance.now() - started)}. Everything is in ${dir}:`,
          `  report:       ${join(dir, 'report', 'index.html')}   (open it in a browser; it works offline)`,
          `  database:     ${dbPath}`,
          `  crawl WARC:   ${join(dir, 'crawl.warc.gz')}`,
          `  clean:        ${exported.clean.path}`,
          `  rejected:     ${exported.rejected.path}`,
          ...(collapsePath ? [`  collapse:     ${collapsePath}`] : []),
          `  ground truth: ${labelsPath}`,
          '',
          `Explore: corpus-audit stats --db ${dbPath}`,
          `         corpus-audit mt-saturation --db ${dbPath}`,
          `         corpus-audit page --db ${dbPath} <id or URL>`,
        ].join('\n'),
      );
      done(0);
    } finally {
      line?.done();
      store.close();
      await running.close();
    }
  });
  registerWorldCommands(demo, io, done);
}
