import { UserError } from './errors.js';

/** Edit distance, for "did you mean" (short strings only). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * A library entry point's check of its options object: a key it does not know (a typo such as
 * `maxPage`) is a UserError naming the key and the nearest known one, not a setting silently
 * ignored. `undefined` values are allowed, as for any optional option.
 */
export function checkOptionNames(what: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const described = unknown.map((key) => {
    const near = known
      .map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) }))
      .sort((a, b) => a.d - b.d)[0];
    return near && near.d <= 2 ? `"${key}" (did you mean "${near.k}"?)` : `"${key}"`;
  });
  throw new UserError(`${what}: unknown option ${described.join(', ')}; it takes ${known.join(', ')}`);
}

/** A numeric option that must be a whole number in a range, or a UserError that says so. */
export function checkWholeNumber(what: string, name: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    throw new UserError(`${what}: ${name} must be a whole number of at least ${min}, got ${value}`);
  }
}

/** `true` when `Names` lists every key of `Options`, for a compile-time check beside a names list. */
export type ListsEveryOption<Names extends readonly string[], Options> =
  Exclude<keyof Options, Names[number]> extends never ? true : false;

/** Fails to compile unless its argument is `true`. */
export type MustHold<T extends true> = T;
