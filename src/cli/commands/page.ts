import { subsetName } from '../../../detectors/verdict/detector-subsets.js';
import type { Command } from 'commander';
import { pageReport, type PageReport } from '../../../reports/page-report.js';
import { UsageError, type Io } from '../io.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';

/** Sentences in tuples shown with their counterparts, by default. */
const SHOWN_SENTENCES = 5;

function render(r: PageReport): string {
  const p = r.provenance;
  const where = p.path
    ? `${p.path}${p.recordOffset !== undefined ? ` @${p.recordOffset}` : ''}`
    : p.sourceKind;
  const out = [
    `${r.url ?? '(no URL)'}  [${r.id}]`,
    `  ${r.lang ?? 'und'}, ${r.sentences} sentences; ${p.fetchTime ? `fetched ${p.fetchTime}, ` : ''}from ${where}`,
    `  scores: ${r.scores.map((s) => `${s.detector}.${s.name} ${s.value}`).join(', ') || 'none (run `corpus-audit detect`)'}`,
  ];
  const v = r.verdict;
  if (v) {
    const probs = Object.entries(v.probs)
      .map(([c, p]) => `${c} ${p.toFixed(3)}`)
      .join(', ');
    out.push(
      `  verdict: ${v.label}${v.fprLevel !== null ? ` (flagged at the ${v.fprLevel * 100}% human false-positive threshold)` : ''}` +
        (probs ? `; ${probs}` : ''),
    );
    for (const reason of v.reasons) out.push(`    ${reason.code}: ${reason.detail}`);
    const limits = Object.entries(v.thresholds).map(
      ([cls, t]) =>
        `${cls} ${Object.entries(t)
          .map(([fpr, p]) => `${Number(fpr) * 100}%: ${p.toPrecision(3)}`)
          .join(', ')}`,
    );
    if (limits.length) out.push(`    thresholds (probability flagged at human FPR): ${limits.join('; ')}`);
    if (v.detectors) out.push(`    judged by the verdict's fit for ${subsetName(v.detectors)}`);
    if (v.reference) {
      const { lang, pages, ownLevels } = v.reference;
      const own = ownLevels.map((l) => `${l * 100}%`).join(' and ');
      out.push(
        `    against ${pages} human calibration page${pages === 1 ? '' : 's'} in ${lang}: ` +
          (own
            ? `its own thresholds at ${own}, all languages' pooled at the other levels`
            : "all languages' pooled thresholds"),
      );
    }
  } else out.push('  verdict: none (run `corpus-audit score`)');
  out.push(`  evidence: ${r.evidence.length ? '' : 'none'}`);
  for (const e of r.evidence) out.push(`    ${e.code}: ${e.detail}`);
  out.push(`  counterparts (${r.counterparts.length}):`);
  for (const c of r.counterparts) {
    out.push(
      `    ${(c.otherLang ?? 'und').padEnd(4)} ${c.otherUrl ?? c.other}  via ${c.via.join('+')}, quality ${c.quality}, ${c.links} sentence links`,
    );
  }
  if (r.tuples.length) out.push(`  sentences in translation tuples (first ${r.tuples.length}):`);
  for (const t of r.tuples) {
    out.push(`    [${t.idx}] (${t.size} languages) ${t.text}`);
    for (const o of t.others) out.push(`        ${o.lang.padEnd(4)} ${o.text}`);
  }
  return out.join('\n') + '\n';
}

export function registerPage(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('page')
    .description('show what the audit knows about one page: provenance, scores, evidence, its translations')
    .argument('<url-or-id>', 'the page URL as stored, or its document id')
    .option('--db <path>', 'audit database (default: $CORPUS_AUDIT_DB or ./audit.sqlite)')
    .option(
      '--sentences <n>',
      'sentences in tuples to show with their aligned counterparts',
      String(SHOWN_SENTENCES),
    )
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
Examples:
  corpus-audit page http://127.0.0.1:8103/es/some-article-1.html --db corpus-audit-demo/audit.sqlite
  corpus-audit page 3f2a... --json`,
    )
    .action((key: string, opts: { db?: string; sentences: string; json?: boolean }) => {
      const limit = Number(opts.sentences);
      if (!Number.isInteger(limit) || limit < 0) {
        throw new UsageError(`--sentences must be a whole number from 0 up, got "${opts.sentences}"`);
      }
      const store = openExistingStore(resolveDbPath(opts.db, io), 'read');
      try {
        const ids = store.hasDoc(key) ? [key] : store.docIdsByUrl(key);
        if (ids.length === 0)
          throw new UsageError(
            `no page with URL or id "${key}" in the database; \`corpus-audit pages\` lists the stored pages`,
          );
        const reports = ids.map((id) => pageReport(store, store.getDoc(id)!, limit));
        io.stdout.write(opts.json ? JSON.stringify(reports, null, 2) + '\n' : reports.map(render).join('\n'));
        done(0);
      } finally {
        store.close();
      }
    });
}
