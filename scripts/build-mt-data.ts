/**
 * Builds the demo world's machine translations with Apertium: every MT-source Brown file,
 * paragraph by paragraph, into the languages of MT_LANGUAGES. Run once, when the data must change:
 *
 *   apt-get install apertium apertium-eng-spa apertium-spa-cat apertium-es-pt apertium-es-gl \
 *     apertium-spa-ita apertium-fr-es apertium-eo-en
 *   npm run build && node dist/scripts/build-mt-data.js [--limit N]
 *
 * Output: data/world/mt/<code>.json.gz, committed, so that tests and CI never need Apertium.
 * Apertium keeps blank-line paragraph breaks but does not promise line alignment, so each article
 * is one file, and an article whose paragraph count changes is redone paragraph by paragraph.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { brownCatalogue, readBrownText } from '../src/world/brown.js';
import { MT_LANGUAGES, isMtSource } from '../src/world/mt-languages.js';
import { writeMtFile, mtDataDir, type MtFile } from '../src/world/mt-data.js';
import { debianVersion, translate } from './apertium.js';

async function main(): Promise<void> {
  const limitArg = process.argv.indexOf('--limit');
  const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity;
  const version = debianVersion('apertium');
  const sources = brownCatalogue()
    .filter((_, i) => isMtSource(i))
    .slice(0, limit);
  const work = mkdtempSync(join(tmpdir(), 'mt-'));
  const files = new Map<string, MtFile>(
    MT_LANGUAGES.map((l) => [l.code, { code: l.code, chain: [...l.chain], apertium: version, articles: {} }]),
  );
  const limiter = pLimit(2);
  let done = 0;
  const cache = new Map<string, Promise<string[]>>();
  await Promise.all(
    sources.map((src) =>
      limiter(async () => {
        const english = readBrownText(src.id, src.genre).paragraphs.map((p) => p.join(' '));
        for (const lang of MT_LANGUAGES) {
          let text = english;
          let key = '';
          for (const mode of lang.chain) {
            key += '>' + mode;
            const from = text;
            let step = cache.get(src.id + key);
            if (!step) {
              step = translate(from, mode, work);
              cache.set(src.id + key, step);
            }
            text = await step;
          }
          files.get(lang.code)!.articles[src.id] = text;
        }
        done++;
        process.stderr.write(`\r${done}/${sources.length} articles`);
      }),
    ),
  );
  process.stderr.write('\n');
  mkdirSync(mtDataDir(), { recursive: true });
  for (const file of files.values()) {
    const path = writeMtFile(file);
    process.stderr.write(`${path}: ${Object.keys(file.articles).length} articles\n`);
  }
  rmSync(work, { recursive: true, force: true });
}

await main();
