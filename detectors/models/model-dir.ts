import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadedTransformers, loadTransformers } from './transformers-lib.js';
import { UserError } from '../../db/errors.js';

/** Where and how a model is loaded, and what it was: recorded with every run that used it. */
export interface ModelInfo {
  /** What the user named: a folder or a Hugging Face id. */
  spec: string;
  /** The folder it was read from (for a downloaded model, transformers.js' cache). */
  path: string | undefined;
  dtype: ModelDtype;
  /** sha256 over the model's files (config, tokenizer, the ONNX weights used). */
  digest: string;
  modelType: string;
}

export type ModelDtype = 'fp32' | 'q8';

export interface LoadOptions {
  /** Let transformers.js download a model id it does not find on disk. @default false */
  allowRemote?: boolean;
  /** Looked in for `<org>/<name>` ids, and where downloads go. */
  cacheDir?: string;
  dtype?: ModelDtype;
  /**
   * ONNX Runtime's threads within one forward pass. @default 1: the project runs passes of
   * different pages in parallel instead (worker threads), and on this 2-core machine a second
   * thread made a 128-token pass of the shipped language model twice as slow, not faster.
   */
  threads?: number;
}

/** What `from_pretrained` is given for ONNX Runtime's session. */
export function sessionOptions(options: LoadOptions): {
  intraOpNumThreads: number;
  interOpNumThreads: number;
} {
  return { intraOpNumThreads: options.threads ?? 1, interOpNumThreads: 1 };
}

/** What transformers.js is handed: an id and the settings that make it resolve as intended. */
export interface Resolved {
  id: string;
  path: string | undefined;
}

export class ModelNotFoundError extends UserError {}

/**
 * Points transformers.js at a model. A path to an existing folder loads from that folder and
 * nothing else; any other string is a Hugging Face id, looked for under `cacheDir` and downloaded
 * only when `allowRemote` is set. Remote loading is switched off unless asked for. Loads
 * transformers.js, whose settings these are.
 */
export async function resolveModel(spec: string, options: LoadOptions = {}): Promise<Resolved> {
  const { env } = await loadTransformers();
  env.allowRemoteModels = options.allowRemote === true;
  env.allowLocalModels = true;
  const folder = resolve(spec);
  if (existsSync(join(folder, 'config.json'))) {
    checkFolder(folder, options.dtype ?? 'fp32');
    env.localModelPath = dirname(folder) + '/';
    return { id: basename(folder), path: folder };
  }
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    throw new ModelNotFoundError(`${folder} has no config.json: not a Hugging Face model folder`);
  }
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(spec)) {
    throw new ModelNotFoundError(`no model folder at ${folder}, and '${spec}' is not a Hugging Face id`);
  }
  const cacheDir = options.cacheDir ?? env.cacheDir ?? undefined;
  if (cacheDir !== undefined) {
    env.cacheDir = cacheDir;
    env.localModelPath = cacheDir.endsWith('/') ? cacheDir : cacheDir + '/';
  }
  const cached = cacheDir === undefined ? undefined : join(cacheDir, spec);
  if (cached !== undefined && existsSync(join(cached, 'config.json'))) return { id: spec, path: cached };
  if (options.allowRemote !== true) {
    throw new ModelNotFoundError(
      `model '${spec}' is not on disk${cacheDir ? ` (looked in ${cacheDir})` : ''}; pass a folder ` +
        `with config.json, tokenizer.json and onnx/model.onnx, or --allow-remote-models to download it`,
    );
  }
  return { id: spec, path: cached };
}

/** A model folder must hold what transformers.js reads; say what is missing before it fails obscurely. */
function checkFolder(folder: string, dtype: ModelDtype): void {
  const needed = ['tokenizer.json', 'tokenizer_config.json', join('onnx', onnxFileFor(dtype))];
  const missing = needed.filter((f) => !existsSync(join(folder, f)));
  if (missing.length > 0) {
    throw new ModelNotFoundError(
      `model folder ${folder} lacks ${missing.join(', ')}: a model needs config.json, tokenizer.json, ` +
        `tokenizer_config.json and onnx/model.onnx (onnx/model_quantized.onnx for --dtype q8)`,
    );
  }
}

/** The ONNX file transformers.js reads for a dtype. */
export function onnxFileFor(dtype: ModelDtype): string {
  return dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx';
}

/** sha256 over a model folder's config, tokenizer files and the ONNX weights of the dtype. */
export function digestModel(folder: string, dtype: ModelDtype): string {
  const hash = createHash('sha256');
  const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', join('onnx', onnxFileFor(dtype))];
  for (const f of files) {
    const p = join(folder, f);
    if (!existsSync(p)) continue;
    hash.update(f + '\0');
    hash.update(readFileSync(p));
  }
  return hash.digest('hex');
}

/** The model's config.json, parsed. */
export function readModelConfig(folder: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
}

/** Finds the folder a downloaded id landed in, for the digest. */
export function locateDownloaded(id: string): string | undefined {
  const root = loadedTransformers().env.cacheDir;
  if (!root) return undefined;
  const direct = join(root, id);
  if (existsSync(join(direct, 'config.json'))) return direct;
  for (const entry of existsSync(root) ? readdirSync(root) : []) {
    const p = join(root, entry, id);
    if (existsSync(join(p, 'config.json'))) return p;
  }
  return undefined;
}

/**
 * What a loaded model was, for the run record, and its config.json (read from its folder, or the
 * one transformers.js parsed when the folder is unknown).
 */
export function describeLoaded(
  spec: string,
  where: Resolved,
  dtype: ModelDtype,
  parsedConfig: unknown,
): { info: ModelInfo; config: Record<string, unknown> } {
  const path = where.path ?? locateDownloaded(where.id);
  const config = path ? readModelConfig(path) : (parsedConfig as Record<string, unknown>);
  return {
    info: {
      spec,
      path,
      dtype,
      digest: path ? digestModel(path, dtype) : 'unknown',
      modelType: typeof config.model_type === 'string' ? config.model_type : 'unknown',
    },
    config,
  };
}
