import { data } from 'franc/data.js';
import { expressions } from 'franc/expressions.js';
import { IntTable } from './int-table.js';

/** franc's models for one script, indexed for fast scoring (see `franc-index.ts`). */
export interface ScriptModel {
  langs: string[];
  /**
   * Code unit -> 1 + its number in the script's alphabet (the characters its models use), 0 for
   * characters no model has. Trigram keys built from these numbers stay small integers.
   */
  alphabet: Uint16Array;
  /** Alphabet size + 1: the radix of trigram keys. */
  radix: number;
  /** trigram key -> row number, for the trigrams some model of the script has. */
  rows: IntTable;
  /** Row r's [langIndex, rank] pairs are sparse[sparseStart[r] .. sparseStart[r + 1]). */
  sparseStart: Int32Array;
  sparse: Int32Array;
}

export function trigramKey(alphabet: Uint16Array, radix: number, a: number, b: number, c: number): number {
  return (alphabet[a]! * radix + alphabet[b]!) * radix + alphabet[c]!;
}

function buildScript(script: string, languages: Record<string, string>): ScriptModel {
  const langs = Object.keys(languages);
  const models = langs.map((lang) => languages[lang]!.split('|'));
  const alphabet = new Uint16Array(65536);
  let size = 0;
  // franc's models are built from cleaned text: every trigram is three code units.
  for (const trigram of models.flat()) {
    for (let i = 0; i < 3; i++) {
      const code = trigram.charCodeAt(i);
      if (alphabet[code] === 0) alphabet[code] = ++size;
    }
  }
  const radix = size + 1;
  if (radix ** 3 >= 2 ** 31) throw new Error(`franc script ${script} has too large an alphabet (${size})`);
  const byKey = new Map<number, number[]>();
  models.forEach((trigrams, li) => {
    trigrams.forEach((t, rank) => {
      const key = trigramKey(alphabet, radix, t.charCodeAt(0), t.charCodeAt(1), t.charCodeAt(2));
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(li, rank);
    });
  });
  const rows = new IntTable(byKey.size);
  const sparseStart = new Int32Array(byKey.size + 1);
  const sparse = new Int32Array([...byKey.values()].reduce((n, l) => n + l.length, 0));
  let row = 0;
  let at = 0;
  for (const [key, list] of byKey) {
    rows.add(key, row);
    sparseStart[row] = at;
    sparse.set(list, at);
    at += list.length;
    row++;
  }
  sparseStart[row] = at;
  return { langs, alphabet, radix, rows, sparseStart, sparse };
}

let models: Map<string, ScriptModel> | undefined;

/** The indexed models per franc script, built once (about 0.1 s). */
export function scriptModels(): Map<string, ScriptModel> {
  models ??= new Map(
    Object.entries(data).map(([script, languages]) => [script, buildScript(script, languages)]),
  );
  return models;
}

export const SCRIPTS = Object.entries(expressions);

export interface ScriptTables {
  /** Code unit -> 1 + index of the one script expression it matches; 0 for none. */
  single: Uint8Array;
  /** Code units matching several expressions (kanji are both cmn and jpn): all their indexes. */
  several: Map<number, number[]>;
}

let tables: ScriptTables | undefined;

/** Which of franc's script expressions each BMP code unit matches, found once by testing each. */
export function scriptTables(): ScriptTables {
  if (tables) return tables;
  const single = new Uint8Array(65536);
  const several = new Map<number, number[]>();
  for (let code = 0; code < 65536; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const ch = String.fromCharCode(code);
    const hits: number[] = [];
    SCRIPTS.forEach(([, re], i) => {
      re.lastIndex = 0;
      if (re.test(ch)) hits.push(i);
    });
    if (hits.length === 1) single[code] = hits[0]! + 1;
    else if (hits.length > 1) several.set(code, hits);
  }
  tables = { single, several };
  return tables;
}
