import { MT_LANGUAGES } from '../mt-languages.js';
import { sourceDocOf, sourceOf, splitOf, titleOf, unitText, type TextUnit } from '../sources.js';
import type { PageInfo } from '../types.js';

/** English plus the MT languages: the versions of every MT article. */
export const ARTICLE_LANGUAGES: readonly { code: string; tag: string }[] = [
  { code: 'eng', tag: 'en' },
  ...MT_LANGUAGES.map(({ code, tag }) => ({ code, tag })),
];

/** An article published in every language by MT farms and mirrors. */
export interface MtArticle {
  unit: TextUnit;
  /** Pages of the whole world that carry this text in some language. */
  groupSize: number;
  /** Languages among them. */
  groupLanguages: number;
}

export function articleText(article: MtArticle, language: string): { title: string; paragraphs: string[] } {
  const paragraphs = unitText(article.unit, language);
  return { title: titleOf(paragraphs), paragraphs };
}

/** The label of one language version of an MT article. */
export function articleInfo(article: MtArticle, language: string, path: string, traces: string[]): PageInfo {
  const sourceDoc = sourceDocOf(article.unit);
  return {
    path,
    pageType: 'article',
    origin: language === 'eng' ? 'human' : 'machine-translation',
    language,
    source: sourceOf(article.unit),
    sourceDoc,
    group: sourceOf(article.unit),
    groupSize: article.groupSize,
    groupLanguages: article.groupLanguages,
    split: splitOf(sourceDoc),
    hazards: [],
    traces,
  };
}
