import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeForModel } from '../detectors/normalize.js';
import { openLabeledWorld } from '../src/world/labeled-world.js';
import { TRAINING_DEMO_PAGES, TRAINING_PROFILES, trainingWorldDir } from './training-worlds.js';

/**
 * Step 1 of `npm run models:build`: ingests the training worlds (the demo world, seed 1, 1,500
 * pages by default, and the training corpus of models/DATA.md) and writes their labelled article
 * pages as JSON lines for the Python training script, text normalized exactly as the detectors
 * will see it. Usage:
 *   node dist/scripts/export-training-data.js [--seed 1] [--pages 1500] [--dir .train]
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    pages: { type: 'string', default: String(TRAINING_DEMO_PAGES) },
    dir: { type: 'string', default: '.train' },
  },
});
const dir = resolve(values.dir);
const outPath = join(dir, 'pages.jsonl');
mkdirSync(dir, { recursive: true });
const out = createWriteStream(outPath);
const counts = new Map<string, number>();
for (const profile of TRAINING_PROFILES) {
  const world = await openLabeledWorld({
    profile,
    seed: Number(values.seed),
    pages: Number(values.pages),
    dir: trainingWorldDir(dir, profile),
    log: (line) => {
      console.log(line);
    },
  });
  for (const { doc, label, part } of world.docs()) {
    const line = {
      id: doc.id,
      world: profile,
      url: label.url,
      origin: label.origin,
      language: label.language,
      part,
      text: normalizeForModel(doc.text),
    };
    out.write(JSON.stringify(line) + '\n');
    const key = `${profile} ${part} ${label.origin}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  world.store.close();
}
await new Promise<void>((done) => out.end(done));
for (const [key, n] of [...counts].sort()) console.log(`${key}: ${n}`);
console.log(`wrote ${outPath}`);
