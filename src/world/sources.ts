import { hashSeed } from '../../db/random.js';
import { brownCatalogue, readBrownText } from './brown.js';
import { readMtFile } from './mt-data.js';
import { MT_LANGUAGES, isMtSource } from './mt-languages.js';

/**
 * The text units pages are made of: windows of consecutive paragraphs of one Brown file. The
 * machine-translated ones come from MT-source files, whose paragraphs exist in every MT language
 * (aligned one to one), so a window's translations are the same window in each language.
 */

/** Paragraphs per article: about 400 words of Brown prose. */
export const WINDOW = 8;

export interface TextUnit {
  /** Brown file id. */
  file: string;
  genre: string;
  /** Paragraph range [start, end). */
  start: number;
  end: number;
}

/** `brown:<file>`: the source document, which decides the train/test split. */
export function sourceDocOf(unit: TextUnit): string {
  return `brown:${unit.file}`;
}

/** `brown:<file>#<start>-<end>`: the exact source text of a page. */
export function sourceOf(unit: TextUnit): string {
  return `brown:${unit.file}#${unit.start}-${unit.end}`;
}

/**
 * The fixed train/test split, by source document: one fifth of documents are test. It depends on
 * the document id only, not on the world's seed or size, so every world and every detector agree.
 */
export function splitOf(sourceDoc: string): 'train' | 'test' {
  return hashSeed('split', sourceDoc) % 5 === 0 ? 'test' : 'train';
}

/**
 * The UDHR is one source document in every language, so splitting it as a whole would leave the
 * test split without human translations. Its sections are split instead: the page that ends the
 * declaration (when it does not also start it) is test, in every language, so a page and its
 * translations always share a split. Which sections that page holds depends on the world's size:
 * train and evaluate on worlds of one size.
 */
export function udhrSplitOf(first: number, last: number, sections: number): 'train' | 'test' {
  return first > 0 && last === sections - 1 ? 'test' : 'train';
}

let units: { human: TextUnit[]; mt: TextUnit[] } | undefined;

/** Every window of every Brown file, split into human-site units and MT-source units. */
export function textUnits(): { human: TextUnit[]; mt: TextUnit[] } {
  if (units) return units;
  const human: TextUnit[] = [];
  const mt: TextUnit[] = [];
  brownCatalogue().forEach(({ id, genre }, index) => {
    const count = paragraphsOf(id, genre).length;
    const out = isMtSource(index) ? mt : human;
    for (let start = 0; start < count; start += WINDOW) {
      // A short last window joins the one before it.
      if (count - start < WINDOW + WINDOW / 2) {
        out.push({ file: id, genre, start, end: count });
        break;
      }
      out.push({ file: id, genre, start, end: start + WINDOW });
    }
  });
  units = { human, mt };
  return units;
}

const englishCache = new Map<string, string[]>();

/** A Brown file's paragraphs as plain text (sentences joined by spaces). */
export function paragraphsOf(file: string, genre: string): string[] {
  let paragraphs = englishCache.get(file);
  if (!paragraphs) {
    paragraphs = readBrownText(file, genre).paragraphs.map((p) => p.join(' '));
    englishCache.set(file, paragraphs);
  }
  return paragraphs;
}

/** A unit's paragraphs in English (`eng`) or one of the MT languages. */
export function unitText(unit: TextUnit, language: string): string[] {
  if (language === 'eng') return paragraphsOf(unit.file, unit.genre).slice(unit.start, unit.end);
  if (!MT_LANGUAGES.some((l) => l.code === language)) {
    throw new Error(`no translations into ${language}`);
  }
  const article = readMtFile(language).articles[unit.file];
  if (!article) throw new Error(`no ${language} translation of Brown ${unit.file}`);
  return article.slice(unit.start, unit.end);
}

/** A title from the first words of the first paragraph. */
export function titleOf(paragraphs: readonly string[], words = 9): string {
  const first = (paragraphs[0] ?? '').split(/\s+/);
  const title = first
    .slice(0, words)
    .join(' ')
    .replace(/[,;:."'(]+$/, '');
  return first.length > words ? `${title}...` : title;
}

/** A URL slug of a title: lowercase ASCII words joined by hyphens. */
export function slugOf(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'article'
  );
}
