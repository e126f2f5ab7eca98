import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../db/sqlite-store.js';
import { CausalLm } from '../detectors/models/causal-lm.js';
import { TransformerClassifier } from '../detectors/models/classifier.js';
import { ParallelZeroShot } from '../detectors/models/zero-shot-pool.js';
import { ZeroShotScorer } from '../detectors/models/zero-shot-scorer.js';
import { judgeableLength } from '../detectors/normalize.js';
import { defaultModels } from '../src/score/default-models.js';
import { MIN_SCORED_CHARS, scoreStore } from '../src/score/score-run.js';
import { codeVersion, packageRoot } from '../db/version.js';
import { openLabeledWorld } from '../src/world/labeled-world.js';

/**
 * `npm run bench:score`: pages per second for the classifier and the zero-shot scores at several
 * batch sizes (batch size 1 is the baseline every ratio is against, run in the same process), and
 * for a whole `score` run (classifier, zero-shot, verdict, with storage) over a copy of the demo
 * world's database. Writes bench/results/score-latest.json. Timings depend on the machine and its
 * load: compare ratios, and absolute figures only from the same machine.
 */
const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '160' },
    dir: { type: 'string', default: '.bench/score-world' },
  },
});
const sample = Number(values.pages);
const world = await openLabeledWorld({ seed: 1, pages: 600, dir: resolve(values.dir), log: console.log });
const texts: string[] = [];
for (const { doc } of world.docs()) {
  if (judgeableLength(doc.text) >= MIN_SCORED_CHARS) texts.push(doc.text);
  if (texts.length >= sample) break;
}
const chars = texts.reduce((a, t) => a + t.length, 0);
console.log(
  `${texts.length} pages, ${(chars / texts.length).toFixed(0)} characters on average; ${codeVersion()}`,
);

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
}

