import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeForModel } from '../detectors/normalize.js';
import { openLabeledWorld } from '../src/world/labeled-world.js';

/**
 * Step 1 of `npm run models:build`: ingests the demo world (seed 1, 3,000 pages by default) and
 * writes its labelled article pages as JSON lines for the Python training script, text normalized
 * exactly as the detectors will see it. Usage:
 *   node dist/scripts/export-training-data.js [--seed 1] [--pages 3000] [--dir .train]
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    pages: { type: 'string', default: '3000' },
    dir: { type: 'string', default: '.train' },
  },
});
const dir = resolve(values.dir);
const world = await openLabeledWorld({
  seed: Number(values.seed),
  pages: Number(values.pages),
  dir,
  log: (line) => {
    console.log(line);
  },
});
const outPath = join(dir, 'pages.jsonl');
const out = createWriteStream(outPath);
const counts = new Map<string, number>();
for (const { doc, label, part } of world.docs()) {
  const line = {
    id: doc.id,
    url: label.url,
    origin: label.origin,
    language: label.language,
    part,
    text: normalizeForModel(doc.text),
  };
  out.write(JSON.stringify(line) + '\n');
  const key = `${part} ${label.origin}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
await new Promise<void>((done) => out.end(done));
world.store.close();
for (const [key, n] of [...counts].sort()) console.log(`${key}: ${n}`);
console.log(`wrote ${outPath}`);
