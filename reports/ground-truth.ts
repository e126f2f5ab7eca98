import { readFileSync } from 'node:fs';
import type { OriginClass, PageLabel } from '../src/world/types.js';

/** Ground truth for some pages, by URL: the demo world's `labels.jsonl` (`corpus-audit demo labels`). */
export interface GroundTruth {
  path: string;
  byUrl: Map<string, PageLabel>;
}

const ORIGINS: readonly OriginClass[] = ['human', 'human-translation', 'machine-translation', 'lm-generated'];

/** A labels file that cannot be used; the message names the file and line. */
export class LabelsError extends Error {
  override readonly name = 'LabelsError';
}

/** Reads a JSON-lines labels file: each line needs a `url` and an `origin` (the other fields are kept). */
export function loadGroundTruth(path: string): GroundTruth {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new LabelsError(`cannot read the labels file ${path}: ${(err as Error).message}`);
  }
  const byUrl = new Map<string, PageLabel>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let label: unknown;
    try {
      label = JSON.parse(line);
    } catch {
      throw new LabelsError(`${path}:${i + 1}: not a JSON object`);
    }
    const l = label as Partial<PageLabel> | null;
    if (typeof l?.url !== 'string' || !ORIGINS.includes(l.origin as OriginClass)) {
      throw new LabelsError(
        `${path}:${i + 1}: a label needs a "url" and an "origin" (one of ${ORIGINS.join(', ')})`,
      );
    }
    byUrl.set(l.url, label as PageLabel);
  });
  return { path, byUrl };
}
