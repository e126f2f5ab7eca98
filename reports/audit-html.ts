import type { ReportChart, Section } from './audit-charts.js';
import { esc, facts, fixed, html, int, num, pct, SCRIPT, STYLE, table, type Cell } from './html-parts.js';
import { TUPLE_BINS } from './mt-saturation.js';
import type { AuditReport, EvidencePage } from './report-schema.js';

const PAGE = 25;

function figures(
  charts: readonly ReportChart[],
  section: Section,
  filter?: (c: ReportChart) => boolean,
): string {
  return charts
    .filter((c) => c.section === section && (filter?.(c) ?? true))
    .map(
      (c) =>
        `<figure class="chart" data-chart="${esc(c.id)}">${c.svg}<figcaption>${esc(c.title)}</figcaption></figure>`,
    )
    .join('\n');
}

const card = (value: string, label: string): string =>
  `<div class="card"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;

function overview(r: AuditReport, charts: readonly ReportChart[]): string {
  const o = r.overview;
  const d = o.decisions;
  return `<section id="overview"><h2>Overview</h2>
<div class="cards">${[
    card(int(o.documents), 'documents'),
    card(int(o.sourceFiles), 'source files'),
    card(int(o.languages), 'languages'),
    card(int(o.domains), 'domains'),
    card(int(d.keep), 'kept'),
    card(int(d.reject), 'rejected'),
    card(int(d.flagged['machine-translation']), 'flagged machine-translation'),
    card(int(d.flagged['lm-generated']), 'flagged lm-generated'),
    card(int(o.problems), 'input problems'),
  ].join('')}</div>
<p class="note">${int(o.sentences)} sentences, ${int(o.bytes)} bytes of text. ${int(d.noVerdict)} pages have no verdict${d.noVerdict > 0 ? ' (run <code>corpus-audit score</code>)' : ''}. Flagged: a page with a reason of that class; kept pages can be flagged in label-only mode or on an allowed domain.</p>
${figures(charts, 'overview')}
${table(
  ['source kind', 'pages'],
  o.sourceKinds.map((s) => [s.kind, s.docs]),
  { id: 'source-kinds', caption: 'Sources' },
)}
${table(
  ['verdict', 'pages'],
  o.verdicts.map((v) => [v.label, v.docs]),
  { id: 'verdict-counts', caption: 'Verdicts' },
)}
${table(
  ['reason code', 'class', 'pages', 'rejected'],
  o.reasons.map((x) => [x.code, x.class, x.docs, x.rejected]),
  { id: 'reason-counts', caption: 'Reasons (a page can have several)', pageSize: PAGE },
)}
${table(
  ['duplicates', 'clusters', 'pages in clusters', 'redundant pages'],
  o.duplicates.map((x) => [x.kind, x.clusters, x.docsInClusters, x.redundantDocs]),
  { id: 'duplicates', caption: 'Duplicate clusters' },
)}
${
  o.problemCodes.length > 0
    ? table(
        ['problem', 'count'],
        o.problemCodes.map((p) => [p.code, p.count]),
        { id: 'problems', caption: 'Input problems (counted and skipped; `corpus-audit stats` lists them)' },
      )
    : ''
}
<h3>Policy</h3>
${facts([
  ['source', r.policy.source],
  ['digest', r.policy.digest],
  ['mode', r.policy.mode],
])}
<details><summary>The resolved policy</summary><pre>${esc(JSON.stringify(r.policy.resolved, null, 2))}</pre></details>
<h3>Models</h3>
${
  r.models.scoreRun === null
    ? '<p class="note">The database was never scored: no classifier, zero-shot or verdict numbers.</p>'
    : `<p class="note">From score run ${r.models.scoreRun}.</p>` +
      table(
        ['model', 'type', 'dtype', 'digest'],
        r.models.models.map((m) => [m.spec, m.modelType, m.dtype, m.digest]),
        { id: 'models' },
      ) +
      (r.models.verdict
        ? facts([['verdict calibration', `${r.models.verdict.path} (${r.models.verdict.digest})`]])
        : '')
}
<details><summary>Runs recorded in the database (${r.runs.length})</summary>
${table(
  ['run', 'command', 'status', 'started', 'finished', 'problems', 'code version'],
  r.runs.map((x) => [
    num(x.id),
    x.command,
    x.status,
    x.startedAt,
    x.finishedAt,
    num(x.problems),
    x.codeVersion,
  ]),
  { id: 'runs', pageSize: PAGE },
)}
${r.runs.map((x) => `<details><summary>run ${x.id} (${esc(x.command)}) configuration</summary><pre>${esc(JSON.stringify(x.config, null, 2))}</pre></details>`).join('\n')}
</details>
</section>`;
}

function saturation(r: AuditReport, charts: readonly ReportChart[]): string {
  const bins = ['1', ...TUPLE_BINS.map((b) => b.label)];
  const langRows = new Map(r.languages.map((l) => [l.lang, l]));
  return `<section id="saturation"><h2>MT saturation per language</h2>
