/**
 * Reads a GNU gettext `.mo` file: a header with the number of messages and the offsets of two
 * tables of (length, offset) pairs, one for the original strings and one for the translations.
 * Plural forms are NUL-separated (the first of each is kept); a message context precedes the
 * original, separated by EOT.
 */

export interface MoEntry {
  msgid: string;
  msgstr: string;
}

const MAGIC = 0x950412de;

export function parseMo(bytes: Buffer): MoEntry[] {
  if (bytes.length < 28) throw new Error('not a .mo file: shorter than its header');
  const little = bytes.readUInt32LE(0) === MAGIC;
  if (!little && bytes.readUInt32BE(0) !== MAGIC) throw new Error('not a .mo file: wrong magic number');
  const u32 = (at: number): number => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const count = u32(8);
  const originals = u32(12);
  const translations = u32(16);
  const string = (table: number, i: number): string => {
    const length = u32(table + 8 * i);
    const offset = u32(table + 8 * i + 4);
    if (offset + length > bytes.length) throw new Error(`.mo string ${i} runs past the end of the file`);
    return bytes.toString('utf8', offset, offset + length);
  };
  const out: MoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const original = string(originals, i);
    const msgid = (original.split('\u0004').at(-1) ?? '').split('\u0000')[0]!;
    const msgstr = string(translations, i).split('\u0000')[0]!;
    out.push({ msgid, msgstr });
  }
  return out;
}
