import { barChart, lineChart, type Series } from '../../reports/svg-charts.js';
import type { GenerationResult, Regime } from './harness.js';
import { BANDS, PPL_EDGES } from './metrics.js';
import type { SummaryRow } from './summary.js';

export interface Chart {
  /** File-name-safe id (the PNG is `<id>.png`). */
  id: string;
  title: string;
  svg: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The harness's figures: perplexity per generation, tail survival, Shumailov's histograms, the filter. */
export function collapseCharts(
  summary: readonly SummaryRow[],
  results: readonly GenerationResult[],
): Chart[] {
  const regimes = [...new Set(summary.map((r) => r.regime))];
  const last = Math.max(...summary.map((r) => r.generation));
  const rowsOf = (regime: Regime): SummaryRow[] =>
    summary.filter((r) => r.regime === regime).sort((a, b) => a.generation - b.generation);
  const charts: Chart[] = [];
  charts.push({
    id: 'perplexity',
    title: 'Test perplexity by generation',
    svg: lineChart(
      regimes.map((regime): Series => ({
        name: regime,
        points: rowsOf(regime).map((r) => ({
          x: r.generation,
          y: r.testPerplexity.mean,
          lo: r.testPerplexity.min,
          hi: r.testPerplexity.max,
        })),
      })),
      {
        title: 'Perplexity on the real test split (mean; band: min-max over seeds)',
        xLabel: 'generation',
        yLabel: 'perplexity',
      },
    ),
  });
  charts.push({
    id: 'tail-once',
    title: 'Survival of words seen once',
    svg: lineChart(
      regimes.map((regime) => ({
        name: regime,
        points: rowsOf(regime).map((r) => ({
          x: r.generation,
          y: r.tailOnce.mean,
          lo: r.tailOnce.min,
          hi: r.tailOnce.max,
        })),
      })),
      {
        title: 'Share of the words seen once in the real data that samples still produce',
        xLabel: 'generation',
        yLabel: 'share of types',
      },
    ),
  });
  const keep = (regime: Regime, band: (typeof BANDS)[number]): number => {
    const rows = rowsOf(regime);
    const key = band === 'once' ? 'tailOnce' : band === '2-10' ? 'tail2to10' : 'tailMore';
    const first = rows[0]?.[key].mean ?? NaN;
    const end = rows.at(-1)?.[key].mean ?? NaN;
    return end / first;
  };
  charts.push({
    id: 'tail-bands',
    title: `Tail survival by frequency band, generation ${last} against 0`,
    svg: barChart(
      BANDS.map((b) => `seen ${b === 'more' ? '>10 times' : b === 'once' ? 'once' : '2-10 times'}`),
      regimes.map((regime) => ({ name: regime, values: BANDS.map((b) => keep(regime, b)) })),
      {
        title: `Word types still produced at generation ${last}, relative to generation 0`,
        xLabel: 'frequency band in the real training data',
        yLabel: 'kept (1 = all)',
      },
    ),
  });
  const gensShown = [0, Math.round(last / 2), last].filter((g, i, a) => a.indexOf(g) === i);
  const rankSeries = (regime: Regime): Series[] =>
    gensShown.map((g) => {
      const r = results.find((x) => x.regime === regime && x.generation === g);
      return {
        name: `generation ${g}`,
        points: (r?.samples.rankFrequency ?? []).map((p) => ({ x: Math.log2(p.rank), y: p.count })),
      };
    });
  const maxRankLog = Math.max(
    0,
    ...results.flatMap((r) => r.samples.rankFrequency.map((p) => Math.log2(p.rank))),
  );
  const rankRegime: Regime = regimes.includes('replace') ? 'replace' : regimes[0]!;
  charts.push({
    id: `rank-frequency-${rankRegime}`,
    title: `Rank-frequency curve of ${rankRegime} samples`,
    svg: lineChart(rankSeries(rankRegime), {
      title: `${rankRegime}: how often the word at each rank occurs in the samples (log-log)`,
      xLabel: 'rank',
      yLabel: 'occurrences',
      logY: true,
      xTicks: Array.from({ length: Math.floor(maxRankLog / 2) + 1 }, (_, i) => ({
        v: 2 * i,
        label: String(2 ** (2 * i)),
      })),
    }),
  });
  for (const regime of regimes) {
    const gens = [0, Math.round(last / 2), last].filter((g, i, a) => a.indexOf(g) === i);
    charts.push({
      id: `histogram-${regime}`,
      title: `Perplexity of ${regime} samples under generation 0`,
      svg: lineChart(
        gens.map((g) => {
          const rs = results.filter((r) => r.regime === regime && r.generation === g);
          const bins = rs[0]?.gen0PerplexityHistogram.length ?? 0;
          return {
            name: `generation ${g}`,
            points: Array.from({ length: bins }, (_, i) => ({
              x: i,
              y: rs.reduce((a, r) => a + r.gen0PerplexityHistogram[i]!, 0) / rs.length,
            })),
          };
        }),
        {
          title: `${regime}: samples' perplexity under generation 0 (Shumailov's histogram)`,
          xLabel: 'perplexity under generation 0 (bins up to each value)',
          xTicks: [
            ...PPL_EDGES.map((e, i) => ({ v: i, label: String(e) })),
            { v: PPL_EDGES.length, label: 'more' },
          ].filter((_, i) => i % 2 === 1),
          yLabel: 'share of samples',
        },
      ),
    });
  }
  const filtered = summary.filter((r) => r.filterPrecision).sort((a, b) => a.generation - b.generation);
  if (filtered.length > 0) {
    charts.push({
      id: 'filter',
      title: 'The filter on each generation of the scrape',
      svg: lineChart(
        [
          {
            name: 'precision',
            points: filtered.map((r) => ({ x: r.generation, y: r.filterPrecision!.mean })),
          },
          { name: 'recall', points: filtered.map((r) => ({ x: r.generation, y: r.filterRecall!.mean })) },
        ],
        {
          title: 'scrape-filtered: precision and recall on synthetic pages',
          xLabel: 'generation',
          yLabel: 'share',
        },
      ),
    });
  }
  return charts;
}

/** One self-contained HTML page: configuration, every chart inline, and the summary table. */
export function collapseHtml(
  config: Record<string, unknown>,
  summary: readonly SummaryRow[],
  charts: readonly Chart[],
): string {
  const f = (v: number, d = 1): string => v.toFixed(d);
  const rows = summary
    .map(
      (r) =>
        `<tr><td>${esc(r.regime)}</td><td>${r.generation}</td><td>${f(r.testPerplexity.mean)} ± ${f(r.testPerplexity.sd)}</td>` +
        `<td>${f(r.tailOnce.mean, 3)}</td><td>${f(r.tail2to10.mean, 3)}</td><td>${f(r.tailMore.mean, 3)}</td><td>${f(r.bigramsOnce.mean, 3)}</td>` +
        `<td>${f(r.distinct2.mean, 3)}</td><td>${f(r.entropy.mean, 2)}</td><td>${f(r.gen0PerplexityMedian.mean)}</td>` +
        `<td>${r.filterPrecision ? `${f(r.filterPrecision.mean, 2)} / ${f(r.filterRecall!.mean, 2)}` : ''}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>corpus-audit collapse</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
figure{margin:1.5em 0}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}
td:first-child,th:first-child{text-align:left}pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head>
<body>
<h1>Model collapse: recursive retraining with and without filtering</h1>
<p>Generation 0 is trained on the real training split; each later generation on data made from its predecessor, as each regime says. Bands over seeds show min and max.</p>
${charts.map((c) => `<figure id="${c.id}">${c.svg}<figcaption>${esc(c.title)}</figcaption></figure>`).join('\n')}
<h2>Per regime and generation (means over seeds)</h2>
<table><thead><tr><th>regime</th><th>gen</th><th>test perplexity</th><th>seen once</th><th>seen 2-10</th><th>seen more</th><th>bigrams seen once</th><th>distinct-2</th><th>entropy (bits)</th><th>median ppl under gen 0</th><th>filter P / R</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Configuration</h2>
<pre>${esc(JSON.stringify(config, null, 2))}</pre>
</body></html>
`;
}
