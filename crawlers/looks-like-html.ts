import { bomEncoding, decodeBytes } from './charset.js';

/** How far into a document markup is looked for. */
const HTML_SNIFF_CHARS = 2048;

/** Whether bytes start with a UTF-16 byte order mark (either byte order). */
export function isUtf16(bytes: Uint8Array): boolean {
  return bomEncoding(bytes)?.label.startsWith('utf-16') === true;
}

/**
 * True when text (or bytes: Latin-1, or UTF-16 after a byte order mark) starts like an HTML
 * document, after a BOM and whitespace: a doctype, an `<html>`, `<head>`, `<body>`, `<meta>` or
 * `<title>` tag or a comment, or an `<html>` tag early on. Used for payloads without a media type and
 * for files whose name says nothing.
 */
export function looksLikeHtml(input: Uint8Array | string): boolean {
  let text: string;
  if (typeof input === 'string') text = input.slice(0, HTML_SNIFF_CHARS);
  else if (isUtf16(input)) text = decodeBytes(input.subarray(0, 2 + 2 * HTML_SNIFF_CHARS)).text;
  // Latin-1: every byte one character, so ASCII markup shows through whatever the charset.
  else
    text = Buffer.from(input.buffer, input.byteOffset, Math.min(input.byteLength, HTML_SNIFF_CHARS)).toString(
      'latin1',
    );
  const trimmed = text.replace(/^(\u00ef\u00bb\u00bf|\ufeff)/, '').trimStart();
  return /^<(!doctype html|html|head|body|!--|meta|title)/i.test(trimmed) || /<html[\s>]/i.test(trimmed);
}
