import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError } from './input-error.js';
import type { InputFile } from './open-input.js';
import { isPathsListName, pathsListUrls, type PathsSelection } from './paths-list.js';
import { FetchError } from './remote-fetch.js';
import { remoteUrl, type RemoteOptions } from './remote-input.js';
import { sniffFile } from './sniff.js';
import { discardInput, fetchInput, spoolStream } from './spool.js';

export { InputError } from './input-error.js';

/** What a folder contributes: the file types the readers know. */
const FOLDER_PATTERN =
  '**/*.{warc,warc.gz,wet,wet.gz,arc,arc.gz,jsonl,jsonl.gz,ndjson,json.gz,parquet,html,htm,xhtml,txt,html.gz,htm.gz,xhtml.gz,txt.gz}';

export interface ExpandOptions extends RemoteOptions, PathsSelection {
  /** Resolve relative paths against this folder. @default process.cwd() */
  cwd?: string;
  /** What `-` reads (and a pipe or device named by path). @default process.stdin */
  stdin?: Readable;
  /** Where standard input and remote files are saved while they are read. @default os.tmpdir() */
  spoolDir?: string;
}

/**
 * Expands the inputs into a list of files to read:
 * - paths, folders and globs: sorted, de-duplicated, absolute (a file reached through symbolic
 *   links counts once); a path that names nothing is an error (a typo should not look like an
 *   empty corpus);
 * - `http(s)://` and `s3://` URLs: listed with `url` set, fetched when read (`fetchInput`);
 * - lists of archive paths (Common Crawl's `warc.paths.gz`, local or remote, told by name or
 *   content): one remote input per path, resolved against `baseUrl`, then `shard` and `limit`;
 * - `-` (and a pipe or device named by path): saved to a temporary file, `temporary` set.
 */
export async function expandInputs(
  specs: readonly string[],
  cwd = process.cwd(),
  options: ExpandOptions = {},
): Promise<InputFile[]> {
  const paths = new Set<string>();
  const others: InputFile[] = [];
  for (const spec of specs) {
    const url = remoteUrl(spec, options);
    if (url) {
      if (isPathsListName(url)) others.push(...(await remotePathsList(url, options)));
      else others.push({ path: '', size: 0, mtimeMs: 0, name: url, url });
      continue;
    }
    if (isDynamicPattern(spec)) {
      const hits = await glob(spec, { cwd, absolute: true, onlyFiles: true });
      if (hits.length === 0) throw new InputError(`no files match ${spec}`);
      for (const hit of hits) paths.add(resolve(hit));
      continue;
    }
    if (spec === '-') {
      const stdin = options.stdin ?? process.stdin;
      // Nothing piped in: reading would wait for the user to type a corpus.
      if ((stdin as { isTTY?: boolean }).isTTY) {
        throw new InputError(
          'standard input is a terminal, not data: pipe a corpus into `-` (for example `zcat crawl.warc.gz | corpus-audit ingest -`)',
        );
      }
      others.push(await spoolStream(stdin, '-', options.spoolDir));
      continue;
    }
    const path = resolve(cwd, spec);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputError(`no such file or folder: ${spec}`);
    if (info.isDirectory()) {
      for (const hit of await glob(FOLDER_PATTERN, { cwd: path, absolute: true, onlyFiles: true }))
        paths.add(resolve(hit));
    } else if (info.isFile()) {
      paths.add(path);
    } else {
      // A pipe or device reads once and has no size: it is saved first, then read like `-`.
      others.push(await spoolStream(createReadStream(path), path, options.spoolDir));
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
    if (await isLocalPathsList(path)) {
      others.push(...pathsListUrls(await readFile(path), path, options).map(remoteInput));
    } else {
      files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return [...files, ...others];
}

function remoteInput(url: string): InputFile {
  return { path: '', size: 0, mtimeMs: 0, name: url, url };
}

/** Named `*.paths(.gz)`, or a text file whose lines are archive paths. */
async function isLocalPathsList(path: string): Promise<boolean> {
  if (isPathsListName(path)) return true;
  if (!/\.(txt|gz)$/i.test(path) && /\.[a-z0-9]+$/i.test(path)) return false;
  return (await sniffFile(path)).format === 'paths';
}

async function remotePathsList(url: string, options: ExpandOptions): Promise<InputFile[]> {
  let list: InputFile;
  try {
    list = await fetchInput(remoteInput(url), options);
  } catch (err) {
    if (err instanceof FetchError) throw new InputError(`cannot fetch the paths list ${err.message}`);
    throw err;
  }
  try {
    return pathsListUrls(await readFile(list.path), url, options).map(remoteInput);
  } finally {
    await discardInput(list);
  }
}
