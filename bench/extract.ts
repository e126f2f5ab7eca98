import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { Parser } from 'htmlparser2';
import { extractHtml } from '../crawlers/extract-html.js';
import { rng } from '../db/random.js';
import { codeVersion, packageRoot } from '../db/version.js';
import { makePage } from './synthetic-warc.js';

/**
 * `npm run bench:extract`: main-text extraction against the parser it runs on, on the same pages
 * in one run: htmlparser2's Parser with handlers that do nothing (the floor: tokenizing, entity
 * decoding, attribute objects), cheerio building a DOM (what a DOM-based extractor pays before it
 * starts), and `extractHtml`. Rounds alternate the three; medians are printed with MB/s and the
 * ratio to the parser. Writes bench/results/extract-latest.json.
 */
const PAGES = 1500;
const ROUNDS = 5;
const random = rng(1);
const pages = Array.from({ length: PAGES }, (_, i) => makePage(i, random));
const megabytes = pages.reduce((n, p) => n + Buffer.byteLength(p.html), 0) / 1e6;
const NOOP = { onopentag() {}, ontext() {}, onclosetag() {}, oncomment() {} };
const OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

const runs: Record<string, () => void> = {
  'htmlparser2, no-op handlers': () => {
    for (const p of pages) {
      const parser = new Parser(NOOP, OPTIONS);
      parser.write(p.html);
      parser.end();
    }
  },
  'cheerio.load (a DOM)': () => {
    for (const p of pages) load(p.html);
  },
  extractHtml: () => {
    for (const p of pages) extractHtml(p.html, p.url);
  },
};

const times: Record<string, number[]> = {};
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, run] of Object.entries(runs)) {
    const t0 = performance.now();
    run();
    // Round 0 warms the JIT up and is not counted.
    if (round > 0) (times[name] ??= []).push(performance.now() - t0);
  }
}
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const parserMs = median(times['htmlparser2, no-op handlers']!);
const rows = Object.entries(times).map(([name, ms]) => ({
  name,
  ms: Math.round(median(ms)),
  mbPerS: Number((megabytes / (median(ms) / 1000)).toFixed(1)),
  xParser: Number((median(ms) / parserMs).toFixed(2)),
  rounds: ms.map((m) => Math.round(m)),
}));
console.log(`${PAGES} synthetic pages, ${megabytes.toFixed(1)} MB of HTML; medians of ${ROUNDS} rounds`);
console.log('                                  ms   MB/s  x parser');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(30)} ${String(r.ms).padStart(6)} ${r.mbPerS.toFixed(1).padStart(6)} ${r.xParser.toFixed(2).padStart(9)}`,
  );
}
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'extract-latest.json'),
  JSON.stringify(
    { date: new Date().toISOString(), codeVersion: codeVersion(), pages: PAGES, megabytes, rows },
    null,
    2,
  ) + '\n',
);
