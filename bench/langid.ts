import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { francAll } from 'franc';
import { extractHtml } from '../crawlers/extract-html.js';
import { topLanguages } from '../detectors/franc-index.js';
import { identifyDocument, identifyLanguages, identifySentence } from '../detectors/langid.js';
import { splitSentences } from '../detectors/sentences.js';
import { codeVersion, packageRoot } from '../db/version.js';
import { rng } from '../db/random.js';
import { makePage } from './synthetic-warc.js';

/**
 * `npm run bench:langid`: the language step before and after lid.176, on the same inputs in one
 * run, in alternating rounds. Before: franc's trigram profiles through the project's index (the
 * head of the ranking, with the document prior), as ingest ran it; `francAll` as a reference.
 * After: `identifyDocument`, `identifySentence` and the whole step (`identifyLanguages`: the page,
 * its sentences, the share). Inputs: the synthetic WARC's pages (English web pages, as
 * `bench:ingest` reads them) and the multilingual pages of data/langid-eval. Prints the median of
 * the rounds and the ratios; writes bench/results/langid-latest.json.
 */
const ROUNDS = Number(process.env.BENCH_LANGID_ROUNDS ?? 5);
const random = rng(3);
const web = Array.from({ length: 600 }, (_, i) => extractHtml(makePage(i, random).html).text);
const multilingual = readFileSync(join(packageRoot(), 'data', 'langid-eval', 'pages.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
const texts = [...web, ...multilingual];
const sentences = texts.map((t) => splitSentences(t).map((s) => t.slice(s.start, s.end)));
const nSentences = sentences.flat().length;

/** The language step as it was before lid.176: franc for the page, franc with the page's language preferred per sentence. */
function francStep(text: string): void {
  const doc = topLanguages(text, { minLength: 20 })[0]?.[0] ?? 'und';
  for (const { start, end } of splitSentences(text)) {
    const s = text.slice(start, end);
    if (s.length >= 20) topLanguages(s, { minLength: 20, prefer: doc });
  }
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const cases: Record<string, { calls: number; run: () => void }> = {
  'documents: francAll': {
    calls: texts.length,
    run: () => {
      texts.forEach((t) => francAll(t, { minLength: 20 }));
    },
  },
  'documents: franc (before)': {
    calls: texts.length,
    run: () => {
      texts.forEach((t) => topLanguages(t, { minLength: 20 }));
    },
  },
  'documents: lid (after)': {
    calls: texts.length,
    run: () => {
      texts.forEach((t) => identifyDocument(t));
    },
  },
  'sentences: franc (before)': {
    calls: nSentences,
    run: () => {
      sentences.forEach((ss) => {
        ss.forEach((s) => topLanguages(s, { minLength: 20, prefer: 'eng' }));
      });
    },
  },
  'sentences: lid (after)': {
    calls: nSentences,
    run: () => {
      sentences.forEach((ss) => {
        ss.forEach((s) => identifySentence(s, 'eng'));
      });
    },
  },
  'language step: franc (before)': {
    calls: texts.length,
    run: () => {
      texts.forEach(francStep);
    },
  },
  'language step: lid (after)': {
    calls: texts.length,
    run: () => {
      texts.forEach((t) => identifyLanguages(t));
    },
  },
};

const samples = new Map<string, number[]>(Object.keys(cases).map((k) => [k, []]));
for (const c of Object.values(cases)) c.run(); // warm-up: tables built, code compiled
for (let r = 0; r < ROUNDS; r++) {
  // Alternate the order each round so that neither side always runs on a warmer machine.
  const names = r % 2 ? Object.keys(cases).reverse() : Object.keys(cases);
  for (const name of names) samples.get(name)!.push(time(cases[name]!.run));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rows = Object.entries(cases).map(([name, c]) => {
  const ms = median(samples.get(name)!);
  return { name, calls: c.calls, ms: Math.round(ms), usPerCall: Math.round((1000 * ms) / c.calls) };
});
const ratio = (before: string, after: string): number => {
  const b = rows.find((r) => r.name === before)!.ms;
  const a = rows.find((r) => r.name === after)!.ms;
  return Math.round((10 * b) / a) / 10;
};
const ratios = {
  documents: ratio('documents: franc (before)', 'documents: lid (after)'),
  sentences: ratio('sentences: franc (before)', 'sentences: lid (after)'),
  languageStep: ratio('language step: franc (before)', 'language step: lid (after)'),
};
console.log(
  `${texts.length} pages (${web.length} from the synthetic WARC, ${multilingual.length} in 90 languages), ${nSentences} sentences; median of ${ROUNDS} rounds`,
);
for (const r of rows)
  console.log(
    `${r.name.padEnd(32)} ${String(r.calls).padStart(7)} calls ${String(r.ms).padStart(7)} ms ${String(r.usPerCall).padStart(6)} µs/call`,
  );
console.log(
  `lid against franc: documents ${ratios.documents}x, sentences ${ratios.sentences}x, the language step ${ratios.languageStep}x faster`,
);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'langid-latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), codeVersion: codeVersion(), rounds: ROUNDS, pages: texts.length, sentences: nSentences, rows, ratios }, null, 2)}\n`,
);
