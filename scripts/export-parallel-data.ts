import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeForModel } from '../detectors/normalize.js';
import { splitSentences } from '../detectors/sentences.js';
import { brownCatalogue } from '../src/world/brown.js';
import { readMtFile } from '../src/world/mt-data.js';
import { isMtSource, MT_LANGUAGES } from '../src/world/mt-languages.js';
import { paragraphsOf, splitOf } from '../src/world/sources.js';

/**
 * Step 1 of `npm run models:embedder`: the sentence pairs the demo world's machine translation made
 * (English Brown paragraphs and their Apertium translations, aligned one to one), for the
 * sentence-embedding model's training. Only Brown files of the world's train split: pages made of
 * test-split files stay unseen. A paragraph pair whose sentence counts agree gives sentence pairs;
 * one whose counts differ gives one pair of whole paragraphs. Usage:
 *   node dist/scripts/export-parallel-data.js [--dir .train]
 */
const { values } = parseArgs({ options: { dir: { type: 'string', default: '.train' } } });
const dir = resolve(values.dir);
mkdirSync(dir, { recursive: true });
const outPath = join(dir, 'parallel.jsonl');
const out = createWriteStream(outPath);
const sentencesOf = (p: string): string[] => splitSentences(p).map((s) => p.slice(s.start, s.end));
let sentencePairs = 0;
let paragraphPairs = 0;
let files = 0;
brownCatalogue().forEach(({ id, genre }, index) => {
  if (!isMtSource(index) || splitOf(`brown:${id}`) !== 'train') return;
  files++;
  const english = paragraphsOf(id, genre);
  for (const language of MT_LANGUAGES) {
    const translated = readMtFile(language.code).articles[id] ?? [];
    english.forEach((p, i) => {
      const q = translated[i];
      if (!q) return;
      const a = sentencesOf(p);
      const b = sentencesOf(q);
      const pairs: [string, string][] = a.length === b.length ? a.map((s, k) => [s, b[k]!]) : [[p, q]];
      if (a.length === b.length) sentencePairs += pairs.length;
      else paragraphPairs++;
      for (const [x, y] of pairs) {
        out.write(
          JSON.stringify({
            file: id,
            lang: language.code,
            a: normalizeForModel(x),
            b: normalizeForModel(y),
          }) + '\n',
        );
      }
    });
  }
});
await new Promise<void>((done) => out.end(done));
console.log(
  `${files} train-split Brown files x ${MT_LANGUAGES.length} languages: ` +
    `${sentencePairs} sentence pairs, ${paragraphPairs} paragraph pairs -> ${outPath}`,
);
