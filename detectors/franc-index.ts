import { codeUnitTable } from './code-units.js';
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

/** Characters per script, reused between calls (zeroed each time). */
const scriptCounts = new Float64Array(SCRIPTS.length);

/** The script with the most characters in `value` (first wins ties) and its share, as franc picks it. */
function topScript(value: string): [string | undefined, number] {
  const counts = scriptCounts.fill(0);
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
 * The characters trigram-utils' `clean` turns into a space: ASCII punctuation and digits
 * (U+0021-U+0040) and whatever `\s` matches. Built from the regular expression itself, so the two
 * cannot disagree, on first use (it takes a few milliseconds).
 */
let separators: Uint8Array | undefined;

/**
 * trigram-utils' `clean` (ASCII punctuation and digits become spaces, whitespace collapsed, lower
 * case), then the sample's trigram counts into `counts`, keyed in the model's alphabet. Returns the
 * number of distinct trigrams, including those with characters no model has (each costs franc's
 * full penalty).
 *
 * One pass over the lower-cased sample, without building the cleaned and padded strings: the
 * characters franc would see (a space, the cleaned text, a space) are produced one at a time, and
 * each new one completes a trigram with the two before it. Lower-casing first is the same as last:
 * no separator has a case, and no letter lower-cases to a separator. Language ID runs once per
 * sentence, and those intermediate strings were most of its garbage.
 */
function countTrigrams(value: string, model: ScriptModel): number {
  const separator = (separators ??= codeUnitTable(/[\u0021-\u0040\s]/));
  const lower = value.toLowerCase();
  const { alphabet, radix } = model;
  counts.clear();
  let foreign: Set<string> | undefined;
  // The last two characters produced, franc's padding space first.
  let a = -1;
  let b = 32;
  let pendingSpace = false;
  let started = false;
  const emit = (c: number): void => {
    if (a >= 0) {
      if (alphabet[a] === 0 || alphabet[b] === 0 || alphabet[c] === 0) {
        (foreign ??= new Set()).add(String.fromCharCode(a, b, c));
      } else {
        counts.add(trigramKey(alphabet, radix, a, b, c), 1);
      }
    }
    a = b;
    b = c;
  };
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (separator[c] === 1) {
      // A run of separators is one space, and none before the first or after the last character.
      pendingSpace = started;
      continue;
    }
    if (pendingSpace) emit(32);
    pendingSpace = false;
    started = true;
    emit(c);
  }
  // The closing padding space (a trailing run of separators was trimmed away).
  emit(32);
  return counts.size + (foreign?.size ?? 0);
}

const UND: Ranked = [['und', 1]];

/**
 * Per-language sums, reused between calls (zeroed each time) like `counts`: every caller reads them
 * before the next sample is scored, and a fresh array per sentence was most of language ID's garbage.
 */
let scratchSums = new Float64Array(256);
function sums(languages: number): Float64Array {
  if (scratchSums.length < languages) scratchSums = new Float64Array(languages);
  return scratchSums.fill(0, 0, languages);
}

export interface RankOptions {
  /** Languages to consider (ISO 639-3); all of the script's when empty or absent. */
  only?: ReadonlySet<string>;
  /** @default 10 */
  minLength?: number;
}

/** A sample's summed distance to each language of its script, or franc's answer when it needs none. */
type Distances =
  | { ranked: Ranked }
  | {
      langs: readonly string[];
      acc: Float64Array;
      base: number;
      length: number;
      only: ReadonlySet<string> | undefined;
    };

function distances(input: string, options: RankOptions): Distances {
  const minLength = options.minLength ?? MIN_LENGTH;
  if (!input || input.length < minLength) return { ranked: UND };
  const value = input.slice(0, MAX_LENGTH);
  const [script, share] = topScript(value);
  const only = options.only && options.only.size > 0 ? options.only : undefined;
  const model = script === undefined ? undefined : scriptModels().get(script);
  if (!model) {
    if (!script || share === 0 || (only && !only.has(script))) return { ranked: UND };
    return { ranked: [[script, 1]] };
  }

  const unique = countTrigrams(value, model);
  const acc = sums(model.langs.length);
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
  return { langs: model.langs, acc, base: MAX_DIFFERENCE * unique, length: value.length, only };
}

/** franc's normalisation: the best language scores 1. */
function normalised(distance: number, min: number, length: number): number {
  return 1 - (distance - min) / (length * MAX_DIFFERENCE - min) || 0;
}

/** franc's `francAll`: languages ranked best first, scores normalised so the best is 1. */
export function rankLanguages(input: string, options: RankOptions = {}): Ranked {
  const d = distances(input, options);
  if ('ranked' in d) return d.ranked;
  const ranked: Ranked = [];
  d.langs.forEach((lang, li) => {
    if (!d.only || d.only.has(lang)) ranked.push([lang, d.base + d.acc[li]!]);
  });
  if (ranked.length === 0) return UND;
  // Array.prototype.sort is stable: ties keep franc's language order.
  ranked.sort((a, b) => a[1] - b[1]);
  const min = ranked[0]![1];
  for (const r of ranked) r[1] = normalised(r[1], min, d.length);
  return ranked;
}

/**
 * The head of `rankLanguages`' list without ranking every language: its first two entries, then
 * `prefer` with its score when it ranks lower (absent when the script has no such language). Same
 * order, ties and scores as the full list, with no per-language allocation or sort: language ID runs
 * once per sentence, and ranking ~190 languages to keep two was most of its time.
 */
export function topLanguages(input: string, options: RankOptions & { prefer?: string } = {}): Ranked {
  const d = distances(input, options);
  if ('ranked' in d) return d.ranked;
  let best = -1;
  let second = -1;
  const { acc, langs, only } = d;
  for (let li = 0; li < langs.length; li++) {
    if (only && !only.has(langs[li]!)) continue;
    // Strict comparisons in language order: a tie keeps the earlier language first, as a stable sort does.
    if (best < 0 || acc[li]! < acc[best]!) {
      second = best;
      best = li;
    } else if (second < 0 || acc[li]! < acc[second]!) {
      second = li;
    }
  }
  if (best < 0) return UND;
  const min = d.base + acc[best]!;
  const entry = (li: number): [string, number] => [langs[li]!, normalised(d.base + acc[li]!, min, d.length)];
  const head: Ranked = [entry(best)];
  if (second >= 0) head.push(entry(second));
  if (options.prefer !== undefined) {
    const li = langs.indexOf(options.prefer);
    if (li >= 0 && li !== best && li !== second && (!only || only.has(options.prefer))) head.push(entry(li));
  }
  return head;
}