<p class="note">Share of each language's sentences in translation tuples of 2+, 3+ and 8+ languages (Thompson et al. 2024), mean tuple size of sentences in tuples, and sentences per tuple-size bin with their mean length in characters (1: in no tuple). Multi-way parallelism is evidence of MT content farms, not proof: human translations (the UDHR, EU law) are multi-way parallel too.</p>
${table(
  ['lang', 'pages', 'sentences', '2+', '3+', '8+', 'mean size', 'flagged MT', 'flagged LM', 'rejected'],
  r.saturation.map((s) => {
    const l = langRows.get(s.lang);
    return [
      s.lang,
      num(l?.docs ?? null),
      s.sentences,
      num(s.share2plus, pct(s.share2plus)),
      num(s.share3plus, pct(s.share3plus)),
      num(s.share8plus, pct(s.share8plus)),
      num(s.meanTupleSize, fixed(s.meanTupleSize, 2)),
      num(l?.flaggedMt ?? null),
      num(l?.flaggedLm ?? null),
      num(l?.rejected ?? null),
    ];
  }),
  { id: 'saturation-table', pageSize: PAGE },
)}
${table(
  ['lang', ...bins.map((b) => (b === '1' ? 'no tuple' : `${b} languages`))],
  r.saturation.map((s) => [
    s.lang,
    ...[s.single, ...s.bins].map((b) =>
      num(b.sentences, b.sentences ? `${int(b.sentences)} (${b.meanLength?.toFixed(0) ?? '-'})` : '-'),
    ),
  ]),
  {
    id: 'saturation-bins',
    pageSize: PAGE,
    caption: 'Sentences per tuple size, with their mean length in characters in brackets',
  },
)}
${figures(charts, 'saturation', (c) => !c.id.startsWith('tuples-'))}
<h3>Tuple-size histogram per language</h3>
<div class="charts-small">${figures(charts, 'saturation', (c) => c.id.startsWith('tuples-'))}</div>
</section>`;
}

function domains(r: AuditReport, charts: readonly ReportChart[]): string {
  return `<section id="domains"><h2>Domains</h2>
${table(
  [
    'host',
    'site',
    'pages',
    'languages',
    'MT flagged',
    'LM flagged',
    'rejected',
    'mean 3+ tuple share',
    'pages with MT plugin traces',
    'traces',
  ],
  r.domains.map((d) => [
    d.host,
    d.site,
    d.docs,
    d.languages.map((l) => `${l.lang} ${l.docs}`).join(', '),
    num(d.shareMt, `${pct(d.shareMt)} (${int(d.flaggedMt)})`),
    num(d.shareLm, `${pct(d.shareLm)} (${int(d.flaggedLm)})`),
    d.rejected,
    num(d.meanShare3plus, pct(d.meanShare3plus)),
    d.tracePages,
    d.traces.map((t) => `${t.code} ${t.docs}`).join(', '),
  ]),
  { id: 'domain-table', pageSize: PAGE },
)}
${figures(charts, 'domains')}
</section>`;
}

function scores(r: AuditReport, charts: readonly ReportChart[]): string {
  return `<section id="scores"><h2>Detector score distributions</h2>
<p class="note">Each detector's score on pages whose verdict is human, against pages the policy flags as machine-made (share of each group per bin). Pages without the score (too short, not scored by that detector) are left out.</p>
${r.distributions.length === 0 ? '<p class="note">No scores in the database.</p>' : figures(charts, 'scores')}
</section>`;
}

function evaluation(r: AuditReport, charts: readonly ReportChart[]): string {
  const ev = r.evaluation;
  if (!ev) return '';
  const p = ev.policy;
  const verdictLabels = [...new Set(ev.confusion.map((c) => c.verdict))].sort();
  const truths = [...new Set(ev.confusion.map((c) => c.truth))].sort();
  return `<section id="evaluation"><h2>Evaluation against the ground truth</h2>
