import type { Command } from 'commander';
import {
  listPages,
  matchingPages,
  parseScoreBound,
  type PageFilters,
  type PageRow,
  type ScoreBound,
} from '../../../policy/list-pages.js';
import { formatCount, table } from '../format.js';
import { integerFlag, UsageError, type Io } from '../io.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';
import { policyFromFlag } from './policy.js';

interface PagesFlags {
  db?: string;
  verdict?: string;
  decision?: string;
  reason?: string;
  lang?: string;
  domain?: string;
  score: string[];
  limit?: string;
  jsonl?: boolean;
  policy?: string;
}

/** Rows a table shows unless --limit says otherwise. */
const TABLE_ROWS = 50;

/** The verdict labels a page can have (`none`: not scored yet). */
const VERDICTS = ['human', 'machine-translation', 'lm-generated', 'insufficient', 'none'];

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The flags as filters, or a UsageError that says which flag is wrong and what it takes. */
export function filtersFromFlags(opts: PagesFlags): PageFilters {
  const verdicts = list(opts.verdict);
  const unknown = verdicts?.filter((v) => !VERDICTS.includes(v));
  if (unknown?.length) {
    throw new UsageError(`--verdict takes ${VERDICTS.join(', ')}; got "${unknown.join(', ')}"`);
  }
  if (opts.decision !== undefined && opts.decision !== 'keep' && opts.decision !== 'reject') {
    throw new UsageError(`--decision takes keep or reject, got "${opts.decision}"`);
  }
  const scores: ScoreBound[] = opts.score.map((text) => {
    const bound = parseScoreBound(text);
    if (!bound) {
      throw new UsageError(
        `--score takes detector.name<op>number or p.<class><op>number (op: < <= > >= =), for example "mwp.share_3plus>=0.5" or "p.machine-translation>0.9"; got "${text}"`,
      );
    }
    return bound;
  });
  const reasons = list(opts.reason);
  const langs = list(opts.lang);
  const domains = list(opts.domain);
  return {
    ...(verdicts && { verdicts }),
    ...(opts.decision !== undefined && { decision: opts.decision }),
    ...(reasons && { reasons }),
    ...(langs && { langs }),
    ...(domains && { domains }),
    ...(scores.length && { scores }),
  };
}

/** The verdict's most probable machine class and its probability, as `mt 0.93`. */
function machineShare(row: PageRow): string {
  const mt = row.probs['machine-translation'];
  const lm = row.probs['lm-generated'];
  if (mt === undefined && lm === undefined) return '-';
  return (mt ?? 0) >= (lm ?? 0) ? `mt ${(mt ?? 0).toFixed(2)}` : `lm ${(lm ?? 0).toFixed(2)}`;
}

function render(rows: PageRow[], matched: number, total: number): string {
  const body = table(
    ['decision', 'verdict', 'p(machine)', 'lang', 'reasons', 'url or id'],
    rows.map((r) => [
      r.decision,
      r.verdict,
      machineShare(r),
      r.lang,
      r.reasons.join(',') || '-',
      r.url ?? r.id,
    ]),
  );
  const shown =
    rows.length < matched
      ? `${formatCount(rows.length)} of ${formatCount(matched)} matching pages shown (of ${formatCount(total)}); --limit 0 shows all`
      : `${formatCount(matched)} matching page(s) of ${formatCount(total)}`;
  return `${rows.length ? `${body}\n` : ''}${shown}; \`corpus-audit page <url-or-id>\` shows one\n`;
}

export function registerPages(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('pages')
    .description('list pages with their verdict and policy decision, filtered: where to start with `page`')
    .option('--verdict <labels>', `comma-separated: ${VERDICTS.join(', ')}`)
    .option('--decision <d>', 'keep or reject, as the policy decides (as `export` would)')
    .option('--reason <codes>', 'policy reason codes, comma-separated (any of them); see `export`')
    .option('--lang <codes>', 'ISO 639-3 codes as stored, comma-separated (und: none)')
    .option('--domain <hosts>', 'host names, comma-separated; each matches its subdomains too')
    .option(
      '--score <bound>',
      'a bound on a score or a verdict probability, repeatable: "mwp.share_3plus>=0.5", "p.lm-generated>0.9"',
      collect,
      [],
    )
    .option('--limit <n>', 'pages shown at most (default: 50 as a table, all with --jsonl); 0 = all')
    .option('--jsonl', 'one JSON object per page on stdout (every matching page unless --limit)')
    .option('--policy <file>', 'judge with this policy (default: the built-in one)')
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .addHelpText(
      'after',
      `
Pages are listed in id order, judged as \`export\` judges them. Exit code 0 (also when nothing
matches), 2 on wrong usage or a database that cannot be read.

Examples:
  corpus-audit pages --decision reject --lang fra --limit 20
  corpus-audit pages --verdict machine-translation --score "p.machine-translation>0.99"
  corpus-audit pages --reason mwp_tuple_3plus --domain example.org --jsonl > flagged.jsonl`,
    )
    .action((opts: PagesFlags) => {
      const filters = filtersFromFlags(opts);
      const limit =
        opts.limit === undefined ? (opts.jsonl ? 0 : TABLE_ROWS) : integerFlag(opts.limit, '--limit', 0);
      const policy = policyFromFlag(opts.policy, io);
      const store = openExistingStore(resolveDbPath(opts.db, io), 'read');
      try {
        if (opts.jsonl) {
          // Streamed: a listing of every page of a large corpus holds one page at a time.
          let written = 0;
          for (const row of matchingPages(store, policy, filters)) {
            io.stdout.write(JSON.stringify(row) + '\n');
            if (++written === limit) break;
          }
        } else {
          const { rows, matched, total } = listPages(store, policy, filters, limit);
          io.stdout.write(render(rows, matched, total));
        }
        done(0);
      } finally {
        store.close();
      }
    });
}
