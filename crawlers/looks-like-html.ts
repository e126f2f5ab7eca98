/** How far into a document markup is looked for. */
const HTML_SNIFF_CHARS = 2048;

/** Whether bytes start with a UTF-16 byte order mark, and which: `le`, `be`, or undefined. */
export function utf16Bom(bytes: Uint8Array): 'le' | 'be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'be';
  return undefined;
}

/**
 * The start of some bytes as text to look at: UTF-16 after its byte order mark, anything else as
 * Latin-1 (every byte one character, so ASCII markup shows through whatever the charset).
 */
export function headText(bytes: Uint8Array, maxChars: number): string {
  const bom = utf16Bom(bytes);
  if (bom === undefined) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, maxChars)).toString(
      'latin1',
    );
  }
  // Whole code units only (swap16 needs an even length); a copy, so swapping leaves the input alone.
  const length = Math.min(bytes.byteLength - 2, 2 * maxChars) & ~1;
  const units = Buffer.from(bytes.subarray(2, 2 + length));
  if (bom === 'be') units.swap16();
  return units.toString('utf16le');
}

/**
 * True when text (or bytes: Latin-1, or UTF-16 after a byte order mark) starts like an HTML
 * document, after a BOM and whitespace: a doctype, an `<html>`, `<head>`, `<body>`, `<meta>` or
 * `<title>` tag or a comment, or an `<html>` tag early on. Used for payloads without a media type and
 * for files whose name says nothing.
 */
export function looksLikeHtml(input: Uint8Array | string): boolean {
  const text =
    typeof input === 'string' ? input.slice(0, HTML_SNIFF_CHARS) : headText(input, HTML_SNIFF_CHARS);
  const trimmed = text.replace(/^(\u00ef\u00bb\u00bf|\ufeff)/, '').trimStart();
  return /^<(!doctype html|html|head|body|!--|meta|title)/i.test(trimmed) || /<html[\s>]/i.test(trimmed);
}
