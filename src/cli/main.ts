import { Command, CommanderError } from 'commander';
import { UserError } from '../../db/errors.js';
import { codeVersion } from '../../db/version.js';
import { configureFlagHelp } from './flags.js';
import { processIo, type Io } from './io.js';

type Register = (program: Command, io: Io, done: (code: number) => void) => void;

/**
 * Each command's module, in the order `--help` lists them, loaded only when needed: together they
 * import zod, yaml, fastify, prom-client and a Parquet writer, which took 0.3 s of every start
 * although most commands use none of them.
 */
const COMMANDS: readonly [name: string, load: () => Promise<Register>][] = [
  ['ingest', async () => (await import('./commands/ingest.js')).registerIngest],
  ['stats', async () => (await import('./commands/stats.js')).registerStats],
  ['crawl', async () => (await import('./commands/crawl.js')).registerCrawl],
  ['detect', async () => (await import('./commands/detect.js')).registerDetect],
  ['mt-saturation', async () => (await import('./commands/mt-saturation.js')).registerMtSaturation],
  ['pages', async () => (await import('./commands/pages.js')).registerPages],
  ['page', async () => (await import('./commands/page.js')).registerPage],
  ['score', async () => (await import('./commands/score.js')).registerScore],
  ['fit-verdict', async () => (await import('./commands/fit-verdict.js')).registerFitVerdict],
  ['calibrate', async () => (await import('./commands/calibrate.js')).registerCalibrate],
  ['policy', async () => (await import('./commands/policy.js')).registerPolicy],
  ['export', async () => (await import('./commands/export.js')).registerExport],
  ['gate', async () => (await import('./commands/gate.js')).registerGate],
  ['serve', async () => (await import('./commands/serve.js')).registerServe],
  ['collapse', async () => (await import('./commands/collapse.js')).registerCollapse],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['demo', async () => (await import('./commands/demo.js')).registerDemo],
];

/**
 * The commands to register for `argv`: only the one it names (`help <command>` names its second
 * word), else all of them: for the overall help (also `--help` before a command, which shows it)
 * and for commander's "did you mean" on a typo. Options come after the command they belong to
 * (positional options), so the command is the first word.
 */
async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const named = argv[0] === 'help' ? argv[1] : argv[0];
  const one = COMMANDS.find(([name]) => name === named);
  return Promise.all((one ? [one] : COMMANDS).map(([, load]) => load()));
}

/** Exit codes: 0 success, 2 bad usage or an error that stopped the command. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 2;

/**
 * The CLI, as a function: `main(argv, io)` returns the exit code instead of exiting, so tests run
 * it in-process and compare exact output.
 */
/** File-system errors a user can act on, in words. */
const FILE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
};

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const done = (code: number): void => {
    exitCode = code;
  };
  const program = new Command()
    .name('corpus-audit')
    .description('Audit web-crawled multilingual text for machine translation and machine generation.')
    .version(codeVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Options belong to the command they follow: `demo --pages` and `demo serve --pages` differ.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  configureFlagHelp(program);
  try {
    // Inside the try: loading a command loads what it needs at start-up (language ID's model).
    for (const register of await commandsFor(argv)) register(program, io, done);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    // Bad input or configuration the user can fix: the message says what, without a stack trace.
    if (err instanceof UserError) {
      io.stderr.write(`corpus-audit: ${err.message}\n`);
      return EXIT_ERROR;
    }
    // A port another program holds: say which and what to do, without a stack trace.
    if ((err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
      const message =
        e.syscall === 'listen'
          ? `${e.address ?? 'the address'}:${e.port ?? '?'} is in use by another program; choose another --port`
          : e.message;
      io.stderr.write(`corpus-audit: ${message}\n`);
      return EXIT_ERROR;
    }
    // A file or folder the command cannot write or read (an output path, a full disk): name it.
    const fsError = err as NodeJS.ErrnoException | undefined;
    if (fsError?.path && fsError.syscall && FILE_ERRORS[fsError.code ?? '']) {
      io.stderr.write(
        `corpus-audit: cannot ${fsError.syscall} ${fsError.path}: ${FILE_ERRORS[fsError.code!]}; choose another path or fix its permissions\n`,
      );
      return EXIT_ERROR;
    }
    io.stderr.write(`corpus-audit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_ERROR;
  }
}
