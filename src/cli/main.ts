import { WarcTailError } from '../../crawlers/warc-tail.js';
import { Command, CommanderError } from 'commander';
import { InputError } from '../../crawlers/expand-inputs.js';
import { TorchBackendError } from '../collapse/torch-backend.js';
import { StoreOpenError } from '../../db/open-database.js';
import { ModelNotFoundError } from '../../detectors/models/model-dir.js';
import { VerdictModelError } from '../../detectors/verdict/verdict-model.js';
import { codeVersion } from '../version.js';
import { registerCollapse } from './commands/collapse.js';
import { registerCrawl } from './commands/crawl.js';
import { registerDemo } from './commands/demo.js';
import { registerDetect } from './commands/detect.js';
import { registerExport } from './commands/export.js';
import { registerFitVerdict } from './commands/fit-verdict.js';
import { registerGate } from './commands/gate.js';
import { registerIngest } from './commands/ingest.js';
import { registerMtSaturation } from './commands/mt-saturation.js';
import { registerPage } from './commands/page.js';
import { registerPolicy } from './commands/policy.js';
import { registerReport } from './commands/report.js';
import { registerScore } from './commands/score.js';
import { registerServe } from './commands/serve.js';
import { registerStats } from './commands/stats.js';
import { processIo, UsageError, type Io } from './io.js';

/** Exit codes: 0 success, 2 bad usage or an error that stopped the command. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 2;

/**
 * The CLI, as a function: `main(argv, io)` returns the exit code instead of exiting, so tests run
 * it in-process and compare exact output.
 */
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
  registerIngest(program, io, done);
  registerStats(program, io, done);
  registerCrawl(program, io, done);
  registerDetect(program, io, done);
  registerMtSaturation(program, io, done);
  registerPage(program, io, done);
  registerScore(program, io, done);
  registerFitVerdict(program, io, done);
  registerPolicy(program, io, done);
  registerExport(program, io, done);
  registerGate(program, io, done);
  registerServe(program, io, done);
  registerCollapse(program, io, done);
  registerReport(program, io, done);
  registerDemo(program, io, done);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    // Bad input or configuration the user can fix: the message says what, without a stack trace.
    if (
      err instanceof UsageError ||
      err instanceof InputError ||
      err instanceof ModelNotFoundError ||
      err instanceof StoreOpenError ||
      err instanceof VerdictModelError ||
      err instanceof TorchBackendError ||
      err instanceof WarcTailError
    ) {
      io.stderr.write(`corpus-audit: ${err.message}\n`);
      return EXIT_ERROR;
    }
    io.stderr.write(`corpus-audit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_ERROR;
  }
}
