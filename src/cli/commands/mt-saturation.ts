import type { Command } from 'commander';
import { saturationTable, TUPLE_BINS, type SaturationRow } from '../../../reports/mt-saturation.js';
import { formatCount, table } from '../format.js';
import { UsageError, type Io } from '../io.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const len = (x: number | null): string => (x === null ? '-' : x.toFixed(0));

/** CSV: one row per language, histogram counts and mean lengths as columns. */
export function saturationCsv(rows: readonly SaturationRow[]): string {
  const header = [
    'lang',
    'sentences',
    'share_2plus',
    'share_3plus',
    'share_8plus',
    'mean_tuple_size',
    'single_sentences',
    'single_mean_length',
    ...TUPLE_BINS.flatMap((b) => [`tuples_${b.label}`, `mean_length_${b.label}`]),
  ];
  const lines = [header.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.lang,
        r.sentences,
        r.share2plus.toFixed(4),
        r.share3plus.toFixed(4),
        r.share8plus.toFixed(4),
        r.meanTupleSize?.toFixed(3) ?? '',
        r.single.sentences,
        r.single.meanLength?.toFixed(1) ?? '',
        ...r.bins.flatMap((b) => [b.sentences, b.meanLength?.toFixed(1) ?? '']),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function renderSaturation(rows: readonly SaturationRow[]): string {
  const out = [
    'MT saturation per language: share of sentences in translation tuples of 2+, 3+ and 8+ languages',
    '(Thompson et al. 2024); mean tuple size over sentences in tuples; sentences per tuple-size bin',
    'with their mean length in characters (1 = in no tuple).',
    '',
    table(
      ['lang', 'sentences', '2+', '3+', '8+', 'mean size', ...['1', ...TUPLE_BINS.map((b) => b.label)]],
      rows.map((r) => [
        r.lang,
        formatCount(r.sentences),
        pct(r.share2plus),
        pct(r.share3plus),
        pct(r.share8plus),
        r.meanTupleSize?.toFixed(2) ?? '-',
        `${formatCount(r.single.sentences)} (${len(r.single.meanLength)})`,
        ...r.bins.map((b) => (b.sentences ? `${formatCount(b.sentences)} (${len(b.meanLength)})` : '-')),
      ]),
    ),
  ];
  return out.join('\n') + '\n';
}

export function registerMtSaturation(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('mt-saturation')
    .description(
      'per-language MT saturation: sentences in translation tuples, tuple-size histogram, length per bin',
    )
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--json', 'print the table as JSON')
    .option('--csv', 'print the table as CSV')
    .option('--min-sentences <n>', 'leave out languages with fewer sentences', '0')
    .addHelpText(
      'after',
      `
Tuples come from the translation detector, which ingest, crawl and detect run. Multi-way
parallelism is evidence of MT content farms, not proof: human translations (the UDHR, EU law)
are multi-way parallel too.

Examples:
  corpus-audit mt-saturation --db audit.sqlite
  corpus-audit mt-saturation --csv --min-sentences 200 > saturation.csv`,
    )
    .action((opts: { db?: string; json?: boolean; csv?: boolean; minSentences: string }) => {
      if (opts.json && opts.csv) throw new UsageError('--json and --csv cannot be combined: pick one');
      const min = Number(opts.minSentences);
      if (!Number.isInteger(min) || min < 0) {
        throw new UsageError(`--min-sentences must be a whole number from 0 up, got "${opts.minSentences}"`);
      }
      const store = openExistingStore(resolveDbPath(opts.db, io), 'read');
      try {
        const rows = saturationTable(store.detections.tupleSizeCounts()).filter((r) => r.sentences >= min);
        if (opts.json) io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        else if (opts.csv) io.stdout.write(saturationCsv(rows));
        else io.stdout.write(renderSaturation(rows));
        done(0);
      } finally {
        store.close();
      }
    });
}
