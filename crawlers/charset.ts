import { isUtf8 } from 'node:buffer';
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

const decoders = new Map<string, TextDecoder | null>();

/** A cached TextDecoder for a WHATWG label, or null when Node's ICU does not know the label. */
function decoderFor(label: string): TextDecoder | null {
  const key = label.toLowerCase();
  let decoder = decoders.get(key);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(key);
    } catch {
      decoder = null;
    }
    decoders.set(key, decoder);
  }
  return decoder;
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

function bomEncoding(bytes: Uint8Array): { label: string; length: number } | undefined {
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
      text: decoderFor(bom.label)!.decode(bytes.subarray(bom.length)),
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
    const decoder = decoderFor(label);
    if (!decoder) {
      unknownLabel ??= label;
      continue;
    }
    const result = decodeWith(decoder, bytes, source);
    return unknownLabel ? { ...result, unknownLabel } : result;
  }
  const result = isUtf8(bytes)
    ? { text: decodeUtf8(bytes), charset: { name: 'utf-8', source: 'sniff' as const } }
    : {
        text: decoderFor('windows-1252')!.decode(bytes),
        charset: { name: 'windows-1252', source: 'sniff' as const },
      };
  return unknownLabel ? { ...result, unknownLabel } : result;
}

function decodeWith(decoder: TextDecoder, bytes: Uint8Array, source: CharsetInfo['source']): DecodeResult {
  const name = decoder.encoding;
  if (name !== 'utf-8') return { text: decoder.decode(bytes), charset: { name, source } };
  if (isUtf8(bytes)) return { text: decodeUtf8(bytes), charset: { name, source } };
  const text = decodeUtf8(bytes);
  const replaced = countReplacements(text);
  if (replaced <= text.length * MAX_REPLACEMENT_SHARE) return { text, charset: { name, source }, replaced };
  return {
    text: decoderFor('windows-1252')!.decode(bytes),
    charset: { name: 'windows-1252', source: 'fallback' },
    replaced,
  };
}
