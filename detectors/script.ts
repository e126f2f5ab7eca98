/**
 * The writing system of a text, as an ISO 15924 code, from the letters it contains. Language ID
 * records it beside the language (a page's script is evidence of its own: Serbian in Latin or
 * Cyrillic, Hindi and Urdu) and uses the letter count to refuse text with nothing to identify.
 */

/** Code point ranges of the scripts the web's languages are written in, sorted by start. */
const RANGES: readonly (readonly [start: number, end: number, script: string])[] = [
  [0x0041, 0x005a, 'Latn'],
  [0x0061, 0x007a, 'Latn'],
  [0x00c0, 0x024f, 'Latn'],
  [0x0370, 0x03ff, 'Grek'],
  [0x0400, 0x052f, 'Cyrl'],
  [0x0531, 0x058f, 'Armn'],
  [0x0590, 0x05ff, 'Hebr'],
  [0x0600, 0x06ff, 'Arab'],
  [0x0700, 0x074f, 'Syrc'],
  [0x0750, 0x077f, 'Arab'],
  [0x0780, 0x07bf, 'Thaa'],
  [0x0900, 0x097f, 'Deva'],
  [0x0980, 0x09ff, 'Beng'],
  [0x0a00, 0x0a7f, 'Guru'],
  [0x0a80, 0x0aff, 'Gujr'],
  [0x0b00, 0x0b7f, 'Orya'],
  [0x0b80, 0x0bff, 'Taml'],
  [0x0c00, 0x0c7f, 'Telu'],
  [0x0c80, 0x0cff, 'Knda'],
  [0x0d00, 0x0d7f, 'Mlym'],
  [0x0d80, 0x0dff, 'Sinh'],
  [0x0e00, 0x0e7f, 'Thai'],
  [0x0e80, 0x0eff, 'Laoo'],
  [0x0f00, 0x0fff, 'Tibt'],
  [0x1000, 0x109f, 'Mymr'],
  [0x10a0, 0x10ff, 'Geor'],
  [0x1100, 0x11ff, 'Hang'],
  [0x1200, 0x139f, 'Ethi'],
  [0x13a0, 0x13ff, 'Cher'],
  [0x1780, 0x17ff, 'Khmr'],
  [0x1800, 0x18af, 'Mong'],
  [0x1e00, 0x1eff, 'Latn'],
  [0x1f00, 0x1fff, 'Grek'],
  [0x2d00, 0x2d2f, 'Geor'],
  [0x2de0, 0x2dff, 'Cyrl'],
  [0x3040, 0x309f, 'Hira'],
  [0x30a0, 0x30ff, 'Kana'],
  [0x3130, 0x318f, 'Hang'],
  [0x3400, 0x4dbf, 'Hani'],
  [0x4e00, 0x9fff, 'Hani'],
  [0xa640, 0xa69f, 'Cyrl'],
  [0xa720, 0xa7ff, 'Latn'],
  [0xac00, 0xd7af, 'Hang'],
  [0xf900, 0xfaff, 'Hani'],
  [0xfb1d, 0xfb4f, 'Hebr'],
  [0xfb50, 0xfdff, 'Arab'],
  [0xfe70, 0xfeff, 'Arab'],
  [0xff21, 0xff3a, 'Latn'],
  [0xff41, 0xff5a, 'Latn'],
  [0xff66, 0xff9f, 'Kana'],
  [0x20000, 0x2ffff, 'Hani'],
];

function scriptOf(cp: number): string | undefined {
  let lo = 0;
  let hi = RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end, script] = RANGES[mid]!;
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return script;
  }
  return undefined;
}

export interface ScriptCount {
  /** ISO 15924 code of the script most letters are in (`Jpan`, `Kore` for the mixed writing of Japanese and Korean); `Zyyy` when there are no letters. */
  script: string;
  /** Letters in any script the table knows. */
  letters: number;
  /** Share of the letters in `script`, in [0, 1]. */
  share: number;
}

/** Counts the letters of `text` by script and names the main one. */
export function countScripts(text: string): ScriptCount {
  const counts = new Map<string, number>();
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    // Fast path for ASCII: most of the web's text.
    if (cp < 0x80) {
      if ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a) {
        letters++;
        counts.set('Latn', (counts.get('Latn') ?? 0) + 1);
      }
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i)!;
      i++;
    }
    const script = scriptOf(cp);
    if (!script) continue;
    letters++;
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  if (letters === 0) return { script: 'Zyyy', letters: 0, share: 0 };
  // Japanese writes kanji with kana, Korean hangul with some hanja: their mixture is one writing system.
  const kana = (counts.get('Hira') ?? 0) + (counts.get('Kana') ?? 0);
  const han = counts.get('Hani') ?? 0;
  const hangul = counts.get('Hang') ?? 0;
  if (kana > 0 && kana * 10 >= han) {
    counts.set('Jpan', kana + han);
    counts.delete('Hira');
    counts.delete('Kana');
    counts.delete('Hani');
  } else if (hangul > 0 && hangul >= han) {
    counts.set('Kore', hangul + han);
    counts.delete('Hang');
    counts.delete('Hani');
  }
  let best = 'Zyyy';
  let most = 0;
  for (const [script, n] of counts) {
    if (n > most) {
      best = script;
      most = n;
    }
  }
  return { script: best, letters, share: most / letters };
}
