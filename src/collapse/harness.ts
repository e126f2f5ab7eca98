import {
  checkOptionNames,
  checkWholeNumber,
  type ListsEveryOption,
  type MustHold,
} from '../../db/options.js';
import { detokenize } from '../lm/tokenize.js';
import { hashSeed, rng, shuffled } from '../../db/random.js';
import type { CollapseBackend, CollapseModel, GenerateSettings } from './backend.js';
import { tokenCount, type CollapseCorpus, type TokenDoc } from './corpus.js';
import {
  histogram,
  PPL_EDGES,
  reference,
  sampleMetrics,
  type Reference,
  type SampleMetrics,
} from './metrics.js';
import type { DocumentFilter } from './pipeline-filter.js';

export const REGIMES = [
  'replace',
  'replace-keep-10',
  'accumulate',
  'scrape-raw',
  'scrape-filtered',
  'scrape-oracle',
] as const;
export type Regime = (typeof REGIMES)[number];

export interface CollapseOptions {
  corpus: CollapseCorpus;
  backend: CollapseBackend;
  /** Generations after generation 0. @default 10 */
  generations?: number;
  seeds?: readonly number[];
  regimes?: readonly Regime[];
  settings?: GenerateSettings;
  /** Prompt and continuation length in tokens (Shumailov: 64 and 64). */
  promptTokens?: number;
  generatedTokens?: number;
  /** Synthetic share added to the scrape per generation, and its cap. @default 0.1, 0.9 */
  scrapeStep?: number;
  scrapeMax?: number;
  /** Continuations per document in the scrape mix. @default 4 */
  blocksPerDoc?: number;
  /** Prompts whose continuations every generation's metrics are measured on. @default 300 */
  sampleBlocks?: number;
  /** Required for `scrape-filtered`. */
  filter?: DocumentFilter;
  onProgress?: (done: number, total: number, what: string) => void;
}

export interface GenerationResult {
  regime: Regime;
  seed: number;
  generation: number;
  /** Tokens the generation's model was trained on. */
  trainTokens: number;
  testPerplexity: number;
  samples: SampleMetrics;
  /** Shumailov's histogram: shares of sample continuations per perplexity bin under generation 0. */
  gen0PerplexityHistogram: number[];
  gen0PerplexityMedian: number;
  /** Scrape regimes: the synthetic share of the mix before filtering. */
  syntheticShare?: number;
  /** scrape-filtered: the filter's precision and recall on this generation's synthetic documents. */
  filter?: { rejected: number; synthetic: number; precision: number; recall: number };
}

/** The token stream of documents cut into blocks of `size` tokens (`</s>` between sentences). */
function blocks(docs: readonly TokenDoc[], size: number): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const d of docs) {
    for (const s of d) {
      for (const w of [...s, '</s>']) {
        cur.push(w);
        if (cur.length === size) {
          out.push(cur);
          cur = [];
        }
      }
    }
  }
  return out;
}

/** Tokens split into sentences at `</s>` (a continuation's first and last sentence may be partial). */
function sentences(tokens: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const w of tokens) {
    if (w === '</s>') out.push([]);
    else out[out.length - 1]!.push(w);
  }
  return out.filter((s) => s.length > 0);
}

/** Real training documents cut into chunks of about `size` tokens (whole sentences), the scrape's real pages. */
function chunks(docs: readonly TokenDoc[], size: number): TokenDoc[] {
  const out: TokenDoc[] = [];
  for (const d of docs) {
    let cur: TokenDoc = [];
    let n = 0;
    for (const s of d) {
      cur.push(s);
      n += s.length + 1;
      if (n >= size) {
        out.push(cur);
        cur = [];
        n = 0;
      }
    }
    if (cur.length > 0) out.push(cur);
  }
  return out;
}

const textOf = (doc: TokenDoc): string => doc.map((s) => detokenize(s)).join(' ');

