import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { InputFile } from './open-input.js';

/** What a folder contributes: the file types the readers know. */
const FOLDER_PATTERN =
  '**/*.{warc,warc.gz,wet,wet.gz,arc,arc.gz,jsonl,jsonl.gz,ndjson,json.gz,parquet,html,htm,xhtml,txt,html.gz,htm.gz,xhtml.gz,txt.gz}';

export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * Expands paths, folders and globs into a sorted, de-duplicated list of files with absolute
 * paths (a file reached through symbolic links counts once). A path that names nothing is an error
 * (a typo should not look like an empty corpus).
 */
export async function expandInputs(specs: readonly string[], cwd = process.cwd()): Promise<InputFile[]> {
  const paths = new Set<string>();
  for (const spec of specs) {
    if (isDynamicPattern(spec)) {
      const hits = await glob(spec, { cwd, absolute: true, onlyFiles: true });
      if (hits.length === 0) throw new InputError(`no files match ${spec}`);
      for (const hit of hits) paths.add(resolve(hit));
      continue;
    }
    if (spec === '-') {
      throw new InputError(
        'reading standard input is not supported yet: save the stream to a file first (for example `cat > input.warc.gz`) and ingest that file',
      );
    }
    const path = resolve(cwd, spec);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputError(`no such file or folder: ${spec}`);
    // A pipe, terminal or device reads once and has no size: it cannot be sniffed, resumed or re-read.
    if (!info.isDirectory() && !info.isFile()) {
      throw new InputError(
        `${spec} is not a regular file (a pipe, terminal or device); save what it holds to a file first and ingest that file`,
      );
    }
    if (info.isDirectory()) {
      for (const hit of await glob(FOLDER_PATTERN, { cwd: path, absolute: true, onlyFiles: true }))
        paths.add(resolve(hit));
    } else {
      paths.add(path);
    }
  }
  const files: InputFile[] = [];
  // One file reached by several paths (symbolic links, a folder linked into itself) is read once,
  // under the first of its paths in sorted order.
  const seen = new Set<string>();
  for (const path of [...paths].sort()) {
    const info = await stat(path);
    const identity = `${info.dev}:${info.ino}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
  }
  return files;
}
