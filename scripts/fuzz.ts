import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { runCampaign } from './fuzz/campaign.js';

/**
 * `npm run fuzz`: a longer fuzz campaign than the test suite's, over every input format ingest
 * reads. Prints each broken promise as it is found and writes the summary to
 * bench/results/fuzz-latest.json; failing inputs are kept for replay with `--keep`.
 */
const program = new Command('fuzz')
  .description(
    'mutate WARC, ARC, gzip and JSONL inputs and check that reading them never crashes, hangs, blows memory or loses good records',
  )
  .option('--count <n>', 'mutated inputs to read', (v) => Number(v), 2000)
  .option('--seed <n>', 'seed for the mutations', (v) => Number(v), 1)
  .option('--keep', 'keep the failing inputs (their paths are printed)', false)
  .option('--out <file>', 'summary file', join('bench', 'results', 'fuzz-latest.json'))
  .parse();

const opts = program.opts<{ count: number; seed: number; keep: boolean; out: string }>();
const dir = mkdtempSync(join(tmpdir(), 'corpus-audit-fuzz-'));
const started = performance.now();
const result = await runCampaign({
  seed: opts.seed,
  count: opts.count,
  dir,
  keepFailures: opts.keep,
  log: (line) => {
    console.log(line);
  },
});
const seconds = (performance.now() - started) / 1000;
const byKind: Record<string, number> = {};
for (const f of result.failures) byKind[f.what] = (byKind[f.what] ?? 0) + 1;
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(
  opts.out,
  `${JSON.stringify({ command: `npm run fuzz -- --count ${opts.count} --seed ${opts.seed}`, seconds: Math.round(seconds), ...result, failuresByKind: byKind }, null, 2)}\n`,
);
console.log(
  `${result.cases} cases in ${seconds.toFixed(0)} s: ${result.failures.length} failures ${JSON.stringify(byKind)}; ` +
    `peak RSS of the reader ${result.peakRssMb.toFixed(0)} MB; slowest case ${result.slowest.ms.toFixed(0)} ms ` +
    `(${result.slowest.seed}, ${result.slowest.mutation}, ${result.slowest.mb.toFixed(1)} MB). Summary: ${opts.out}`,
);
process.exitCode = result.failures.length ? 1 : 0;
