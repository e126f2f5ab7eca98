import { spread } from './metrics.js';
import type { GenerationResult, Regime } from './harness.js';

export interface SummaryRow {
  regime: Regime;
  generation: number;
  seeds: number;
  testPerplexity: ReturnType<typeof spread>;
  tailOnce: ReturnType<typeof spread>;
  tail2to10: ReturnType<typeof spread>;
  tailMore: ReturnType<typeof spread>;
  /** Bigrams of the real data seen once that samples still produce. */
  bigramsOnce: ReturnType<typeof spread>;
  distinct2: ReturnType<typeof spread>;
  entropy: ReturnType<typeof spread>;
  gen0PerplexityMedian: ReturnType<typeof spread>;
  filterPrecision?: ReturnType<typeof spread>;
  filterRecall?: ReturnType<typeof spread>;
}

/** Mean and spread over seeds, per regime and generation. */
export function summarize(results: readonly GenerationResult[]): SummaryRow[] {
  const groups = new Map<string, GenerationResult[]>();
  for (const r of results) {
    const key = `${r.regime}\u0000${r.generation}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const of = (f: (r: GenerationResult) => number): ReturnType<typeof spread> => spread(g.map(f));
    const filtered = g.filter((r) => r.filter);
    return {
      regime: g[0]!.regime,
      generation: g[0]!.generation,
      seeds: g.length,
      testPerplexity: of((r) => r.testPerplexity),
      tailOnce: of((r) => r.samples.tailWords.once),
      tail2to10: of((r) => r.samples.tailWords['2-10']),
      tailMore: of((r) => r.samples.tailWords.more),
      bigramsOnce: of((r) => r.samples.tailBigrams.once),
      distinct2: of((r) => r.samples.distinct[2]),
      entropy: of((r) => r.samples.entropy),
      gen0PerplexityMedian: of((r) => r.gen0PerplexityMedian),
      ...(filtered.length > 0 && {
        filterPrecision: spread(filtered.map((r) => r.filter!.precision)),
        filterRecall: spread(filtered.map((r) => r.filter!.recall)),
      }),
    };
  });
}

/**
 * The headline table: test perplexity per regime and generation, the mean over seeds with the
 * min-max range (the band the HTML charts draw) where there are several.
 */
export function perplexityTable(rows: readonly SummaryRow[]): string[] {
  const regimes = [...new Set(rows.map((r) => r.regime))];
  const gens = [...new Set(rows.map((r) => r.generation))].sort((a, b) => a - b);
  const cell = (r: SummaryRow | undefined): string => {
    if (!r) return '';
    const { mean, min, max } = r.testPerplexity;
    return r.seeds > 1 ? `${mean.toFixed(0)} (${min.toFixed(0)}-${max.toFixed(0)})` : mean.toFixed(0);
  };
  const lines = [['gen', ...regimes].map((s, i) => (i ? s.padStart(18) : s.padEnd(4))).join('')];
  for (const g of gens) {
    lines.push(
      [
        String(g).padEnd(4),
        ...regimes.map((reg) => cell(rows.find((r) => r.regime === reg && r.generation === g)).padStart(18)),
      ].join(''),
    );
  }
  return lines;
}
