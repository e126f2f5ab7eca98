import { skipUnread } from './warc-skip.js';
import { AsyncIterReader, WARCParser, type WARCRecord } from 'warcio';
import type { Doc } from '../db/types.js';
import { fileChunks } from './byte-source.js';
import { gzipMembers, type GzipMember } from './gzip-members.js';
import { skipLargeMember } from './gzip-large-member.js';
import {
  isDamagedMember,
  isGzipAt,
  looksGzipped,
  skipNonMember,
  isGzipRecordAt,
  skipDamagedMember,
} from './gzip-resync.js';
import { readPlainWarc } from './warc-plain.js';
import { recordToDoc } from './warc-record.js';
import type { ReaderContext } from './reader-context.js';

/** How much of what follows the last record is inspected for content. */
const TRAILER_PEEK = 4096;

const CONTENT_LENGTH_WARNING = /^Content-Length Too Small.*Remainder Length: (\d+).*Offset: (\d+)/;

/**
 * warcio.js reports a record whose Content-Length is too small only through `console.warn`.
 * Route those warnings into problems for the duration of a parse step; pass anything else through.
 * `start` is the file offset where the parser began reading.
 */
async function withWarcioWarnings<T>(
  path: string,
  start: number,
  ctx: ReaderContext,
  step: () => Promise<T>,
): Promise<T> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const message = args.map(String).join(' ');
    const match = CONTENT_LENGTH_WARNING.exec(message);
    if (!match) {
      original(...args);
      return;
    }
    const offset = start + Number(match[2]);
    ctx.problem({
      code: 'content_length_mismatch',
      message: `record shorter than its data: ${match[1]} bytes follow its Content-Length at offset ${offset} (warcio.js: "Content-Length Too Small")`,
      path,
      offset,
    });
  };
  try {
    return await step();
  } finally {
    console.warn = original;
  }
}

interface Pending {
  doc: Doc;
  offset: number;
}

/**
 * Reads WARC and WET files (plain or gzip) with warcio.js. Yields a Doc for every response,
 * resource and conversion record holding text; counts the rest. Each Doc knows its record's byte
 * offset and length, so it points back to its exact bytes (for `.warc.gz`, its gzip member).
 *
 * A `.warc.gz` written one record per gzip member (as crawlers write them) is read member by
 * member, inflated by Node's zlib and each member's record parsed by warcio.js: more than twice as
 * fast as warcio.js inflating the stream itself (with pako). Where the splitter stops:
 * - bytes that are no gzip member: skipped to the next record's member (reported), or, when none
 *   follows (a plain WARC, plain bytes after the members), framed record by record (warc-plain.ts);
 * - a member holding one record over the limit: streamed past with only its head kept;
 * - a damaged member: reported and skipped to the next record's member;
 * - anything else (several records in one member, a cut member): warcio.js reads the stream from
 *   there to the end, so every such case is found and reported as before.
 * See docs/hostile-input.md.
 */
export async function* readWarc(
  path: string,
  size: number,
  ctx: ReaderContext,
  gzipped?: boolean,
): AsyncIterable<Doc> {
  gzipped ??= await looksGzipped(path);
  let from = 0;
  for (;;) {
    const resumeAt = yield* readMembers(path, from, ctx);
    if (resumeAt === undefined) return;
    if (!(await isGzipAt(path, resumeAt))) {
      const member = gzipped ? await skipNonMember(path, resumeAt, size, ctx) : undefined;
      if (member !== undefined) {
        from = member;
        continue;
      }
      // A plain WARC, or plain bytes after the members: framed record by record, resynchronizing.
      yield* readPlainWarc(path, size, resumeAt, ctx);
      return;
    }
    const past = await skipLargeMember(path, resumeAt, ctx);
    if (past !== undefined) {
      if (past >= size) return;
      from = past;
      continue;
    }
    if (!(await isDamagedMember(path, resumeAt, size))) {
      yield* readWarcStream(path, size, resumeAt, ctx);
      return;
    }
    // A damaged member (a flipped byte, a bad splice): skip to the next member that starts a WARC
    // record and read on, rather than lose the rest of the file.
    const next = await skipDamagedMember(path, resumeAt, size, ctx);
    if (next === undefined) return;
    from = next;
  }
}

/**
 * The documents of the one-record members from `from` on; returns where the splitter stopped (a
 * member it could not take as one whole record), or undefined at the end of the file.
 */
async function* readMembers(
  path: string,
  from: number,
  ctx: ReaderContext,
): AsyncGenerator<Doc, number | undefined> {
  const members = gzipMembers(fileChunks(path, ctx, from), ctx.maxRecordBytes + MEMBER_HEADROOM_BYTES);
  try {
    for (;;) {
      const next = await members.next();
      if (next.done) return next.value === undefined ? undefined : from + next.value;
      const member = { ...next.value, offset: from + next.value.offset };
      const doc = await memberToDoc(member, path, ctx);
      if (doc === 'not_one_record') return member.offset;
      if (doc) yield doc;
    }
  } finally {
    await members.return(undefined);
  }
}

/** A member may hold this much of WARC and HTTP headers beyond the record limit before the splitter gives up on it. */
const MEMBER_HEADROOM_BYTES = 1024 * 1024;

