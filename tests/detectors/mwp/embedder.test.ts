import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../db/memory-store.js';
import { BeadSimilarity } from '../../../detectors/mwp/align.js';
import { VIA_EMBEDDING } from '../../../detectors/mwp/candidates.js';
import { embedStoreSentences, SentenceEmbedder } from '../../../detectors/mwp/sentence-embedder.js';
import { computeTranslationTuples } from '../../../detectors/mwp/translation-tuples.js';
import { rng } from '../../../db/random.js';
import { defaultModels } from '../../../src/score/default-models.js';
import { splitOf, textUnits, unitText } from '../../../src/world/sources.js';
import { humanArticle, pageDoc } from '../../helpers/pages.js';

function unitVectors(n: number, dim: number, random: () => number): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let k = 0; k < dim; k++) {
      out[i * dim + k] = random() - 0.5;
      norm += out[i * dim + k]! ** 2;
    }
    for (let k = 0; k < dim; k++) out[i * dim + k]! /= Math.sqrt(norm);
  }
  return out;
}

describe('sentence embeddings in the translation detector', () => {
  it("a bead's similarity is the cosine of the summed vectors on each side", () => {
    const dim = 16;
    const a = unitVectors(4, dim, rng(1));
    const b = unitVectors(3, dim, rng(2));
    const sim = new BeadSimilarity(a, 4, b, 3);
    const sum = (v: Float32Array, rows: number[]): number[] =>
      Array.from({ length: dim }, (_, k) => rows.reduce((s, r) => s + v[r * dim + k]!, 0));
    const cos = (x: number[], y: number[]): number => {
      const dot = x.reduce((s, v, k) => s + v * y[k]!, 0);
      return dot / Math.hypot(...x) / Math.hypot(...y);
    };
    expect(sim.bead(1, 2, 0, 1)).toBeCloseTo(cos(sum(a, [1]), sum(b, [0])), 6);
    expect(sim.bead(1, 3, 2, 3)).toBeCloseTo(cos(sum(a, [1, 2]), sum(b, [2])), 6);
    expect(sim.bead(0, 1, 1, 3)).toBeCloseTo(cos(sum(a, [0]), sum(b, [1, 2])), 6);
    expect(sim.bead(2, 4, 0, 2)).toBeCloseTo(cos(sum(a, [2, 3]), sum(b, [0, 1])), 6);
  });

  it('with the shipped embedder, translations are close, proposed as candidates and linked; other pages are not linked', async () => {
    // Articles of test-split Brown files: text the embedder was not trained on.
    const [first, second] = textUnits().mt.filter((u) => splitOf(`brown:${u.file}`) === 'test');
    const store = new MemoryStore();
    const run = store.beginRun({ command: 'test', config: {}, codeVersion: 'v' });
    store.putDocs(
      [
        pageDoc('en', 'https://a.example/story.html', unitText(first!, 'eng')),
        pageDoc('es', 'https://b.example/historia.html', unitText(first!, 'spa')),
        pageDoc('ca', 'https://c.example/noticia.html', unitText(first!, 'cat')),
        pageDoc('other-es', 'https://d.example/otra.html', unitText(second!, 'spa')),
        pageDoc('blog', 'https://e.example/post.html', humanArticle(0)),
      ],
      run,
    );
    const embedder = await SentenceEmbedder.load({ model: defaultModels().embedder });
    const vectors = await embedStoreSentences(store, embedder);
    await embedder.dispose();
    expect(vectors.byDoc.size).toBe(5);
    const en = vectors.byDoc.get('en')!;
    const es = vectors.byDoc.get('es')!;
    const other = vectors.byDoc.get('other-es')!;
    expect(en.length % vectors.dim).toBe(0);
    // Sentence i of the English page against sentence i of its translation, and of another article.
    const dot = (x: Float32Array, i: number, y: Float32Array, j: number): number => {
      let s = 0;
      for (let k = 0; k < vectors.dim; k++) s += x[i * vectors.dim + k]! * y[j * vectors.dim + k]!;
      return s;
    };
    const n = Math.min(en.length, es.length, other.length) / vectors.dim;
    let same = 0;
    let unrelated = 0;
    for (let i = 0; i < n; i++) {
      same += dot(en, i, es, i) / n;
      unrelated += dot(en, i, other, i) / n;
    }
    expect(same).toBeGreaterThan(unrelated + 0.3);

    const proposed: string[] = [];
    const result = await computeTranslationTuples(store, {
      vectors,
      onPair: (p) => {
        if (p.via & VIA_EMBEDDING) proposed.push([p.docA, p.docB].sort().join('+'));
      },
    });
    expect(result.candidates.embedding).toBeGreaterThan(0);
    expect(proposed).toEqual(expect.arrayContaining(['en+es', 'ca+en', 'ca+es']));
    // The channel proposes; alignment decides: only the translations are linked.
    const links = store.detections.docLinks('en').map((l) => [l.docA, l.docB].sort().join('+'));
    expect(links.sort()).toEqual(['ca+en', 'en+es']);
    expect(store.detections.docLinks('other-es')).toEqual([]);
    expect(store.detections.docLinks('blog')).toEqual([]);
  });
});
