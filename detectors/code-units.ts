/**
 * 1 for each BMP code unit that `re` matches on its own, 0 for the others: a table lookup per
 * character instead of a regular expression test, for loops over every character of a text. A
 * surrogate tested alone is a lone one (which `\p{...}` classes do not match); callers that need
 * characters past the BMP decode the pair themselves.
 */
export function codeUnitTable(re: RegExp): Uint8Array {
  const table = new Uint8Array(65536);
  for (let code = 0; code < 65536; code++) {
    re.lastIndex = 0;
    if (re.test(String.fromCharCode(code))) table[code] = 1;
  }
  return table;
}
