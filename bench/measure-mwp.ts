import { SqliteStore } from '../db/sqlite-store.js';
import { docFeatures, LanguageIds } from '../detectors/mwp/features.js';
import { computeTranslationTuples } from '../detectors/mwp/translation-tuples.js';

/**
 * One measurement of `bench/mwp.ts`, in its own process so that its peak RSS is its own. Prints one
 * JSON line. Not a user command.
 *
 *   node dist/bench/measure-mwp.js read <db>     every document read and turned into features (the floor)
 *   node dist/bench/measure-mwp.js detect <db>   the whole translation-tuple stage, written back
 *   node dist/bench/measure-mwp.js detect-in-process <db>   the same, aligning without worker threads
 */
const [mode, db] = process.argv.slice(2);
if ((mode !== 'read' && mode !== 'detect' && mode !== 'detect-in-process') || !db)
  throw new Error('usage: measure-mwp.js read|detect|detect-in-process <db>');
const store = new SqliteStore(db);
const t0 = performance.now();
let detail: unknown;
if (mode === 'read') {
  const languages = new LanguageIds();
  let docs = 0;
  let sentences = 0;
  for (const doc of store.iterDocs()) {
    const f = docFeatures(doc, docs, languages);
    docs++;
    sentences += f?.lens.length ?? 0;
  }
  detail = { docs, sentences };
} else {
  detail = await computeTranslationTuples(store, mode === 'detect' ? {} : { alignThreads: 0 });
}
const seconds = (performance.now() - t0) / 1000;
store.close();
console.log(JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, detail }));
