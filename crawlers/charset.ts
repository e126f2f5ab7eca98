import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { CharsetInfo } from '../db/types.js';

/** How far into a document the `<meta charset>` prescan looks (the HTML standard says 1024 bytes). */
const META_PRESCAN_BYTES = 1024;

/**
 * Share of U+FFFD above which a document declared as UTF-8 is taken to be something else
 * (legacy pages often declare UTF-8 and are windows-1252). Below it, the few bad bytes are replaced.
 */
const MAX_REPLACEMENT_SHARE = 0.01;

const META_CHARSET = /<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.()-]+)/i;
const HEADER_CHARSET = /charset\s*=\s*["']?\s*([a-z0-9_:.()-]+)/i;

/**
 * What browsers do with labels (the WHATWG Encoding standard): Latin-1 and ASCII pages are decoded
 * as windows-1252, GB2312 and GBK as their superset GB18030.
 */
const WHATWG_ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1252: 'windows-1252',
  cp819: 'windows-1252',
  ibm819: 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'x-sjis': 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  ms_kanji: 'shift_jis',
  'x-euc-jp': 'euc-jp',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/**
 * The canonical name of a charset label, or undefined when it names no encoding we can decode.
 * Decoding goes through iconv-lite: Node 20's TextDecoder decodes windows-1252's 0x80-0x9F as
 * control characters instead of the quotes, dashes and euro sign they are.
 */
function canonicalCharset(label: string): string | undefined {
  const key = label.trim().toLowerCase();
  const name = WHATWG_ALIASES[key] ?? key;
  return name === 'utf-8' || iconv.encodingExists(name) ? name : undefined;
}

function decodeAs(name: string, bytes: Uint8Array): string {
  return name === 'utf-8'
    ? decodeUtf8(bytes)
    : iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
}

export interface DecodeResult {
  text: string;
  charset: CharsetInfo;
  /** Set when bytes were invalid for the encoding used: how many characters were replaced. */
  replaced?: number;
  /** A declared charset that is not a known encoding label. */
  unknownLabel?: string;
}

export interface DecodeOptions {
  /** The HTTP `Content-Type` header value, if any. */
  contentType?: string | undefined;
  /** Look for `<meta charset>` in the first bytes. @default true */
  html?: boolean;
}

/** The encoding a byte order mark at the start of `bytes` names, and the mark's length. */
export function bomEncoding(bytes: Uint8Array): { label: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { label: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { label: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { label: 'utf-16be', length: 2 };
  return undefined;
}

function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, META_PRESCAN_BYTES));
  return META_CHARSET.exec(head.toString('latin1'))?.[1];
}

function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/**
 * Decodes a page's bytes the way browsers do: a byte-order mark wins, then the HTTP header's
 * charset, then `<meta charset>`, then UTF-8 if the bytes are valid UTF-8, else windows-1252.
 * Declared UTF-8 that is badly invalid falls back to windows-1252 and says so (`source: 'fallback'`).
 */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const bom = bomEncoding(bytes);
  if (bom) {
    return {
      text: decodeAs(bom.label, bytes.subarray(bom.length)),
      charset: { name: bom.label, source: 'bom' },
    };
  }
  let unknownLabel: string | undefined;
  const candidates: [string | undefined, CharsetInfo['source']][] = [
    [options.contentType ? HEADER_CHARSET.exec(options.contentType)?.[1] : undefined, 'header'],
    [options.html !== false ? metaCharset(bytes) : undefined, 'meta'],
  ];
  for (const [label, source] of candidates) {
    if (!label) continue;
    const name = canonicalCharset(label);
    if (!name) {
      unknownLabel ??= label;
      continue;
    }
    const result = decodeWith(name, bytes, source);
    return unknownLabel ? { ...result, unknownLabel } : result;
  }
  const result = isUtf8(bytes)
    ? { text: decodeUtf8(bytes), charset: { name: 'utf-8', source: 'sniff' as const } }
    : {
        text: decodeAs('windows-1252', bytes),
        charset: { name: 'windows-1252', source: 'sniff' as const },
      };
  return unknownLabel ? { ...result, unknownLabel } : result;
}

function decodeWith(name: string, bytes: Uint8Array, source: CharsetInfo['source']): DecodeResult {
  if (name !== 'utf-8') return { text: decodeAs(name, bytes), charset: { name, source } };
  if (isUtf8(bytes)) return { text: decodeUtf8(bytes), charset: { name, source } };
  const text = decodeUtf8(bytes);
  const replaced = countReplacements(text);
  if (replaced <= text.length * MAX_REPLACEMENT_SHARE) return { text, charset: { name, source }, replaced };
  return {
    text: decodeAs('windows-1252', bytes),
    charset: { name: 'windows-1252', source: 'fallback' },
    replaced,
  };
}
