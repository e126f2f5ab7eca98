// Model collapse in miniature: an n-gram model retrained on its own output, with and without data
// from people. Usage: node dist/examples/collapse.js
import { loadCorpus, ngramBackend, runCollapse } from 'corpus-audit';

const results = await runCollapse({
  corpus: loadCorpus({ source: 'brown', maxDocs: 60 }),
  backend: ngramBackend(3),
  generations: 2,
  seeds: [1],
  regimes: ['replace', 'accumulate'],
  sampleBlocks: 30,
});
for (const r of results) {
  console.log(`${r.regime} generation ${r.generation}: test perplexity ${r.testPerplexity.toFixed(1)}`);
}
