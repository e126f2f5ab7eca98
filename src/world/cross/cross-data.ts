import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { packageRoot } from '../../version.js';
import type { OriginClass } from '../types.js';

/**
 * The cross-source world's pages, built once by `scripts/build-cross-world.ts` from Debian and npm
 * packages that no shipped model, threshold or design choice was fitted on, and committed, so that
 * tests and CI never need Apertium or PyTorch. See data/world/cross/SOURCES.md.
 */
export interface CrossDoc {
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
}

export interface CrossFile {
  /** Debian and npm package versions the pages were built from. */
  packages: Record<string, string>;
  docs: CrossDoc[];
}

export function crossDataPath(): string {
  return join(packageRoot(), 'data', 'world', 'cross', 'pages.json.gz');
}

/** Writes the file with docs sorted by id, so a rebuild from the same packages is byte-identical. */
export function writeCrossFile(file: CrossFile, path = crossDataPath()): void {
  const docs = [...file.docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  writeFileSync(path, gzipSync(JSON.stringify({ packages: file.packages, docs }), { level: 9 }));
}

let cache: CrossFile | undefined;

/** The committed pages; throws with the rebuild command when the file is missing. */
export function readCrossFile(): CrossFile {
  if (cache) return cache;
  const path = crossDataPath();
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    throw new Error(
      `corpus-audit: the cross-source world's pages are missing (${path}); rebuild them with ` +
        '`npm run data:cross-world` (needs Apertium and PyTorch, see data/world/cross/SOURCES.md)',
    );
  }
  cache = JSON.parse(gunzipSync(raw).toString('utf8')) as CrossFile;
  return cache;
}