async function inDocBatches(fn: (batch: string[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < texts.length; i += 32) await fn(texts.slice(i, i + 32));
}

const models = defaultModels();
const results: Record<string, unknown> = {};

const classifierRows: { batchSize: number; pagesPerSecond: number; ratio: number }[] = [];
for (const batchSize of [1, 4, 16, 32]) {
  const classifier = await TransformerClassifier.load({ model: models.classifier, batchSize });
  await classifier.classify(texts.slice(0, 2)); // warm-up
  const seconds = await timed(() => inDocBatches((b) => classifier.classify(b)));
  await classifier.dispose();
  const pps = texts.length / seconds;
  classifierRows.push({
    batchSize,
    pagesPerSecond: pps,
    ratio: pps / (classifierRows[0]?.pagesPerSecond ?? pps),
  });
}
results.classifier = classifierRows;

const observer = await CausalLm.load({ model: models.observer });
const performer = await CausalLm.load({ model: models.performer });
const zeroShotRows: { batchSize: number; pagesPerSecond: number; ratio: number }[] = [];
for (const batchSize of [1, 4, 8, 16]) {
  const scorer = new ZeroShotScorer({ observer, performer, batchSize });
  await scorer.score(texts.slice(0, 2));
  const seconds = await timed(() => inDocBatches((b) => scorer.score(b)));
  const pps = texts.length / seconds;
  zeroShotRows.push({
    batchSize,
    pagesPerSecond: pps,
    ratio: pps / (zeroShotRows[0]?.pagesPerSecond ?? pps),
  });
}
results.zeroShot = zeroShotRows;

// Threads: the main thread (baseline) against worker threads with their own copies of the models.
const threadRows: { threads: number; pagesPerSecond: number; ratio: number }[] = [];
for (const threads of [0, 1, 2]) {
  const parallel = await ParallelZeroShot.start(
    { observer: { model: models.observer }, performer: { model: models.performer } },
    threads,
  );
  await parallel.score(texts.slice(0, 4));
  const seconds = await timed(() => inDocBatches((b) => parallel.score(b)));
  await parallel.close();
  const pps = texts.length / seconds;
  threadRows.push({
    threads: parallel.threads,
    pagesPerSecond: pps,
    ratio: pps / (threadRows[0]?.pagesPerSecond ?? pps),
  });
}
results.zeroShotThreads = threadRows;
await observer.dispose();
await performer.dispose();

// ONNX Runtime's threads within a forward pass: one (the default, baseline) against two, each
// detector alone on this thread.
const onnxRows: { threads: number; classifier: number; zeroShot: number }[] = [];
for (const threads of [1, 2]) {
  const classifier = await TransformerClassifier.load({ model: models.classifier, threads });
  await classifier.classify(texts.slice(0, 2));
  const classifierSeconds = await timed(() => inDocBatches((b) => classifier.classify(b)));
  await classifier.dispose();
  const scorer = new ZeroShotScorer({
    observer: await CausalLm.load({ model: models.observer, threads }),
    performer: await CausalLm.load({ model: models.performer, threads }),
  });
  await scorer.score(texts.slice(0, 2));
  const zeroShotSeconds = await timed(() => inDocBatches((b) => scorer.score(b)));
  await scorer.dispose();
  onnxRows.push({
    threads,
    classifier: texts.length / classifierSeconds,
    zeroShot: texts.length / zeroShotSeconds,
  });
}
results.onnxThreads = onnxRows;

// The whole run, on a copy of the database, every page scored afresh.
const copy = join(resolve(values.dir), 'score-copy.sqlite');
world.store.close();
rmSync(copy, { force: true });
copyFileSync(world.dbPath, copy);
const store = new SqliteStore(copy);
const pages = store.countDocs();
const t0 = performance.now();
const summary = await scoreStore({ store, force: true, command: 'bench-score' });
const wholeSeconds = (performance.now() - t0) / 1000;
store.close();
rmSync(copy, { force: true });
results.scoreRun = {
  pages,
  modelPages: summary.counts.mgt_classifier?.scored ?? 0,
  seconds: wholeSeconds,
  pagesPerSecond: pages / wholeSeconds,
};
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const fmt = (rows: { batchSize: number; pagesPerSecond: number; ratio: number }[]): string =>
  rows
    .map((r) => `batch ${r.batchSize}: ${r.pagesPerSecond.toFixed(1)} pages/s (x${r.ratio.toFixed(2)})`)
    .join('; ');
console.log(`classifier   ${fmt(classifierRows)}`);
console.log(`zero-shot    ${fmt(zeroShotRows)}  (observer + performer)`);
console.log(
  `zero-shot    ${threadRows
    .map(
      (r) =>
        `${r.threads ? `${r.threads} worker${r.threads > 1 ? 's' : ''}` : 'main thread'}: ` +
        `${r.pagesPerSecond.toFixed(1)} pages/s (x${r.ratio.toFixed(2)})`,
    )
    .join('; ')}`,
);
console.log(
  `onnx threads ${onnxRows
    .map(
      (r) =>
        `${r.threads}: classifier ${r.classifier.toFixed(1)} pages/s ` +
        `(x${(r.classifier / onnxRows[0]!.classifier).toFixed(2)}), zero-shot ${r.zeroShot.toFixed(1)} ` +
        `(x${(r.zeroShot / onnxRows[0]!.zeroShot).toFixed(2)})`,
    )
    .join('; ')}`,
);
console.log(
  `score run    ${pages} pages (${summary.counts.mgt_classifier?.scored ?? 0} long enough for the models) in ` +
    `${wholeSeconds.toFixed(1)} s: ${(pages / wholeSeconds).toFixed(1)} pages/s; peak RSS ${peakRssMb.toFixed(0)} MB`,
);
const out = {
  when: new Date().toISOString(),
  codeVersion: codeVersion(),
  sample: texts.length,
  results,
  peakRssMb,
};
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'score-latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log('wrote bench/results/score-latest.json');
