import type { Command } from 'commander';
import type { Store, StoredDoc } from '../../../db/store.js';
import type { DocLink, DocScore, Evidence, Verdict } from '../../../db/types.js';
import { UsageError, type Io } from '../io.js';
import { openExistingStore, resolveDbPath } from '../store-path.js';

/** Sentences in tuples shown with their counterparts, by default. */
const SHOWN_SENTENCES = 5;

export interface PageReport {
  id: string;
  url?: string;
  lang?: string;
  sentences: number;
  provenance: StoredDoc['provenance'];
  scores: DocScore[];
  evidence: Evidence[];
  /** The combined verdict, once `corpus-audit score` ran. */
  verdict?: Verdict;
  counterparts: (DocLink & { other: string; otherUrl?: string; otherLang?: string })[];
  /** Sentences in tuples, each with the other sentences of its tuple. */
  tuples: {
    idx: number;
    text: string;
    size: number;
    others: { lang: string; url?: string; text: string }[];
  }[];
}

function sentenceText(doc: StoredDoc, idx: number): string {
  const s = doc.sentences?.[idx];
  return s ? doc.text.slice(s.start, s.end) : '';
}

/** Everything the Store knows about one page, with the text of its counterparts' aligned sentences. */
export function pageReport(store: Store, doc: StoredDoc, limit: number): PageReport {
  const verdict = store.detections.getVerdict(doc.id);
  const counterparts = store.detections.docLinks(doc.id).map((l) => {
    const other = l.docA === doc.id ? l.docB : l.docA;
    const d = store.getDoc(other);
    return {
      ...l,
      other,
      ...(d?.url !== undefined && { otherUrl: d.url }),
      ...(d?.lang && { otherLang: d.lang.code }),
    };
  });
  const cache = new Map<string, StoredDoc | undefined>();
  const load = (id: string): StoredDoc | undefined => {
    if (!cache.has(id)) cache.set(id, store.getDoc(id));
    return cache.get(id);
  };
  const tuples = store.detections
    .sentenceTuples(doc.id)
    .slice(0, limit)
    .map((t) => ({
      idx: t.idx,
      text: sentenceText(doc, t.idx),
      size: t.size,
      others: store.detections
        .tupleMembers(t.tupleId)
        .filter((m) => m.docId !== doc.id)
        .map((m) => {
          const d = load(m.docId);
          return {
            lang: d?.lang?.code ?? 'und',
            ...(d?.url !== undefined && { url: d.url }),
            text: d ? sentenceText(d, m.idx) : '',
          };
        }),
    }));
  return {
    id: doc.id,
    ...(doc.url !== undefined && { url: doc.url }),
    ...(doc.lang && { lang: doc.lang.code }),
    sentences: doc.sentences?.length ?? 0,
    provenance: doc.provenance,
    scores: store.detections.docScores(doc.id),
    evidence: store.detections.docEvidence(doc.id),
    ...(verdict && { verdict }),
    counterparts,
    tuples,
  };
}

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
      const store = openExistingStore(resolveDbPath(opts.db, io));
      try {
        const ids = store.hasDoc(key) ? [key] : store.docIdsByUrl(key);
        if (ids.length === 0) throw new UsageError(`no page with URL or id "${key}" in the database`);
        const reports = ids.map((id) => pageReport(store, store.getDoc(id)!, limit));
        io.stdout.write(opts.json ? JSON.stringify(reports, null, 2) + '\n' : reports.map(render).join('\n'));
        done(0);
      } finally {
        store.close();
      }
    });
}
