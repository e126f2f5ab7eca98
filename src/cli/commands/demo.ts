import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ingest } from '../../ingest/ingest.js';
import { packageRoot } from '../../version.js';
import { formatCount, formatDuration } from '../format.js';
import type { Io } from '../io.js';
import { ProgressBar } from '../progress.js';
import { openStore } from '../store-path.js';
import { renderStats } from './stats.js';

/**
 * UDHR translations the demo ingests beside the bundled WARCs: human translations in many scripts
 * and encodings' worth of characters, to show per-language tables on real text nobody here wrote.
 */
export const DEMO_UDHR_LANGUAGES = [
  'eng',
  'spa',
  'fra',
  'por_PT',
  'ita',
  'deu_1996',
  'nld',
  'cat',
  'glg',
  'ron_2006',
  'pol',
  'ces',
  'rus',
  'ukr',
  'bul',
  'ell_monotonic',
  'tur',
  'arb',
  'pes_1',
  'hin',
  'ben',
  'jpn',
  'kor',
  'cmn_hans',
  'vie',
  'ind',
  'swh',
  'fin',
  'hun',
  'heb',
];

/** The demo's inputs: the bundled real crawl sample and the UDHR pages from the `udhr` package. */
export function demoInputs(): string[] {
  // The package exports only its index; the declarations sit beside it.
  const udhr = fileURLToPath(new URL('declaration/', import.meta.resolve('udhr')));
  return [
    join(packageRoot(), 'data', 'sample'),
    ...DEMO_UDHR_LANGUAGES.map((code) => join(udhr, `${code}.html`)),
  ];
}

export function registerDemo(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('demo')
    .description('ingest the bundled sample (real crawled pages and UDHR translations) and print its tables')
    .option('--out <dir>', 'where the demo database goes', 'corpus-audit-demo')
    .action(async (opts: { out: string }) => {
      const dir = resolve(io.cwd, opts.out);
      mkdirSync(dir, { recursive: true });
      const dbPath = join(dir, 'audit.sqlite');
      const store = openStore(dbPath);
      const bar = io.stderr.isTTY ? new ProgressBar(io.stderr) : undefined;
      try {
        const summary = await ingest({
          inputs: demoInputs(),
          store,
          command: 'demo',
          onProgress: (p) => bar?.update(p),
        });
        bar?.done();
        io.stdout.write(
          `Demo: ${formatCount(summary.files)} files, ${formatCount(summary.docsStored)} new documents ` +
            `(${formatCount(summary.docsAlreadyStored)} already stored), ${summary.problems} problem(s), ` +
            `${formatDuration(summary.elapsedMs)}. Database: ${dbPath}\n\n`,
        );
        io.stdout.write(renderStats(store, 40, false));
        io.stdout.write(`\nExplore: corpus-audit stats --db ${dbPath} --json\n`);
      } finally {
        bar?.done();
        store.close();
      }
      done(0);
    });
}
