import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { francAll } from 'franc';
import { extractHtml } from '../crawlers/extract-html.js';
import { identifyDocument, identifySentence } from '../detectors/langid.js';
import { rankLanguages } from '../detectors/franc-index.js';
import { splitSentences } from '../detectors/sentences.js';
import { codeVersion, packageRoot } from '../src/version.js';
import { rng } from '../src/random.js';
import { makePage } from './synthetic-warc.js';

/**
 * `npm run bench:langid`: franc's `francAll` against ours (same models, same results) on the same
 * inputs in one run: whole documents, and their sentences as ingest scores them. Ours twice: the
 * full ranking (`rankLanguages`, what `francAll` returns) and what ingest calls (`identifyDocument`,
 * `identifySentence`: only the head of the ranking). Prints times and ratios; writes
 * bench/results/langid-latest.json.
 */
const DOCS = 600;
const random = rng(3);
const texts = Array.from({ length: DOCS }, (_, i) => extractHtml(makePage(i, random).html).text);
const sentences = texts.map((t) => splitSentences(t).map((s) => t.slice(s.start, s.end)));
const docLangs = texts.map((t) => identifyDocument(t).code);
rankLanguages('warm the tables up before timing anything');

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const rows = [
  {
    name: 'documents',
    calls: DOCS,
    franc: time(() => {
      texts.forEach((t) => francAll(t, { minLength: 20 }));
    }),
    ranked: time(() => {
      texts.forEach((t) => rankLanguages(t, { minLength: 20 }));
    }),
    ours: time(() => {
      texts.forEach((t) => identifyDocument(t));
    }),
  },
  {
    // What ingest does per sentence: every language scored (the prior only reorders the result).
    name: 'sentences (all languages)',
    calls: sentences.flat().length,
    franc: time(() => {
      sentences.forEach((ss) => {
        ss.forEach((s) => francAll(s, { minLength: 20 }));
      });
    }),
    ranked: time(() => {
      sentences.forEach((ss) => {
        ss.forEach((s) => rankLanguages(s, { minLength: 20 }));
      });
    }),
    ours: time(() => {
      sentences.forEach((ss, i) => {
        ss.forEach((s) => identifySentence(s, docLangs[i]!));
      });
    }),
  },
];
console.log('input                       calls   franc ms  ranked ms  ingest ms  x franc  x ranked');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(26)} ${String(r.calls).padStart(6)} ${r.franc.toFixed(0).padStart(10)} ${r.ranked.toFixed(0).padStart(10)} ${r.ours.toFixed(0).padStart(10)} ${(r.franc / r.ours).toFixed(1).padStart(7)}x ${(r.ranked / r.ours).toFixed(1).padStart(8)}x`,
  );
}
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'langid-latest.json'),
  JSON.stringify({ date: new Date().toISOString(), codeVersion: codeVersion(), docs: DOCS, rows }, null, 2) +
    '\n',
);