/** Every option `runCollapse()` takes: another key is a typo, refused (`checkOptionNames`). */
const COLLAPSE_OPTION_NAMES = [
  'corpus',
  'backend',
  'generations',
  'seeds',
  'regimes',
  'settings',
  'promptTokens',
  'generatedTokens',
  'scrapeStep',
  'scrapeMax',
  'blocksPerDoc',
  'sampleBlocks',
  'filter',
  'onProgress',
] as const satisfies readonly (keyof CollapseOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _CollapseOptionsListed = MustHold<ListsEveryOption<typeof COLLAPSE_OPTION_NAMES, CollapseOptions>>;

/**
 * Runs every regime for every seed: generation 0 on the real training data, then each generation
 * on data made from its predecessor, as the regime says. Same seed, same numbers.
 */
export async function runCollapse(options: CollapseOptions): Promise<GenerationResult[]> {
  checkOptionNames('runCollapse()', options, COLLAPSE_OPTION_NAMES);
  checkWholeNumber('runCollapse()', 'generations', options.generations, 0);
  checkWholeNumber('runCollapse()', 'promptTokens', options.promptTokens, 1);
  checkWholeNumber('runCollapse()', 'generatedTokens', options.generatedTokens, 1);
  checkWholeNumber('runCollapse()', 'blocksPerDoc', options.blocksPerDoc, 1);
  checkWholeNumber('runCollapse()', 'sampleBlocks', options.sampleBlocks, 1);
  const G = options.generations ?? 10;
  const seeds = options.seeds ?? [1, 2, 3];
  const regimes = options.regimes ?? REGIMES;
  const settings = options.settings ?? { temperature: 1, topP: 1, greedy: false };
  const P = options.promptTokens ?? 64;
  const T = options.generatedTokens ?? 64;
  const step = options.scrapeStep ?? 0.1;
  const cap = options.scrapeMax ?? 0.9;
  const perDoc = options.blocksPerDoc ?? 4;
  if (regimes.includes('scrape-filtered') && !options.filter)
    throw new Error('scrape-filtered needs a filter');
  const { corpus, backend } = options;
  const ref: Reference = reference(corpus.train);
  const vocabulary: ReadonlySet<string> = new Set(ref.words.keys());
  const testSentences = corpus.test.flat();
  const realTokens = tokenCount(corpus.train);
  const prompts = blocks(corpus.train, P);
  const realChunks = chunks(corpus.train, perDoc * T);
  const results: GenerationResult[] = [];
  const total = seeds.length * (1 + G * regimes.length);
  let done = 0;
  const tick = (what: string): void => {
    done++;
    options.onProgress?.(done, total, what);
  };

  for (const seed of seeds) {
    const seedOf = (...parts: (string | number)[]): number => hashSeed('collapse', seed, ...parts);
    const random = (...parts: (string | number)[]): (() => number) => rng(seedOf(...parts));
    /** Continuations of `n` prompts drawn (seeded by `key`) from the real training blocks. */
    const continue_ = (model: CollapseModel, n: number, key: string): Promise<string[][]> => {
      const r = random('prompts', key);
      const chosen = Array.from({ length: n }, () => prompts[Math.floor(r() * prompts.length)]!);
      return model.generate(chosen, T, settings, seedOf('generate', key));
    };
    const evalPrompts = shuffled(prompts, random('eval')).slice(0, options.sampleBlocks ?? 300);
    const gen0 = await backend.train(corpus.train, vocabulary, seedOf('train', 0));
    const measure = async (
      model: CollapseModel,
    ): Promise<
      Pick<
        GenerationResult,
        'testPerplexity' | 'samples' | 'gen0PerplexityHistogram' | 'gen0PerplexityMedian'
      >
    > => {
      const conts = await model.generate(evalPrompts, T, settings, seedOf('samples'));
      const ppl = (await gen0.perplexities(conts.map(sentences))).sort((a, b) => a - b);
      const [testPerplexity] = await model.perplexities([testSentences]);
      return {
        testPerplexity: testPerplexity!,
        samples: sampleMetrics(conts.flatMap(sentences), ref),
        gen0PerplexityHistogram: histogram(ppl, PPL_EDGES),
        gen0PerplexityMedian: ppl[Math.floor(ppl.length / 2)] ?? NaN,
      };
    };
    const first = await measure(gen0);
    for (const regime of regimes)
      results.push({ regime, seed, generation: 0, trainTokens: realTokens, ...first });
    tick(`seed ${seed} generation 0`);

    const blocksNeeded = Math.round(realTokens / T);
    const runRegime = async (regime: Regime): Promise<GenerationResult[]> => {
      const out: GenerationResult[] = [];
      let model = gen0;
      const synthetic: TokenDoc[] = [];
      for (let n = 1; n <= G; n++) {
        let train: TokenDoc[];
        const extra: Partial<GenerationResult> = {};
        if (regime === 'replace' || regime === 'replace-keep-10' || regime === 'accumulate') {
          const keep = regime === 'replace-keep-10' ? 0.1 : 0;
          const made = (await continue_(model, Math.round(blocksNeeded * (1 - keep)), `${regime}:${n}`)).map(
            (c) => sentences(c),
          );
          if (regime === 'accumulate') {
            synthetic.push(...made);
            train = [...corpus.train, ...synthetic];
          } else if (keep > 0) {
            const fresh = shuffled(realChunks, random('keep', n));
            let tokens = 0;
            const real: TokenDoc[] = [];
            for (const c of fresh) {
              if (tokens >= keep * realTokens) break;
              real.push(c);
              tokens += tokenCount([c]);
            }
            train = [...made, ...real];
          } else {
            train = made;
          }
        } else {
          // The scrape: the same real pages for all three scrape regimes (shared seeds), and
          // synthetic pages from this regime's own previous generation.
          const share = Math.min(cap, step * n);
          const real: TokenDoc[] = [];
          let tokens = 0;
          for (const c of shuffled(realChunks, random('scrape-real', n))) {
            if (tokens >= (1 - share) * realTokens) break;
            real.push(c);
            tokens += tokenCount([c]);
          }
          extra.syntheticShare = share;
          if (regime === 'scrape-oracle') {
            train = real;
          } else {
            const conts = await continue_(
              model,
              Math.round((share * realTokens) / T),
              `scrape:${regime}:${n}`,
            );
            const fake: TokenDoc[] = [];
            for (let i = 0; i < conts.length; i += perDoc)
              fake.push(conts.slice(i, i + perDoc).flatMap(sentences));
            if (regime === 'scrape-raw') {
              train = [...real, ...fake];
            } else {
              const docs = [
                ...real.map((d, i) => ({ id: `real-${i}`, text: textOf(d), doc: d })),
                ...fake.map((d, i) => ({ id: `synthetic-${i}`, text: textOf(d), doc: d })),
              ];
              const rejected = await options.filter!.reject(docs);
              const tp = [...rejected].filter((id) => id.startsWith('synthetic-')).length;
              extra.filter = {
                rejected: rejected.size,
                synthetic: fake.length,
                precision: rejected.size ? tp / rejected.size : 1,
                recall: fake.length ? tp / fake.length : 1,
              };
              train = docs.filter((d) => !rejected.has(d.id)).map((d) => d.doc);
            }
          }
        }
        if (model !== gen0) await model.dispose();
        model = await backend.train(train, vocabulary, seedOf('train', regime, n));
        out.push({
          regime,
          seed,
          generation: n,
          trainTokens: tokenCount(train),
          ...(await measure(model)),
          ...extra,
        });
        tick(`seed ${seed} ${regime} generation ${n}`);
      }
      if (model !== gen0) await model.dispose();
      return out;
    };
    // The filtered scrape waits on the filter's worker threads for most of its time; the other
    // regimes run on this thread meanwhile, one after another. Each regime's numbers depend on
    // its own seeds alone, so the interleaving changes nothing but the time.
    const filtered = regimes.includes('scrape-filtered') ? runRegime('scrape-filtered') : undefined;
    // Handled where it is awaited; this only keeps an early failure from counting as unhandled.
    filtered?.catch(() => undefined);
    const byRegime = new Map<Regime, GenerationResult[]>();
    const failures: unknown[] = [];
    try {
      for (const regime of regimes)
        if (regime !== 'scrape-filtered') byRegime.set(regime, await runRegime(regime));
    } catch (err) {
      failures.push(err);
    }
    // Waited for even when another regime failed, so no work outlives the run; a second failure
    // is reported with the first, not instead of it.
    if (filtered) {
      try {
        byRegime.set('scrape-filtered', await filtered);
      } catch (err) {
        failures.push(err);
      }
    }
    await gen0.dispose();
    if (failures.length > 0) throw regimeFailure(failures);
    for (const regime of regimes) results.push(...byRegime.get(regime)!);
  }
  return results;
}

/** One failed regime's error as it was; two, together, each message kept. */
function regimeFailure(failures: readonly unknown[]): unknown {
  if (failures.length === 1) return failures[0];
  const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  return new AggregateError(failures, `regimes failed: ${failures.map(message).join('; ')}`);
}
