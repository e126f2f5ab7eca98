import { IntTable } from './int-table.js';
import { SCRIPTS, scriptModels, scriptTables, trigramKey, type ScriptModel } from './franc-tables.js';

/**
 * franc's language identification, computed faster over franc's own models and scripts.
 *
 * franc scores a sample against every language of its script: for each unique trigram of the
 * sample it looks the trigram up in each language's model (a 300-entry object) and adds
 * |count - rank - 1|, or 300 when the model lacks it. Summed per language, that distance equals
 * 300 * T + sum over the (trigram, language) pairs that exist of (|count - rank - 1| - 300), with T
 * the number of unique trigrams. An inverted index (trigram -> the languages that have it, with
 * their ranks) visits only the pairs that exist. The arithmetic, ordering and normalisation are franc's
 * (6.2.0), so results are identical to `francAll` (a test holds it to that), several times faster.
 */

/* franc's constants: sample length cap, default minimum length, penalty for a missing trigram. */
const MAX_LENGTH = 2048;
const MIN_LENGTH = 10;
const MAX_DIFFERENCE = 300;

export type Ranked = [lang: string, score: number][];

/** Whether text has characters outside the BMP (surrogate pairs), which the script table cannot see. */
const ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/** The script with the most characters in `value` (first wins ties) and its share, as franc picks it. */
function topScript(value: string): [string | undefined, number] {
  const counts = new Float64Array(SCRIPTS.length);
  if (ASTRAL.test(value)) {
    SCRIPTS.forEach(([, re], i) => (counts[i] = value.match(re)?.length ?? 0));
  } else {
    const { single, several } = scriptTables();
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      const one = single[code]!;
      if (one !== 0) counts[one - 1]!++;
      else if (several.size > 0) for (const s of several.get(code) ?? []) counts[s]!++;
    }
  }
  let top: string | undefined;
  let topCount = -1;
  SCRIPTS.forEach(([script], i) => {
    const share = counts[i]! / value.length || 0;
    if (share > topCount) {
      topCount = share;
      top = script;
    }
  });
  return [top, topCount];
}

/** Reused between calls: language ID runs once per sentence, and allocation would dominate. */
const counts = new IntTable(4096);

/**
 * trigram-utils' `clean` (ASCII punctuation and digits become spaces, whitespace collapsed, lower
 * case), then the sample's trigram counts into `counts`, keyed in the model's alphabet. Returns the
 * number of distinct trigrams, including those with characters no model has (each costs franc's
 * full penalty).
 */
function countTrigrams(value: string, model: ScriptModel): number {
  const cleaned = value
    .replace(/[\u0021-\u0040]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  const padded = ` ${cleaned} `;
  const { alphabet, radix } = model;
  counts.clear();
  let foreign: Set<string> | undefined;
  for (let i = 0; i + 3 <= padded.length; i++) {
    const a = padded.charCodeAt(i);
    const b = padded.charCodeAt(i + 1);
    const c = padded.charCodeAt(i + 2);
    if (alphabet[a] === 0 || alphabet[b] === 0 || alphabet[c] === 0) {
      (foreign ??= new Set()).add(padded.slice(i, i + 3));
      continue;
    }
    counts.add(trigramKey(alphabet, radix, a, b, c), 1);
  }
  return counts.size + (foreign?.size ?? 0);
}

const UND: Ranked = [['und', 1]];

export interface RankOptions {
  /** Languages to consider (ISO 639-3); all of the script's when empty or absent. */
  only?: ReadonlySet<string>;
  /** @default 10 */
  minLength?: number;
}

/** franc's `francAll`: languages ranked best first, scores normalised so the best is 1. */
export function rankLanguages(input: string, options: RankOptions = {}): Ranked {
  const minLength = options.minLength ?? MIN_LENGTH;
  if (!input || input.length < minLength) return UND;
  const value = input.slice(0, MAX_LENGTH);
  const [script, share] = topScript(value);
  const only = options.only && options.only.size > 0 ? options.only : undefined;
  const model = script === undefined ? undefined : scriptModels().get(script);
  if (!model) {
    if (!script || share === 0 || (only && !only.has(script))) return UND;
    return [[script, 1]];
  }

  const unique = countTrigrams(value, model);
  const n = model.langs.length;
  const acc = new Float64Array(n);
  const { rows, sparse, sparseStart } = model;
  counts.forEach((key, count) => {
    const row = rows.get(key);
    if (row < 0) return;
    for (let i = sparseStart[row]!, end = sparseStart[row + 1]!; i < end; i += 2) {
      let difference = count - sparse[i + 1]! - 1;
      if (difference < 0) difference = -difference;
      acc[sparse[i]!]! += difference - MAX_DIFFERENCE;
    }
  });

  const base = MAX_DIFFERENCE * unique;
  const distances: Ranked = [];
  model.langs.forEach((lang, li) => {
    if (!only || only.has(lang)) distances.push([lang, base + acc[li]!]);
  });
  if (distances.length === 0) return UND;
  // Array.prototype.sort is stable: ties keep franc's language order.
  distances.sort((a, b) => a[1] - b[1]);
  const min = distances[0]![1];
  const max = value.length * MAX_DIFFERENCE - min;
  for (const d of distances) d[1] = 1 - (d[1] - min) / max || 0;
  return distances;
}
