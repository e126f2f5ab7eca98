import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { packageRoot } from '../../db/version.js';

/**
 * The committed Apertium translations of the MT-source Brown files: one gzip JSON file per
 * language, `articles` mapping a Brown file id to its paragraphs, aligned one to one with the
 * English paragraphs of `readBrownText`.
 */
export interface MtFile {
  code: string;
  /** The Apertium modes applied, in order. */
  chain: string[];
  /** The Debian version of the apertium package that made them. */
  apertium: string;
  articles: Record<string, string[]>;
}

export function mtDataDir(): string {
  return join(packageRoot(), 'data', 'world', 'mt');
}

/** Writes one language's file with sorted keys, so a rebuild with the same engine is byte-identical. */
export function writeMtFile(file: MtFile): string {
  const articles: Record<string, string[]> = {};
  for (const id of Object.keys(file.articles).sort()) articles[id] = file.articles[id]!;
  const path = join(mtDataDir(), `${file.code}.json.gz`);
  writeFileSync(path, gzipSync(JSON.stringify({ ...file, articles }), { level: 9 }));
  return path;
}

const cache = new Map<string, MtFile>();

/** One language's translations; throws with the rebuild command when the data is missing. */
export function readMtFile(code: string): MtFile {
  let file = cache.get(code);
  if (!file) {
    const path = join(mtDataDir(), `${code}.json.gz`);
    let raw: Buffer;
    try {
      raw = readFileSync(path);
    } catch {
      throw new Error(
        `corpus-audit: the demo world's translations are missing (${path}); rebuild them with ` +
          '`node dist/scripts/build-mt-data.js` (needs Apertium, see README)',
      );
    }
    file = JSON.parse(gunzipSync(raw).toString('utf8')) as MtFile;
    cache.set(code, file);
  }
  return file;
}
