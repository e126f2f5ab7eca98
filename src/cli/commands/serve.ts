import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { deprecatedFlag, durationFlag } from '../flags.js';
import { CLASSIFIER_MAX_WINDOWS } from '../../../detectors/models/classifier.js';
import { ZERO_SHOT_MAX_TOKENS } from '../../../detectors/models/zero-shot-scorer.js';
import { PageScorer } from '../../score/page-scorer.js';
import { buildService, isLoopback, SERVICE_DEFAULTS } from '../../serve/server.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { policyFromFlag } from './policy.js';

interface ServeFlags {
  host: string;
  port: string;
  policy?: string;
  tokenFile?: string;
  maxBatch: string;
  bodyLimitKb: string;
  concurrency: string;
  queue: string;
  timeoutMs: string;
  maxChars: string;
  dtype: string;
}

/** The bearer token: from --token-file, else $CORPUS_AUDIT_TOKEN; undefined when neither is set. */
export function readToken(tokenFile: string | undefined, io: Io): string | undefined {
  if (tokenFile !== undefined) {
    let token: string;
    try {
      token = readFileSync(resolve(io.cwd, tokenFile), 'utf8').trim();
    } catch (err) {
      throw new UsageError(`cannot read --token-file ${tokenFile}: ${(err as Error).message}`);
    }
    if (token.length < 16) throw new UsageError(`the token in ${tokenFile} is shorter than 16 characters`);
    return token;
  }
  const env = io.env.CORPUS_AUDIT_TOKEN?.trim();
  if (env !== undefined && env !== '' && env.length < 16) {
    throw new UsageError('CORPUS_AUDIT_TOKEN is shorter than 16 characters');
  }
  return env === '' ? undefined : env;
}

/** Resolves once the process is asked to stop (SIGINT or SIGTERM). */
function stopSignal(): { promise: Promise<string>; dispose(): void } {
  let onSignal: (s: NodeJS.Signals) => void = () => undefined;
  const promise = new Promise<string>((resolve) => {
    onSignal = (s) => {
      resolve(s);
    };
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    promise,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export function registerServe(program: Command, io: Io, done: (code: number) => void): void {
  const command = program
    .command('serve')
    .description('an HTTP service that scores documents with the same models, verdict and policy')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', '8787')
    .option('--policy <file>', 'YAML or JSON policy (default: the built-in one)')
    .option('--token-file <file>', 'bearer token file (default: $CORPUS_AUDIT_TOKEN)')
    .option('--max-batch <n>', 'documents per request', String(SERVICE_DEFAULTS.maxBatch))
    .option('--body-limit-kb <n>', 'request body limit in KiB', String(SERVICE_DEFAULTS.bodyLimit / 1024))
    .option('--concurrency <n>', 'requests scored at once', String(SERVICE_DEFAULTS.concurrency))
    .option('--queue <n>', 'requests that may wait; beyond, 503', String(SERVICE_DEFAULTS.queueSize))
    .option(
      '--timeout-ms <duration>',
      'how long a request may take, waiting included; beyond, 503 (500ms, 30s, 2m; a bare number is ms)',
      String(SERVICE_DEFAULTS.timeoutMs),
    )
    .option(
      '--max-chars <n>',
      "characters of a document's text that are scored; longer text is cut and the answer says so",
      String(SERVICE_DEFAULTS.maxChars),
    )
    .option('--dtype <type>', 'model weights: fp32 or q8', 'fp32')
    .addHelpText(
      'after',
      `
Routes:
  POST /v1/score  {"text": "...", "url": "...", "lang": "eng"} or {"html": "..."} or
                  {"documents": [ ... ]}: per document the class probabilities, verdict, policy
                  decision and reasons. Translation tuples and duplicates need a corpus: use
                  ingest and score for those.
  GET /healthz    models, policy digest, queue, limits (no token needed)
  GET /metrics    Prometheus text format

Limits per document: --max-chars characters of its text are scored (the answer carries
"truncated" when the text was longer); of those, the classifier reads at most
${CLASSIFIER_MAX_WINDOWS} windows of its context spread over the page and the zero-shot models the first
${ZERO_SHOT_MAX_TOKENS} tokens. A request that runs out of --timeout, or whose client goes away, stops
being scored and frees its slot.

Every route but /healthz needs "Authorization: Bearer <token>" when a token is set. Without a
token the service listens on loopback addresses only. SIGINT or SIGTERM stops taking requests
and finishes those in flight.

Examples:
  corpus-audit serve --port 8787
  CORPUS_AUDIT_TOKEN=$(cat token) corpus-audit serve --host 0.0.0.0 --policy policy.yaml
  curl -s localhost:8787/v1/score -H 'content-type: application/json' -d '{"text": "..."}'`,
    )
    .action(async (opts: ServeFlags) => {
      const policy = policyFromFlag(opts.policy, io);
      const token = readToken(opts.tokenFile, io);
      if (token === undefined && !isLoopback(opts.host)) {
        throw new UsageError(
          `refusing to listen on ${opts.host} without a token: set CORPUS_AUDIT_TOKEN or --token-file, or listen on 127.0.0.1`,
        );
      }
      if (opts.dtype !== 'fp32' && opts.dtype !== 'q8')
        throw new UsageError(`--dtype must be fp32 or q8, got '${opts.dtype}'`);
      const port = integerFlag(opts.port, '--port', 0, 65535);
      const settings = {
        maxBatch: integerFlag(opts.maxBatch, '--max-batch', 1, 10_000),
        bodyLimit: integerFlag(opts.bodyLimitKb, '--body-limit-kb', 1) * 1024,
        concurrency: integerFlag(opts.concurrency, '--concurrency', 1, 64),
        queueSize: integerFlag(opts.queue, '--queue', 0),
        timeoutMs: durationFlag(opts.timeoutMs, '--timeout-ms', 'ms', 1),
        maxChars: integerFlag(opts.maxChars, '--max-chars', 100),
      };
      const scorer = await PageScorer.load({ dtype: opts.dtype, policy });
      for (const w of scorer.warnings) io.stderr.write(`warning: ${w}\n`);
      const app = buildService({ scorer, policy, token, ...settings });
      const stop = stopSignal();
      try {
        const address = await app.listen({ host: opts.host, port });
        io.stderr.write(
          `corpus-audit serving on ${address} (policy ${policy.source}, ${token ? 'token required' : 'no token: loopback only'}); Ctrl-C stops\n`,
        );
        const signal = await stop.promise;
        io.stderr.write(`${signal}: finishing requests in flight, then stopping\n`);
        await app.close();
        done(0);
      } finally {
        stop.dispose();
        await scorer.dispose();
      }
    });
  deprecatedFlag(command, '--timeout <s>', '--timeout-ms <duration>', io, (s) => `${s}s`);
}
