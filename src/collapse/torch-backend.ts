import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from '../../db/version.js';
import type { CollapseBackend, CollapseModel } from './backend.js';
import { UserError } from '../../db/errors.js';

/** Debian's Python, which has `python3-torch`; `$CORPUS_AUDIT_PYTHON` overrides it. */
export const PYTHON = process.env.CORPUS_AUDIT_PYTHON ?? '/usr/bin/python3';

/** The transformer's size and training; the script's defaults fill what is left out. */
export interface TransformerConfig {
  d_model?: number;
  layers?: number;
  heads?: number;
  context?: number;
  epochs?: number;
  batch?: number;
  lr?: number;
}

/** The Python side could not start or failed; the message says what to do. */
export class TorchBackendError extends UserError {
  override readonly name: string = 'TorchBackendError';
}

interface Reply {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

/** One long-lived `collapse_lm.py` process: requests go in order, one JSON line each way. */
class PythonWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private stderr = '';
  private exited: Error | undefined;

  constructor(python: string) {
    const script = join(packageRoot(), 'models', 'train', 'collapse_lm.py');
    this.child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    const fail = (err: Error): void => {
      this.exited ??= err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    this.child.on('error', (err) => {
      fail(new TorchBackendError(`cannot run ${python}: ${err.message} (set $CORPUS_AUDIT_PYTHON)`));
    });
    this.child.on('exit', (code) => {
      fail(
        new TorchBackendError(
          `the transformer backend (${python} ${script}) exited with code ${code}` +
            (this.stderr.trim() ? `: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''),
        ),
      );
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const w = this.waiting.shift();
      if (!w) return;
      try {
        w.resolve(JSON.parse(line) as Reply);
      } catch {
        w.reject(
          new TorchBackendError(
            `the transformer backend answered something other than JSON: ${line.slice(0, 200)}`,
          ),
        );
      }
    });
  }

  async call(request: Record<string, unknown>): Promise<Reply> {
    if (this.exited) throw this.exited;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(JSON.stringify(request) + '\n');
    });
    if (!reply.ok) {
      const hint = /no torch/.test(reply.error ?? '') ? ' (apt-get install python3-torch)' : '';
      throw new TorchBackendError(`transformer backend: ${reply.error ?? 'failed'}${hint}`);
    }
    return reply;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) =>
      this.child.once('exit', () => {
        resolve();
      }),
    );
    this.child.stdin.end();
    await gone;
  }
}

/**
 * A small word-level transformer LM trained with PyTorch (Debian's `python3-torch`) in a child
 * process: `models/train/collapse_lm.py`. Much slower than the n-gram backend on a CPU; uses CUDA
 * when the machine has it. Checks that torch loads before the first generation trains.
 */
export async function torchBackend(
  options: { config?: TransformerConfig; python?: string } = {},
): Promise<CollapseBackend> {
  const worker = new PythonWorker(options.python ?? PYTHON);
  let hello: Reply;
  try {
    hello = await worker.call({ cmd: 'hello' });
  } catch (err) {
    await worker.close();
    throw err;
  }
  const config = options.config ?? {};
  let next = 0;
  const device = String(hello.device);
  return {
    name:
      Object.keys(config).length === 0
        ? 'transformer-torch'
        : `transformer-torch(${Object.entries(config)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(',')})`,
    info: { device, torch: String(hello.torch), python: options.python ?? PYTHON },
    async train(docs, vocabulary, seed): Promise<CollapseModel> {
      const id = ++next;
      await worker.call({ cmd: 'train', id, docs, vocabulary: [...vocabulary], seed, config });
      return {
        async generate(prompts, tokens, s, genSeed) {
          const r = await worker.call({
            cmd: 'generate',
            id,
            prompts,
            tokens,
            temperature: s.temperature,
            top_p: s.topP,
            greedy: s.greedy,
            seed: genSeed,
          });
          return r.outputs as string[][];
        },
        async perplexities(groups) {
          const r = await worker.call({ cmd: 'perplexity', id, groups });
          return (r.perplexities as (number | null)[]).map((p) => p ?? NaN);
        },
        async dispose() {
          await worker.call({ cmd: 'free', id });
        },
      };
    },
    close: () => worker.close(),
  };
}