/** What ends a record inside its gzip member: the blank line the standard asks for (or LF-only). */
function endsRecord(rest: Uint8Array): boolean {
  if (rest.byteLength === 4) return rest[0] === 13 && rest[1] === 10 && rest[2] === 13 && rest[3] === 10;
  return rest.byteLength === 2 && rest[0] === 10 && rest[1] === 10;
}

/**
 * The Doc of a gzip member holding exactly one complete WARC record (undefined when the record is
 * not a document, after telling `ctx`), or `not_one_record` (with nothing told) when the member
 * holds anything else, for the stream reader to deal with.
 */
async function memberToDoc(
  member: GzipMember,
  path: string,
  ctx: ReaderContext,
): Promise<Doc | undefined | 'not_one_record'> {
  const parser = new WARCParser(new AsyncIterReader([member.data], null));
  let record: WARCRecord | null;
  try {
    record = await parser.parse();
  } catch {
    return 'not_one_record';
  }
  if (!record) return 'not_one_record';
  const end = parser._warcHeadersLength + record.warcContentLength;
  if (end > member.data.byteLength && (await isGzipRecordAt(path, member.offset + member.length))) {
    // The declared length runs past the member, and the next member starts a record of its own: the
    // length is wrong (a record spread over several members has no record head in the next one).
    ctx.problem({
      code: 'content_length_mismatch',
      message: `record declares ${record.warcContentLength} bytes of content, but its gzip member ends ${end - member.data.byteLength} bytes short of them and the next member starts another record; skipped`,
      path,
      offset: member.offset,
    });
    return undefined;
  }
  if (end > member.data.byteLength || !endsRecord(member.data.subarray(end))) return 'not_one_record';
  const doc = await recordToDoc(record, path, member.offset, ctx);
  if (doc === 'truncated') return 'not_one_record';
  if (doc) doc.provenance.recordLength = member.length;
  return doc;
}

/**
 * Reads the file from `start` (0, or a gzip member boundary) to its end as one stream with
 * warcio.js, reporting what it cannot read: records sharing a gzip member, a cut member or record,
 * bytes after the last record.
 */
export async function* readWarcStream(
  path: string,
  size: number,
  start: number,
  ctx: ReaderContext,
): AsyncIterable<Doc> {
  const parser = new WARCParser(fileChunks(path, ctx, start));
  const iterator = parser[Symbol.asyncIterator]();
  let pending: Pending | undefined;
  let previousOffset = -1;
  let sharedMemberReported = false;
  let truncatedAt: number | undefined;

  for (;;) {
    const next = await withWarcioWarnings(path, start, ctx, () => iterator.next());
    if (next.done) break;
    const record = next.value;
    const offset = start + parser.offset;
    if (pending) yield finish(pending, offset);
    pending = undefined;

    if (offset === previousOffset && parser._reader.compressed && !sharedMemberReported) {
      sharedMemberReported = true;
      ctx.problem({
        code: 'gzip_not_per_record',
        message: 'records are not gzipped one per member; offsets point at the shared gzip member',
        path,
        offset,
      });
    }
    previousOffset = offset;

    const doc = await withWarcioWarnings(path, start, ctx, () => recordToDoc(record, path, offset, ctx));
    if (doc === 'truncated') {
      truncatedAt = offset;
    } else if (doc) {
      pending = { doc, offset };
    }
    // A record left unread (too large, not a page) is skipped here, where the end of the file ends it.
    if ((await skipUnread(record)) === 'truncated') {
      truncatedAt = offset;
      break;
    }
  }

  const reader = parser._reader;
  const endOffset = start + (reader.compressed ? reader.getRawOffset() : reader.getReadOffset());
  const memberOpen = reader.compressed !== null && reader.inflator !== null && !reader.inflator.ended;
  if (memberOpen || truncatedAt !== undefined) {
    const at = truncatedAt ?? start + parser.offset;
    ctx.problem({
      code: memberOpen ? 'truncated_gzip_member' : 'truncated_record',
      message: memberOpen
        ? `file ends inside the gzip member at offset ${at}; the record there is incomplete and was skipped`
        : `record at offset ${at} ends before its Content-Length; skipped`,
      path,
      offset: at,
    });
  } else {
    // warcio stops at the first thing it cannot parse as a record header, silently: look for leftovers.
    const stoppedAt = endOffset;
    const leftover = await reader.readSize(TRAILER_PEEK);
    if (leftover.some((b) => b !== 0x0d && b !== 0x0a && b !== 0x20 && b !== 0x00)) {
      const rest = leftover.byteLength + (await reader.skipSize(-1));
      ctx.problem({
        code: 'unparsed_trailing_data',
        message: `${rest} bytes (decompressed) after the last readable record could not be parsed as WARC`,
        path,
        offset: stoppedAt,
      });
    }
  }
  if (pending) yield finish(pending, Math.min(endOffset, size));
}

function finish(pending: Pending, nextOffset: number): Doc {
  const provenance = pending.doc.provenance;
  if (nextOffset > pending.offset) {
    provenance.recordLength = nextOffset - pending.offset;
  } else {
    // Several records in one gzip member: the record's own bytes cannot be addressed.
    delete provenance.recordOffset;
    delete provenance.recordLength;
  }
  return pending.doc;
}
