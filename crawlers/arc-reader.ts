import { AsyncIterReader } from 'warcio';
import type { Doc } from '../db/types.js';
import { readPlainArc } from './arc-plain.js';
import {
  arcRecordToDoc,
  filedescVersion,
  lineAt,
  MAX_HEADER_LINE,
  parseArcHeader,
  startsArc,
  type ArcVersion,
} from './arc-record.js';
import { fileChunks } from './byte-source.js';
import { gzipMembers, type GzipMember } from './gzip-members.js';
import { isDamagedMember, isGzipAt, looksGzipped, skipNonMember, skipDamagedMember } from './gzip-resync.js';
import type { ReaderContext } from './reader-context.js';

/** A member may hold this much beyond the record limit (its header line) before the splitter gives up on it. */
const MEMBER_HEADROOM_BYTES = 64 * 1024;

/**
 * Reads ARC files (v1 and v2, plain or gzip), the format the Internet Archive wrote before WARC;
 * warcio.js does not parse ARC, so this reader does. A plain file is framed record by record
 * (arc-plain.ts). An `.arc.gz` written one record per gzip member is read member by member, and a
 * damaged member is reported and skipped to the next member that starts a record; from a member
 * that is not one whole record (a whole file in one member, a member over the limit) on, the file
 * is read as one decompressed stream.
 */
export async function* readArc(
  path: string,
  size: number,
  ctx: ReaderContext,
  gzipped?: boolean,
): AsyncIterable<Doc> {
  gzipped ??= await looksGzipped(path);
  const state = { version: 1 as ArcVersion, first: true };
  let from = 0;
  for (;;) {
    const members = gzipMembers(fileChunks(path, ctx, from), ctx.maxRecordBytes + MEMBER_HEADROOM_BYTES);
    let resumeAt: number | undefined;
    try {
      for (;;) {
        const next = await members.next();
        if (next.done) {
          resumeAt = next.value === undefined ? undefined : from + next.value;
          break;
        }
        const member = { ...next.value, offset: from + next.value.offset };
        const doc = memberToDoc(member, path, state, ctx);
        if (doc === 'not_one_record') {
          resumeAt = member.offset;
          break;
        }
        if (doc) yield doc;
      }
    } finally {
      await members.return(undefined);
    }
    if (resumeAt === undefined) return;
    if (!(await isGzipAt(path, resumeAt))) {
      const member = gzipped ? await skipNonMember(path, resumeAt, size, ctx, startsArc) : undefined;
      if (member !== undefined) {
        from = member;
        continue;
      }
      yield* readPlainArc(path, size, resumeAt, ctx);
      return;
    }
    if (!(await isDamagedMember(path, resumeAt, size))) {
      yield* readArcStream(path, resumeAt, state, ctx);
      return;
    }
    const next = await skipDamagedMember(path, resumeAt, size, ctx, startsArc);
    if (next === undefined) return;
    from = next;
    state.first = false;
  }
}

/** The Doc of a member holding one whole ARC record; `not_one_record` (nothing told) for anything else. */
function memberToDoc(
  member: GzipMember,
  path: string,
  state: { version: ArcVersion; first: boolean },
  ctx: ReaderContext,
): Doc | undefined | 'not_one_record' {
  const found = lineAt(member.data, 0);
  const header = found && parseArcHeader(found.line, state.version);
  if (!found || !header) return 'not_one_record';
  const end = found.next + header.length;
  if (end > member.data.length || !member.data.subarray(end).every((b) => b === 0x0a || b === 0x0d)) {
    return 'not_one_record';
  }
  const body = member.data.subarray(found.next, end);
  const first = state.first;
  state.first = false;
  if (first && header.url.startsWith('filedesc:')) {
    state.version = filedescVersion(body);
    ctx.skip('non_content_record');
    return undefined;
  }
  return arcRecordToDoc(header, body, { path, offset: member.offset, length: member.length }, ctx);
}

/**
 * Reads from `start` (0, or a member boundary) to the end as one decompressed stream, on warcio's
 * reader. A bad header is reported once; the reader then skips ahead to the next line that parses
 * as a header. Records over the limit are streamed past, never held.
 */
async function* readArcStream(
  path: string,
  start: number,
  state: { version: ArcVersion; first: boolean },
  ctx: ReaderContext,
): AsyncIterable<Doc> {
  const reader = new AsyncIterReader(fileChunks(path, ctx, start), 'gzip');
  const decoder = new TextDecoder('latin1');
  let resyncing = false;

  for (;;) {
    const offset = start + (reader.compressed ? reader.getRawOffset() : reader.getReadOffset());
    const raw = await reader.readlineRaw(MAX_HEADER_LINE);
    if (!raw) break;
    const line = decoder.decode(raw).trim();
    if (!line) continue;
    const header = parseArcHeader(line, state.version);
    if (!header) {
      // Report every line that starts like a header; skip body lines of a record we could not frame.
      if (!resyncing || /^(\S+:\/\/|filedesc:)/.test(line)) {
        ctx.problem({
          code: 'bad_arc_header',
          message: `not a valid ARC record header: ${line.slice(0, 120)}`,
          path,
          offset,
        });
      }
      resyncing = true;
      state.first = false;
      continue;
    }
    resyncing = false;
    if (header.length > ctx.maxRecordBytes) {
      // Streamed past, never held: a record over the limit costs no memory.
      const skipped = await reader.skipSize(header.length);
      ctx.problem(
        skipped < header.length
          ? {
              code: 'truncated_record',
              message: `ARC record over the limit ends after ${skipped} of ${header.length} bytes; skipped`,
              path,
              offset,
            }
          : {
              code: 'record_too_large',
              message: `record of ${header.length} bytes exceeds the ${ctx.maxRecordBytes}-byte limit; skipped unread`,
              path,
              offset,
            },
      );
      if (skipped < header.length) break;
      state.first = false;
      continue;
    }
    const body = await reader.readSize(header.length);
    if (body.byteLength < header.length) {
      ctx.problem({
        code: 'truncated_record',
        message: `ARC record ends after ${body.byteLength} of ${header.length} bytes; skipped`,
        path,
        offset,
      });
      break;
    }
    const first = state.first;
    state.first = false;
    if (first && header.url.startsWith('filedesc:')) {
      state.version = filedescVersion(body);
      ctx.skip('non_content_record');
      continue;
    }
    const end = start + (reader.compressed ? reader.getRawOffset() : reader.getReadOffset());
    const doc = arcRecordToDoc(header, body, { path, offset, length: end - offset }, ctx);
    if (doc) yield doc;
  }
  if (reader.compressed && reader.inflator && !reader.inflator.ended) {
    ctx.problem({
      code: 'truncated_gzip_member',
      message: 'file ends inside a gzip member',
      path,
      offset: start + reader.getRawOffset(),
    });
  }
}
