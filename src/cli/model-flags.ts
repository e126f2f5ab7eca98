import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelDtype } from '../../detectors/models/model-dir.js';
import { UsageError, type Io } from './io.js';

/** A model flag's value: a folder relative to the working directory when one is there, else an id as given. */
export function modelSpecFlag(spec: string, io: Io): string {
  const path = resolve(io.cwd, spec);
  return existsSync(path) ? path : spec;
}

/** `--dtype`, checked: which ONNX weights a model loads. */
export function dtypeFlag(value: string): ModelDtype {
  if (value !== 'fp32' && value !== 'q8') throw new UsageError(`--dtype must be fp32 or q8, got '${value}'`);
  return value;
}
