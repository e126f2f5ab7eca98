import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ingest } from '../../ingest/ingest.js';
import { packageRoot } from '../../version.js';
import { writeLabels } from '../../world/labels.js';
import { writeWorldWarc } from '../../world/world-warc.js';
import { formatBytes, formatCount, formatDuration } from '../format.js';
import { addWorldOptions, registerWorldCommands, worldFrom, type WorldFlags } from './demo-world.js';
import type { Io } from '../io.js';
import { ProgressBar } from '../progress.js';
import { openStore } from '../store-path.js';
import { describeStages } from './detect.js';
import { renderStats } from './stats.js';

/** The demo's inputs besides the world: the bundled sample of a real crawl (dolma's test WARCs). */
export function sampleInputs(): string[] {
  return [join(packageRoot(), 'data', 'sample')];
}

export function registerDemo(program: Command, io: Io, done: (code: number) => void): void {
  const demo = addWorldOptions(
    program
      .command('demo')
      .description(
        'build the demo world, write it as a WARC, ingest it with the bundled real-crawl sample and print the tables',
      )
      .option('--out <dir>', 'where the demo files go', 'corpus-audit-demo')
      .enablePositionalOptions(),
  ).action(async (opts: WorldFlags & { out: string }) => {
    const dir = resolve(io.cwd, opts.out);
    mkdirSync(dir, { recursive: true });
    const world = worldFrom(opts);
    const warcPath = join(dir, 'world.warc.gz');
    const labelsPath = join(dir, 'labels.jsonl');
    const warc = writeWorldWarc(world, warcPath);
    const labels = writeLabels(world, labelsPath);
    io.stdout.write(
      `Demo world: seed ${world.seed}, ${formatCount(labels)} pages on ${world.sites.length} sites, ` +
        `${formatCount(warc.urls)} URLs -> ${warcPath} (${formatBytes(warc.bytes)}); ground truth -> ${labelsPath}\n`,
    );
    const dbPath = join(dir, 'audit.sqlite');
    const store = openStore(dbPath);
    const bar = io.stderr.isTTY ? new ProgressBar(io.stderr) : undefined;
    try {
      const summary = await ingest({
        inputs: [warcPath, ...sampleInputs()],
        store,
        command: 'demo',
        onProgress: (p) => bar?.update(p),
      });
      bar?.done();
      io.stdout.write(
        `Demo: ${formatCount(summary.files)} files, ${formatCount(summary.docsStored)} new documents ` +
          `(${formatCount(summary.docsAlreadyStored)} already stored), ${summary.problems} problem(s), ` +
          `${formatDuration(summary.elapsedMs)}. Database: ${dbPath}\n`,
      );
      io.stdout.write(describeStages(summary).join('\n') + '\n\n');
      io.stdout.write(renderStats(store, 40, false));
      io.stdout.write(
        `\nExplore: corpus-audit stats --db ${dbPath} --json\n` +
          `         corpus-audit mt-saturation --db ${dbPath}\n` +
          `         corpus-audit score --db ${dbPath}   (classifier, zero-shot scores, verdicts; a few minutes)\n` +
          `         corpus-audit export --db ${dbPath} --clean clean.jsonl.gz   (after score: clean and rejected pages)\n`,
      );
    } finally {
      bar?.done();
      store.close();
    }
    done(0);
  });
  registerWorldCommands(demo, io, done);
}
