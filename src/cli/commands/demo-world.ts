import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeLabels } from '../../world/labels.js';
import { serveWorld } from '../../world/server.js';
import {
  PreparedWorld,
  DEFAULT_CROSS_WORLD,
  DEFAULT_TRAIN_WORLD,
} from '../../world/prepared/prepared-world.js';
import type { LabeledWeb } from '../../world/web.js';
import { DEFAULT_WORLD, World } from '../../world/world.js';
import { writeWorldWarc } from '../../world/world-warc.js';
import { formatBytes, formatCount, formatDuration } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';

export interface WorldFlags {
  seed: string;
  pages: string;
  port: string;
  profile?: string;
}

export function worldFrom(flags: WorldFlags): World {
  return new World({
    seed: integerFlag(flags.seed, '--seed', 0, 2 ** 32 - 1),
    pages: integerFlag(flags.pages, '--pages', 50),
    basePort: integerFlag(flags.port, '--port', 1, 65535 - 32),
  });
}

export function addWorldOptions(command: Command): Command {
  return command
    .option('--seed <n>', 'seed of everything random in the world', String(DEFAULT_WORLD.seed))
    .option(
      '--pages <n>',
      'about this many article pages (50 to 100,000 and more)',
      String(DEFAULT_WORLD.pages),
    )
    .option('--port <n>', 'port of the first site; site i gets port + i', String(DEFAULT_WORLD.basePort));
}

/**
 * The world a `demo serve|warc|labels` names: the demo world, with `--profile cross` the
 * cross-source one, with `--profile train` the training corpus.
 */
function webFrom(flags: WorldFlags): LabeledWeb {
  if (flags.profile === undefined || flags.profile === 'demo') return worldFrom(flags);
  if (flags.profile !== 'cross' && flags.profile !== 'train')
    throw new UsageError(`--profile must be demo, cross or train, not ${flags.profile}`);
  const defaults = flags.profile === 'cross' ? DEFAULT_CROSS_WORLD : DEFAULT_TRAIN_WORLD;
  const port = flags.port === String(DEFAULT_WORLD.basePort) ? String(defaults.basePort) : flags.port;
  return new PreparedWorld({
    profile: flags.profile,
    seed: integerFlag(flags.seed, '--seed', 0, 2 ** 32 - 1),
    basePort: integerFlag(port, '--port', 1, 65535 - 32),
  });
}

function addProfileOption(command: Command): Command {
  return command.option(
    '--profile <demo|cross|train>',
    'demo: the demo world; cross: the cross-source evaluation world (its own sources, MT directions and generators; ports from 8300); train: the corpus the shipped models were trained on (ports from 8500); cross and train have a fixed size, --pages is ignored',
    'demo',
  );
}

/** `demo serve`, `demo warc` and `demo labels`. */
export function registerWorldCommands(demo: Command, io: Io, done: (code: number) => void): void {
  addProfileOption(
    addWorldOptions(
      demo.command('serve').description('serve the demo world on 127.0.0.1 until stopped (Ctrl-C)'),
    ),
  ).action(async (flags: WorldFlags) => {
    const world = webFrom(flags);
    const running = await serveWorld(world);
    io.stdout.write(
      `${{ cross: 'Cross-source', train: 'Training' }[world.profile] ?? 'Demo'} world (seed ${world.seed}, ${world.pages} pages) on ${world.sites.length} origins:\n`,
    );
    for (const site of world.sites)
      io.stdout.write(`  ${site.origin.padEnd(24)} ${site.id} (${site.archetype})\n`);
    io.stdout.write('Press Ctrl-C to stop.\n');
    await new Promise<void>((resolveStop) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolveStop();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await running.close();
    done(0);
  });

  addProfileOption(
    addWorldOptions(
      demo
        .command('warc')
        .description('write the demo world as WARC request/response records, as if crawled')
        .argument('<out.warc.gz>', 'the WARC file to write'),
    ),
  ).action((out: string, flags: WorldFlags) => {
    const world = webFrom(flags);
    const started = performance.now();
    const summary = writeWorldWarc(world, resolve(io.cwd, out), (n) => {
      if (io.stderr.isTTY) io.stderr.write(`\r${formatCount(n)} URLs written\x1b[K`);
    });
    if (io.stderr.isTTY) io.stderr.write('\r\x1b[K');
    io.stdout.write(
      `${summary.path}: ${formatCount(summary.urls)} URLs, ${formatCount(summary.records)} records, ` +
        `${formatBytes(summary.bytes)} in ${formatDuration(performance.now() - started)}\n`,
    );
    done(0);
  });

  addProfileOption(
    addWorldOptions(
      demo
        .command('labels')
        .description('write the ground truth of every page as JSON lines (- for stdout)')
        .argument('<out.jsonl>', 'the file to write'),
    ),
  ).action((out: string, flags: WorldFlags) => {
    const world = webFrom(flags);
    const n = writeLabels(world, out === '-' ? '-' : resolve(io.cwd, out), io.stdout);
    if (out !== '-') io.stdout.write(`${resolve(io.cwd, out)}: ${formatCount(n)} pages\n`);
    done(0);
  });
}