<p class="note">Labels: ${esc(ev.labels)}; ${int(ev.matched)} labelled pages evaluated, ${int(ev.trainSplit)} left out as part of the split the shipped models were trained on, ${int(ev.unmatched)} without a label. Positives: pages of the machine class; negatives: human pages (human translations included). TPR at 1% and 5% FPR with thresholds set on these negatives.</p>
${table(
  ['score', 'task', 'positives', 'negatives', 'AUROC', 'TPR @1% FPR', 'TPR @5% FPR'],
  ev.detectors.map((d) => [
    d.title,
    d.task,
    d.positives,
    d.negatives,
    num(d.auroc, fixed(d.auroc)),
    num(d.tprAt1, fixed(d.tprAt1)),
    num(d.tprAt5, fixed(d.tprAt5)),
  ]),
  { id: 'evaluation-table' },
)}
${table(
  ['truth \\ verdict', ...verdictLabels],
  truths.map((t) => [
    t,
    ...verdictLabels.map((v) => ev.confusion.find((c) => c.truth === t && c.verdict === v)?.docs ?? 0),
  ]),
  { id: 'confusion', caption: 'Pages per ground truth and verdict' },
)}
${facts([
  ['policy precision (rejected pages that are machine-made)', fixed(p.precision)],
  ['policy recall (machine-made pages rejected)', fixed(p.recall)],
  ['human pages rejected', `${pct(p.humanRejectRate)} (${int(p.rejectedHuman)} of ${int(p.humanPages)})`],
])}
${figures(charts, 'evaluation')}
</section>`;
}

function evidenceItem(e: EvidencePage): string {
  const v = e.verdict;
  const p = e.provenance;
  const where = p.path
    ? `${p.path}${p.recordOffset !== null ? ` @ offset ${p.recordOffset}` : ''}${p.recordLength !== null ? `, ${p.recordLength} bytes` : ''}`
    : p.sourceKind;
  const probs = v
    ? Object.entries(v.probs)
        .map(([k, x]) => `${k} ${x.toFixed(3)}`)
        .join(', ')
    : '';
  const aligned = e.aligned.length
    ? table(
        ['sentence', 'tuple size', 'the same sentence in other languages'],
        e.aligned.map((a): Cell[] => [
          a.text,
          a.size,
          html(
            a.others.map((o) => `<div><span class="tag">${esc(o.lang)}</span> ${esc(o.text)}</div>`).join(''),
          ),
        ]),
        { id: `aligned-${e.id}` },
      )
    : '<p class="note">No sentence of this page is in a translation tuple.</p>';
  return `<details class="evidence" id="page-${esc(e.id)}"><summary><span class="tag ${e.decision}">${e.decision}</span> <span class="tag ${esc(v?.label ?? '')}">${esc(v?.label ?? 'no verdict')}</span> ${esc(p.url ?? e.id)} <span class="note">(${esc(e.lang)}${e.truth ? `, truth: ${esc(e.truth)}` : ''})</span></summary>
${facts([
  ['page id', e.id],
  ['URL', p.url ?? '(none)'],
  ['fetched', p.fetchTime ?? '(unknown)'],
  ['from', where],
  ['record id', p.recordId ?? '-'],
  ['HTTP status', p.httpStatus === null ? '-' : String(p.httpStatus)],
  ['content digest', p.contentDigest],
  [
    'verdict',
    v ? `${v.label}${v.fprLevel !== null ? ` at ${pct(v.fprLevel, 0)} FPR` : ''}; ${probs}` : 'none',
  ],
])}
<p><b>Policy reasons</b></p><ul>${e.reasons.map((x) => `<li><code>${esc(x.code)}</code> (${esc(x.class)}): ${esc(x.detail)}</li>`).join('')}</ul>
${v && v.reasons.length ? `<p><b>Behind the verdict</b></p><ul>${v.reasons.map((x) => `<li><code>${esc(x.code)}</code>: ${esc(x.detail)}</li>`).join('')}</ul>` : ''}
${e.traces.length ? `<p><b>MT plugin traces</b></p><ul>${e.traces.map((t) => `<li><code>${esc(t.code)}</code>: ${esc(t.detail)}</li>`).join('')}</ul>` : ''}
<p><b>Aligned sentences</b></p>${aligned}
<p><b>Scores</b>: ${esc(e.scores.map((s) => `${s.detector}.${s.name} ${s.value}`).join(', ') || 'none')}</p>
</details>`;
}

function evidence(r: AuditReport): string {
  const ev = r.evidence;
  return `<section id="evidence"><h2>Evidence for flagged pages</h2>
