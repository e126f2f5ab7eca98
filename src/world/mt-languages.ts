/**
 * The languages the demo world's machine translation reaches, with the Apertium mode chain that
 * produces each from English (Apertium has direct English pairs only to Spanish and Esperanto, so
 * the others chain through Spanish, as MT content farms that pivot through one language do).
 */
export interface MtLanguage {
  /** ISO 639-3, as franc and the labels write it. */
  code: string;
  /** BCP 47, for `lang` and `hreflang` attributes and URL folders. */
  tag: string;
  /** Apertium modes applied in order, starting from English. */
  chain: readonly string[];
}

export const MT_LANGUAGES: readonly MtLanguage[] = [
  { code: 'spa', tag: 'es', chain: ['eng-spa'] },
  { code: 'cat', tag: 'ca', chain: ['eng-spa', 'spa-cat'] },
  { code: 'por', tag: 'pt', chain: ['eng-spa', 'es-pt'] },
  { code: 'glg', tag: 'gl', chain: ['eng-spa', 'es-gl'] },
  { code: 'ita', tag: 'it', chain: ['eng-spa', 'spa-ita'] },
  { code: 'fra', tag: 'fr', chain: ['eng-spa', 'es-fr'] },
  { code: 'epo', tag: 'eo', chain: ['en-eo'] },
];

/** Every third Brown file, in the corpus's order: the English originals the MT farms translate. */
export function isMtSource(index: number): boolean {
  return index % 3 === 0;
}
