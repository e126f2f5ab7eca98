import { LimitReader, type WARCRecord } from 'warcio';

/**
 * Skips what is left of a record nobody read (one over the size limit, a request, a revisit), and
 * says whether the file held all of it. warcio.js's own skip (`LimitReader.skipFully`) loops for good
 * when the file ends inside the record: it asks for the rest again and again, gets 0 bytes each time,
 * and, every await resolving at once, never lets the event loop run (not even Ctrl-C's handler).
 * Here the end of the file ends the skip, and the record is marked skipped so warcio.js does not try.
 */
export async function skipUnread(record: WARCRecord): Promise<'complete' | 'truncated'> {
  const reader = record._reader;
  if (record.consumed || !(reader instanceof LimitReader)) return 'complete';
  let truncated = false;
  while (reader.limit > 0) {
    const skipped = await reader.sourceIter.skipSize(reader.limit);
    if (skipped <= 0) {
      truncated = true;
      break;
    }
    reader.limit -= skipped;
  }
  reader.limit = 0;
  record.consumed = 'skipped';
  return truncated ? 'truncated' : 'complete';
}
