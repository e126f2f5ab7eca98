/** How far into a document markup is looked for. */
const HTML_SNIFF_CHARS = 2048;

/**
 * True when text (or bytes, read as Latin-1) starts like an HTML document, after a BOM and
 * whitespace: a doctype, an `<html>`, `<head>`, `<body>`, `<meta>` or `<title>` tag or a comment, or
 * an `<html>` tag early on. Used for payloads without a media type and for files whose name says nothing.
 */
export function looksLikeHtml(input: Uint8Array | string): boolean {
  const text =
    typeof input === 'string'
      ? input.slice(0, HTML_SNIFF_CHARS)
      : Buffer.from(input.buffer, input.byteOffset, Math.min(input.byteLength, HTML_SNIFF_CHARS)).toString(
          'latin1',
        );
  const trimmed = text.replace(/^(\u00ef\u00bb\u00bf|\ufeff)/, '').trimStart();
  return /^<(!doctype html|html|head|body|!--|meta|title)/i.test(trimmed) || /<html[\s>]/i.test(trimmed);
}