<p class="note">${int(ev.sampled)} of ${int(ev.flagged)} flagged pages, drawn at random with seed ${r.seed}; <code>corpus-audit page &lt;id&gt;</code> shows any page the same way.</p>
${ev.pages.map(evidenceItem).join('\n')}
</section>`;
}

function collapse(r: AuditReport, charts: readonly ReportChart[]): string {
  const c = r.collapse;
  if (!c) return '';
  const rows = c.summary as {
    regime: string;
    generation: number;
    testPerplexity: { mean: number; sd: number };
    tailOnce: { mean: number };
    filterPrecision?: { mean: number };
    filterRecall?: { mean: number };
  }[];
  return `<section id="collapse"><h2>Model collapse: recursive retraining</h2>
<p class="result">${esc(collapseResult(rows))}</p>
<p class="note">From ${esc(c.source)}. Generation 0 is trained on real text; each later generation on text its predecessor produced, as each regime says: scrape-raw takes a web scrape whose synthetic share grows, scrape-filtered the same scrape after corpus-audit's scoring and policy.</p>
${table(
  [
    'regime',
    'generation',
    'test perplexity',
    'words seen once still produced',
    'filter precision',
    'filter recall',
  ],
  rows.map((x) => [
    x.regime,
    x.generation,
    num(x.testPerplexity.mean, `${x.testPerplexity.mean.toFixed(1)} ± ${x.testPerplexity.sd.toFixed(1)}`),
    num(x.tailOnce.mean, fixed(x.tailOnce.mean)),
    num(x.filterPrecision?.mean ?? null, fixed(x.filterPrecision?.mean ?? null, 2)),
    num(x.filterRecall?.mean ?? null, fixed(x.filterRecall?.mean ?? null, 2)),
  ]),
  { id: 'collapse-table', pageSize: PAGE },
)}
${figures(charts, 'collapse')}
<details><summary>Configuration</summary><pre>${esc(JSON.stringify(c.config, null, 2))}</pre></details>
</section>`;
}

/** The collapse run's result in one sentence: how far each regime's test perplexity moved, and what the filter changed. */
export function collapseResult(
  rows: readonly { regime: string; generation: number; testPerplexity: { mean: number } }[],
): string {
  const last = Math.max(...rows.map((x) => x.generation));
  const at = (regime: string, g: number): number | undefined =>
    rows.find((x) => x.regime === regime && x.generation === g)?.testPerplexity.mean;
  const regimes = [...new Set(rows.map((x) => x.regime))];
  const moves = regimes.flatMap((regime) => {
    const first = at(regime, 0);
    const end = at(regime, last);
    return first && end
      ? [`${regime} ${first.toFixed(0)} to ${end.toFixed(0)} (x${(end / first).toFixed(2)})`]
      : [];
  });
  if (last <= 0 || moves.length === 0) return 'Result: only generation 0 was run; nothing to compare.';
  const raw = at('scrape-raw', last);
  const filtered = at('scrape-filtered', last);
  const filter =
    raw !== undefined && filtered !== undefined
      ? ` With corpus-audit's filter the scrape-trained model ended at ${filtered.toFixed(0)}, against ${raw.toFixed(0)} without it (${filtered < raw ? 'lower is better: the filter slowed the collapse' : 'the filter did not help here'}).`
      : '';
  return `Result: over ${last} generation(s), test perplexity on real text went from ${moves.join('; ')}.${filter}`;
}

/** The whole report as one HTML file: styles, charts (inline SVG) and the table script inside it. */
export function auditHtml(r: AuditReport, charts: readonly ReportChart[]): string {
  const sections: [string, string][] = [
    ['overview', 'Overview'],
    ['saturation', 'MT saturation'],
    ['domains', 'Domains'],
    ['scores', 'Scores'],
    ...(r.evaluation ? ([['evaluation', 'Evaluation']] as [string, string][]) : []),
    ['evidence', 'Evidence'],
    ...(r.collapse ? ([['collapse', 'Collapse']] as [string, string][]) : []),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>corpus-audit report</title><style>${STYLE}</style></head>
<body>
<header><h1>corpus-audit report</h1><p>${esc(r.database)} &middot; generated ${esc(r.generatedAt)} &middot; ${esc(r.codeVersion)} &middot; policy ${esc(r.policy.source)} (${esc(r.policy.digest.slice(0, 12))})</p></header>
<nav>${sections.map(([id, name]) => `<a href="#${id}">${name}</a>`).join('')}<a href="report.json">JSON</a><a href="documents.csv">CSV</a></nav>
<main>
${overview(r, charts)}
${saturation(r, charts)}
${domains(r, charts)}
${scores(r, charts)}
${evaluation(r, charts)}
${evidence(r)}
${collapse(r, charts)}
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
