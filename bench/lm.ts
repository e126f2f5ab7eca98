import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NgramModel } from '../src/lm/ngram.js';
import { generate } from '../src/lm/sample.js';
import { rng } from '../db/random.js';
import { codeVersion, packageRoot } from '../db/version.js';
import { brownCatalogue, brownSentences } from '../src/world/brown.js';

/**
 * `npm run bench:lm`: the n-gram model on the Brown corpus. Training is compared with reading and
 * tokenizing the same text (the floor any trainer pays); sampling with temperature and top-p is
 * compared with plain ancestral sampling. Prints times, ratios and memory; writes
 * bench/results/lm-latest.json.
 */
function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

const catalogue = brownCatalogue();
const trainIds = catalogue.filter((_, i) => i % 10 !== 0).map((c) => c.id);
const testIds = catalogue.filter((_, i) => i % 10 === 0).map((c) => c.id);
const [sentences, readMs] = time(() => [...brownSentences(trainIds)]);
const tokens = sentences.reduce((n, s) => n + s.length + 1, 0);
const heapBefore = process.memoryUsage().heapUsed;
const [model, trainMs] = time(() => NgramModel.train(sentences, { order: 3 }));
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const heldOut = [...brownSentences(testIds)];
const [ppl, pplMs] = time(() => model.perplexity(heldOut));

const sample = (n: number, options: { temperature?: number; topP?: number }): number => {
  const [, ms] = time(() => generate(model, { random: rng(1), maxTokens: n, stopAtEnd: false, ...options }));
  return (ms * 1000) / n;
};
const ancestral = sample(50_000, {});
const nucleus = sample(5_000, { temperature: 0.9, topP: 0.95 });
const tempered = sample(5_000, { temperature: 0.9 });

const result = {
  code: codeVersion(),
  date: new Date().toISOString(),
  corpus: { sentences: sentences.length, tokens, vocabulary: model.vocab.size },
  readMs,
  trainMs,
  trainOverRead: trainMs / readMs,
  modelHeapMb: heapMb,
  heldOut: { tokens: ppl.tokens, perplexity: ppl.perplexity, tokensPerSecond: (ppl.tokens / pplMs) * 1000 },
  sampleMicrosPerToken: { ancestral, temperature09: tempered, temperature09TopP095: nucleus },
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
console.log(
  `Brown train split: ${sentences.length} sentences, ${tokens} tokens, vocabulary ${model.vocab.size}`,
);
console.log(`read + tokenize  ${readMs.toFixed(0).padStart(6)} ms   (baseline)`);
console.log(
  `train trigram    ${trainMs.toFixed(0).padStart(6)} ms   ${(trainMs / readMs).toFixed(2)}x reading; model heap ${heapMb.toFixed(0)} MB`,
);
console.log(
  `held-out perplexity ${ppl.perplexity.toFixed(1)} over ${ppl.tokens} tokens, ${result.heldOut.tokensPerSecond.toFixed(0)} tokens/s`,
);
console.log(`sample, T=1            ${ancestral.toFixed(1).padStart(8)} µs/token   (baseline)`);
console.log(
  `sample, T=0.9          ${tempered.toFixed(1).padStart(8)} µs/token   ${(tempered / ancestral).toFixed(0)}x`,
);
console.log(
  `sample, T=0.9 top-p .95 ${nucleus.toFixed(1).padStart(7)} µs/token   ${(nucleus / ancestral).toFixed(0)}x`,
);
console.log(`peak RSS ${result.peakRssMb.toFixed(0)} MB`);
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'lm-latest.json'), JSON.stringify(result, null, 2) + '\n');
