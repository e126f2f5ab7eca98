import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Doc } from '../db/types.js';
import { payloadToDoc } from './payload.js';
import type { ReaderContext } from './reader-context.js';

/** Reads one `.html` or `.txt` file as one document; its URL is the file's `file://` URL. */
export async function* readPlainFile(
  path: string,
  kind: 'html' | 'text',
  mtimeMs: number,
  ctx: ReaderContext,
): AsyncIterable<Doc> {
  const body = await readFile(path);
  ctx.progress?.(body.byteLength);
  const doc = payloadToDoc(
    {
      idParts: ['file', path],
      url: pathToFileURL(path).href,
      contentType: kind === 'html' ? 'text/html' : 'text/plain',
      body,
      provenance: {
        sourceKind: kind === 'html' ? 'html-file' : 'text-file',
        path,
        recordOffset: 0,
        recordLength: body.byteLength,
        fetchTime: new Date(mtimeMs).toISOString(),
      },
    },
    ctx,
  );
  if (doc) yield doc;
}
