import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { packageRoot } from '../../../db/version.js';
import type { OriginClass } from '../types.js';

/**
 * A world of prepared pages, built once by a script from Debian and npm packages and committed, so
 * that tests and CI never need Apertium or PyTorch:
 * - `cross`: the cross-source evaluation world (`scripts/build-cross-world.ts`), whose sources, MT
 *   directions and generators no shipped model, threshold or design choice was fitted on
 *   (data/world/cross/SOURCES.md);
 * - `train`: the training and calibration corpus (`scripts/build-train-world.ts`,
 *   models/DATA.md), from other sources, directions and generators.
 */
export type PreparedProfile = 'cross' | 'train';

export interface PreparedDoc {
  /** Stable and unique, e.g. `gnome-help/de/files-copy`, `apertium/ron>spa/files-copy`. */
  id: string;
  /** Where the text comes from: `gnome-help`, `debian-faq`, `moby-dick`, `apertium`, `lstm-word`, ... */
  sourceKind: string;
  /** The exact source text, e.g. `gnome-help:de/files-copy`. */
  source: string;
  origin: OriginClass;
  /**
   * What made it, finer than `origin`: `human`, `human-translation`, an MT direction
   * (`ron>spa`, `bul>mkd`), a generator and its decoding (`lstm-word t=0.9`), `spun-thesaurus`, `spintax`.
   */
  kind: string;
  /** ISO 639-3 of the text. */
  language: string;
  /** BCP 47 for the page's `lang`. */
  tag: string;
  /** Pages holding the same text in other languages share it (null: no counterparts). */
  group: string | null;
  title: string;
  paragraphs: string[];
  /**
   * `calibrate`: held out of model fitting as a whole source (the verdict is calibrated on it);
   * absent: the profile's default (`test` for cross; `train` for train, cut into fit and calibrate
   * by group).
   */
  split?: 'calibrate';
}

export interface PreparedFile {
  /** Debian and npm package versions the pages were built from. */
  packages: Record<string, string>;
  docs: PreparedDoc[];
}

export function preparedDataPath(profile: PreparedProfile): string {
  return join(packageRoot(), 'data', 'world', profile, 'pages.json.gz');
}

/** Writes the file with docs sorted by id, so a rebuild from the same packages is byte-identical. */
export function writePreparedFile(file: PreparedFile, path: string): void {
  const docs = [...file.docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  writeFileSync(path, gzipSync(JSON.stringify({ packages: file.packages, docs }), { level: 9 }));
}

const cache = new Map<PreparedProfile, PreparedFile>();
const BUILD = { cross: 'data:cross-world', train: 'data:train-world' } as const;
const ABOUT = { cross: 'data/world/cross/SOURCES.md', train: 'models/DATA.md' } as const;

/** The committed pages; throws with the rebuild command when the file is missing. */
export function readPreparedFile(profile: PreparedProfile): PreparedFile {
  const cached = cache.get(profile);
  if (cached) return cached;
  const path = preparedDataPath(profile);
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    throw new Error(
      `corpus-audit: the ${profile} world's pages are missing (${path}); rebuild them with ` +
        `\`npm run ${BUILD[profile]}\` (needs Apertium and PyTorch, see ${ABOUT[profile]})`,
    );
  }
  const file = JSON.parse(gunzipSync(raw).toString('utf8')) as PreparedFile;
  cache.set(profile, file);
  return file;
}
