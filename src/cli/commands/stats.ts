import type { Command } from 'commander';
import type { Store } from '../../../db/store.js';
import { formatBytes, formatCount, table } from '../format.js';
import type { Io } from '../io.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';
import { describeProblem } from '../problems.js';

export interface StatsOptions {
  db?: string;
  json?: boolean;
  limit: string;
  problems?: boolean;
}

/** Everything `stats` reports, as one object (the `--json` output). */
export function collectStats(store: Store, withProblems: boolean): Record<string, unknown> {
  const runs = store.listRuns();
  return {
    totals: store.totals(),
    languages: store.languageStats(),
    domains: store.domainStats(),
    duplicates: store.dupSummary(),
    lastRun: runs.at(-1),
    ...(withProblems && { problems: store.listProblems() }),
  };
}

export function renderStats(store: Store, limit: number, withProblems: boolean): string {
  const t = store.totals();
  const out: string[] = [
    `${formatCount(t.docs)} documents, ${formatCount(t.sentences)} sentences, ${formatBytes(t.bytes)} of text ` +
      `from ${formatCount(t.sources)} source file(s); ${t.runs} run(s), ${formatCount(t.problems)} problem(s) recorded`,
    '',
    'Languages of documents (ISO 639-3, by lid.176; und = no language could be told). ' +
      '"sentences tagged": sentences identified as this language in documents of any language.',
  ];
  const langs = store.languageStats();
  out.push(
    table(
      ['lang', 'docs', 'share', 'sentences', 'text', 'sentences tagged'],
      langs
        .slice(0, limit)
        .map((l) => [
          l.lang,
          formatCount(l.docs),
          t.docs ? `${((100 * l.docs) / t.docs).toFixed(1)}%` : '-',
          formatCount(l.sentences),
          formatBytes(l.bytes),
          formatCount(l.sentencesTagged),
        ]),
    ),
  );
  if (langs.length > limit) out.push(`... ${langs.length - limit} more (--limit, or --json for all)`);
  const untallied = t.sentences - langs.reduce((sum, l) => sum + l.sentencesTagged, 0);
  if (untallied > 0) {
    out.push(
      `${formatCount(untallied)} sentence(s) are und (too short or no language) or in a language no document has.`,
    );
  }
  out.push('', 'Domains');
  const domains = store.domainStats();
  out.push(
    table(
      ['host', 'docs', 'sentences', 'text', 'exact dups', 'near dups', 'languages'],
      domains
        .slice(0, limit)
        .map((d) => [
          d.host,
          formatCount(d.docs),
          formatCount(d.sentences),
          formatBytes(d.bytes),
          formatCount(d.exactDuplicates),
          formatCount(d.nearDuplicates),
          d.languages.map((l) => `${l.lang} ${l.docs}`).join(', '),
        ]),
    ),
  );
  if (domains.length > limit) out.push(`... ${domains.length - limit} more (--limit, or --json for all)`);
  out.push('', 'Duplicates (clusters are recorded, nothing is dropped)');
  out.push(
    table(
      ['kind', 'clusters', 'docs in clusters', 'redundant docs'],
      store
        .dupSummary()
        .map((d) => [
          d.kind,
          formatCount(d.clusters),
          formatCount(d.docsInClusters),
          formatCount(d.redundantDocs),
        ]),
    ),
  );
  if (withProblems) {
    const problems = store.listProblems();
    out.push('', `Problems (${problems.length})`);
    for (const p of problems) out.push(`  run ${p.runId}  ${describeProblem(p)}`);
  }
  return out.join('\n') + '\n';
}

export function registerStats(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('stats')
    .description('documents, sentences and bytes per language and per domain; duplicate clusters')
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option('--json', 'print everything as JSON on stdout')
    .option('--limit <n>', 'rows per table in text output', '30')
    .option('--problems', 'also list every recorded input problem with file and offset')
    .action((opts: StatsOptions) => {
      const limit = Number(opts.limit);
      const store = openExistingStore(resolveDbPath(opts.db, io), 'read');
      try {
        io.stdout.write(
          opts.json
            ? JSON.stringify(collectStats(store, opts.problems ?? false), null, 2) + '\n'
            : renderStats(store, Number.isInteger(limit) && limit > 0 ? limit : 30, opts.problems ?? false),
        );
      } finally {
        store.close();
      }
      done(0);
    });
}
