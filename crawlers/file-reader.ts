import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Doc } from '../db/types.js';
import { inflateLimited } from './inflate.js';
import { payloadToDoc } from './payload.js';
import type { ReaderContext } from './reader-context.js';

/**
 * Reads one `.html` or `.txt` file (or `.html.gz`, `.txt.gz`: `gzipped`) as one document; its URL
 * is the file's `file://` URL, or the URL it was fetched from (none for standard input). A gzipped
 * file is inflated up to the record limit: larger is `record_too_large`, a cut or corrupt stream
 * `truncated_gzip_member`, each reported and skipped.
 */
export async function* readPlainFile(
  path: string,
  kind: 'html' | 'text',
  mtimeMs: number,
  ctx: ReaderContext,
  gzipped = false,
  /** The file's name when `path` is a copy: its URL (`http(s)://`), or `-` for standard input. */
  name = path,
): AsyncIterable<Doc> {
  const raw = await readFile(path);
  ctx.progress?.(raw.byteLength);
  let body: Uint8Array = raw;
  if (gzipped) {
    const inflated = inflateLimited('gzip', raw, ctx.maxRecordBytes);
    if (!(inflated instanceof Uint8Array)) {
      ctx.problem({
        code: inflated === 'too_large' ? 'record_too_large' : 'truncated_gzip_member',
        message:
          inflated === 'too_large'
            ? `inflates to more than the record limit of ${ctx.maxRecordBytes} bytes; skipped`
            : `gzip stream does not inflate (${inflated.message}); skipped`,
        path,
        offset: 0,
      });
      return;
    }
    body = inflated;
  }
  const doc = payloadToDoc(
    {
      idParts: ['file', name],
      url: fileUrl(name),
      contentType: kind === 'html' ? 'text/html' : 'text/plain',
      body,
      provenance: {
        sourceKind: kind === 'html' ? 'html-file' : 'text-file',
        path,
        recordOffset: 0,
        // The file's own bytes (compressed, for a .gz file), so the record can be read back.
        recordLength: raw.byteLength,
        fetchTime: new Date(mtimeMs).toISOString(),
      },
    },
    ctx,
  );
  if (doc) yield doc;
}

function fileUrl(name: string): string | undefined {
  if (name === '-') return undefined;
  return /^https?:\/\//i.test(name) ? name : pathToFileURL(name).href;
}
