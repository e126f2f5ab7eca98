import { readFileSync } from 'node:fs';
import { UserError } from '../db/errors.js';

/** The ground truth of one page of the demo world. */
export type OriginClass = 'human' | 'human-translation' | 'machine-translation' | 'lm-generated';

export interface PageLabel {
  url: string;
  /** Site id, e.g. `farm-a`. */
  site: string;
  /** What kind of site: human-news, human-blog, institution, mt-farm, mt-mirror, lm-spam, js-app, hazards. */
  archetype: string;
  /** Articles carry text; index pages list articles. */
  pageType: 'article' | 'index';
  origin: OriginClass;
  /** ISO 639-3 of the page's text. */
  language: string;
  /** The exact source text, e.g. `brown:ca01#8-16`, `udhr:fra#1-5`, `lm:spam-a/12`. */
  source: string | null;
  /** The source document, which decides the split, e.g. `brown:ca01`. */
  sourceDoc: string | null;
  /** Pages sharing a group hold the same text in different languages (or copies of it). */
  group: string | null;
  /** Pages in the group (1 when the page has no counterparts). */
  groupSize: number;
  /** Distinct languages in the group. */
  groupLanguages: number;
  /**
   * `train` pages are cut into fit and calibrate by group; `calibrate` pages come from sources held
   * out of model fitting as a whole (the training world's); `test` pages are for evaluation only.
   */
  split: 'train' | 'calibrate' | 'test' | null;
  /** Hazards this page embodies: robots-disallowed, crawler-trap, slow, oversized, js-only, charset-*. */
  hazards: string[];
  /** MT plugin traces in its HTML: gtranslate, transposh, machine-translated-from. */
  traces: string[];
  /**
   * What made the text, finer than `origin` (cross-source world only): an MT direction (`ron>spa`),
   * a generator and its decoding (`lstm-word t=0.7`), `spun-thesaurus`, `spintax`, `human-translation`.
   */
  kind?: string;
  /** The package or generator the text comes from (cross-source world only), e.g. `gnome-help`. */
  sourceKind?: string;
}

/** Ground truth for some pages, by URL: the demo world's `labels.jsonl` (`corpus-audit demo labels`). */
export interface GroundTruth {
  path: string;
  byUrl: Map<string, PageLabel>;
}

const ORIGINS: readonly OriginClass[] = ['human', 'human-translation', 'machine-translation', 'lm-generated'];

/** A labels file that cannot be used; the message names the file and line. */
export class LabelsError extends UserError {
  override readonly name: string = 'LabelsError';
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
