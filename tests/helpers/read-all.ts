import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Doc } from '../../db/types.js';
import { readInput } from '../../crawlers/open-input.js';
import { collectingContext } from '../../crawlers/reader-context.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const WARC_FIXTURES = join(FIXTURES, 'warc');

/** Reads a whole file with the format dispatcher; returns docs, problems and skip counts. */
export async function readAll(path: string, maxRecordBytes?: number) {
  const ctx = collectingContext(maxRecordBytes);
  const docs: Doc[] = [];
  const info = statSync(path);
  for await (const doc of readInput({ path, size: info.size, mtimeMs: info.mtimeMs }, ctx)) docs.push(doc);
  return { docs, problems: ctx.problems, skipped: ctx.skipped };
}
