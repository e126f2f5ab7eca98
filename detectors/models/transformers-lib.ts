import type * as Transformers from '@huggingface/transformers';
import type * as OnnxRuntime from 'onnxruntime-node';

export type TransformersLib = typeof Transformers;
export type OnnxRuntimeLib = typeof OnnxRuntime;

let transformersLib: TransformersLib | undefined;
let transformersLoading: Promise<TransformersLib> | undefined;
let onnxLoading: Promise<OnnxRuntimeLib> | undefined;

/**
 * transformers.js, imported on first use. Importing it takes about 0.35 s (it brings ONNX Runtime
 * with it), which every command paid at start-up while only those that run a model need it.
 */
export function loadTransformers(): Promise<TransformersLib> {
  return (transformersLoading ??= import('@huggingface/transformers').then((lib) => (transformersLib = lib)));
}

/** transformers.js once `loadTransformers()` has finished: for code that only runs after a model loaded. */
export function loadedTransformers(): TransformersLib {
  if (!transformersLib) throw new Error('transformers.js used before loadTransformers() finished');
  return transformersLib;
}

/** ONNX Runtime's Node binding, imported on first use (0.1 s of start-up otherwise). */
export function loadOnnxRuntime(): Promise<OnnxRuntimeLib> {
  return (onnxLoading ??= import('onnxruntime-node'));
}
