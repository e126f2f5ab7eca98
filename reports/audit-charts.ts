import { TUPLE_BINS } from './mt-saturation.js';
import type { AuditReport } from './report-schema.js';
import { barChart, lineChart, stackedShareChart } from './svg-charts.js';

/** Report sections charts belong to (the HTML's section ids). */
export type Section = 'overview' | 'saturation' | 'domains' | 'scores' | 'evaluation' | 'collapse';

/** A chart drawn elsewhere (the collapse harness's), handed to the report as data. */
export interface DrawnChart {
  id: string;
  title: string;
  svg: string;
}

export interface ReportChart {
  id: string;
  title: string;
  section: Section;
  svg: string;
}

/** Languages drawn one chart each in the saturation section (the table lists them all). */
export const SATURATION_CHART_LANGUAGES = 24;
/** Languages compared in the sentence-length chart. */
const LENGTH_CHART_LANGUAGES = 8;
const DOMAIN_CHART_ROWS = 24;

const shareOf = (counts: readonly number[]): number[] => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
};

function saturationCharts(report: AuditReport): ReportChart[] {
  const charts: ReportChart[] = [];
  const rows = report.saturation.filter((r) => r.lang !== 'und');
  const labels = ['1', ...TUPLE_BINS.map((b) => b.label)];
  if (rows.length > 0) {
    const top = rows.slice(0, 20);
    charts.push({
      id: 'saturation-shares',
      title: 'Share of sentences in translation tuples, per language',
      section: 'saturation',
      svg: barChart(
        top.map((r) => r.lang),
        [
          { name: '2+ languages', values: top.map((r) => r.share2plus) },
          { name: '3+ languages', values: top.map((r) => r.share3plus) },
          { name: '8+ languages', values: top.map((r) => r.share8plus) },
        ],
        {
          title: 'Sentences in translation tuples (share of each language, most sentences first)',
          xLabel: '',
          yLabel: 'share of sentences',
          width: 900,
          height: 400,
          yRange: [0, 1],
          slantXLabels: true,
        },
      ),
    });
    const withLength = rows.slice(0, LENGTH_CHART_LANGUAGES);
    // Bars, not lines: most languages have sentences in only some bins, and a line drawn across
    // the empty ones claims lengths nobody measured.
    charts.push({
      id: 'saturation-length',
      title: 'Sentence length against tuple size',
      section: 'saturation',
      svg: barChart(
        labels,
        withLength.map((r) => ({
          name: r.lang,
          values: [r.single, ...r.bins].map((b) => b.meanLength ?? 0),
        })),
        {
          title: 'Mean sentence length by the number of languages its tuple spans (no bar: no sentence)',
          xLabel: 'languages in the tuple (1: no tuple)',
          yLabel: 'characters',
          width: 900,
        },
      ),
    });
  }
  for (const r of rows.slice(0, SATURATION_CHART_LANGUAGES)) {
    charts.push({
      id: `tuples-${r.lang}`,
      title: `${r.lang}: sentences per tuple size`,
      section: 'saturation',
      svg: barChart(
        labels,
        [{ name: r.lang, values: shareOf([r.single.sentences, ...r.bins.map((b) => b.sentences)]) }],
        {
          title: `${r.lang} (${r.sentences.toLocaleString('en-US')} sentences)`,
          xLabel: 'languages in the tuple',
          yLabel: 'share',
          width: 300,
          height: 200,
          legend: false,
          yRange: [0, 1],
        },
      ),
    });
  }
  return charts;
}

function scoreCharts(report: AuditReport): ReportChart[] {
  return report.distributions.map((d) => ({
    id: `dist-${d.id}`,
    title: d.title,
    section: 'scores' as const,
    svg: barChart(
      d.edges.slice(0, -1).map((e) => String(Number(e.toPrecision(3)))),
      [
        { name: `human (${sum(d.human)})`, values: shareOf(d.human) },
        { name: `flagged (${sum(d.flagged)})`, values: shareOf(d.flagged) },
      ],
      {
        title: d.title,
        xLabel: 'score (bin lower edge)',
        yLabel: 'share of the group',
        width: 560,
        height: 280,
      },
    ),
  }));
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function evaluationCharts(report: AuditReport): ReportChart[] {
  const ev = report.evaluation;
  if (!ev) return [];
  return (['machine-translation', 'lm-generated'] as const).flatMap((task) => {
    // The verdict last, drawn thicker and dashed: on top of the detectors it combines, not hidden.
    const dets = ev.detectors
      .filter((d) => d.task === task && d.roc.length > 0)
      .sort((a, b) => Number(isVerdict(a.id)) - Number(isVerdict(b.id)));
    if (dets.length === 0) return [];
    return [
      {
        id: `roc-${task}`,
        title: `ROC against the ground truth: ${task} vs human pages`,
        section: 'evaluation' as const,
        svg: lineChart(
          dets.map((d) => ({
            name: `${d.id} (${d.auroc?.toFixed(3) ?? '-'})`,
            points: d.roc.map(([fpr, tpr]) => ({ x: fpr, y: tpr })),
            emphasis: isVerdict(d.id),
          })),
          {
            title: `${task} vs human: ROC (AUROC in the legend)`,
            xLabel: 'false-positive rate on human pages',
            yLabel: 'true-positive rate',
            yRange: [0, 1],
          },
        ),
      },
    ];
  });
}

const isVerdict = (id: string): boolean => id.startsWith('verdict');

function domainCharts(report: AuditReport): ReportChart[] {
  const rows = report.domains.slice(0, DOMAIN_CHART_ROWS);
  if (rows.length === 0) return [];
  return [
    {
      id: 'domains-flagged',
      title: 'Share of pages flagged per domain',
      section: 'domains',
      svg: barChart(
        rows.map((r) => r.site ?? r.host),
        [
          { name: 'machine-translation', values: rows.map((r) => r.shareMt) },
          { name: 'lm-generated', values: rows.map((r) => r.shareLm) },
        ],
        {
          title: 'Pages flagged per domain (most pages first)',
          xLabel: '',
          yLabel: 'share of its pages',
          width: 900,
          height: 420,
          yRange: [0, 1],
          slantXLabels: true,
        },
      ),
    },
  ];
}

/** Verdict labels in the order the per-language chart stacks them. */
const VERDICT_ORDER = ['human', 'machine-translation', 'lm-generated', 'insufficient', 'unscored'];
const LANGUAGE_VERDICT_ROWS = 40;

/** How much of each language is machine-made: the share of its pages per verdict, with counts. */
function languageVerdictChart(report: AuditReport): ReportChart[] {
  const rows = report.languages.slice(0, LANGUAGE_VERDICT_ROWS);
  if (rows.length === 0) return [];
  const labels = [
    ...VERDICT_ORDER.filter((v) => rows.some((r) => (r.verdicts[v] ?? 0) > 0)),
    ...[...new Set(rows.flatMap((r) => Object.keys(r.verdicts)))].filter((v) => !VERDICT_ORDER.includes(v)),
  ];
  const more = report.languages.length - rows.length;
  return [
    {
      id: 'language-verdicts',
      title: `Pages per verdict in each language (share, with the pages in brackets)${more > 0 ? `; ${more} smaller languages in the table` : ''}`,
      section: 'overview',
      svg: stackedShareChart(
        rows.map((r) => ({ label: r.lang, counts: labels.map((v) => r.verdicts[v] ?? 0) })),
        labels,
        {
          title: 'How much of each language is machine-made: pages per verdict',
          xLabel: "share of the language's pages",
        },
      ),
    },
  ];
}

function overviewCharts(report: AuditReport): ReportChart[] {
  const reasons = report.overview.reasons.slice(0, 12);
  const charts: ReportChart[] = [
    ...languageVerdictChart(report),
    {
      id: 'verdicts',
      title: 'Pages per verdict',
      section: 'overview',
      svg: barChart(
        report.overview.verdicts.map((v) => v.label),
        [{ name: 'pages', values: report.overview.verdicts.map((v) => v.docs) }],
        { title: 'Pages per verdict', xLabel: 'verdict', yLabel: 'pages', legend: false, width: 480 },
      ),
    },
  ];
  if (reasons.length > 0) {
    charts.push({
      id: 'reasons',
      title: 'Pages per reason code',
      section: 'overview',
      svg: barChart(
        reasons.map((r) => r.code.replace(/^(verdict|mt_marker|mgt_classifier)_/, '')),
        [
          { name: 'flagged', values: reasons.map((r) => r.docs) },
          { name: 'rejected', values: reasons.map((r) => r.rejected) },
        ],
        {
          title: 'Pages per reason code (most common 12)',
          xLabel: '',
          yLabel: 'pages',
          width: 900,
          height: 420,
          slantXLabels: true,
        },
      ),
    });
  }
  return charts;
}

/** Every chart of the report, in the order the HTML shows them; the collapse charts come drawn. */
export function auditCharts(report: AuditReport, collapseCharts: readonly DrawnChart[] = []): ReportChart[] {
  const charts = [
    ...overviewCharts(report),
    ...saturationCharts(report),
    ...domainCharts(report),
    ...scoreCharts(report),
    ...evaluationCharts(report),
  ];
  if (report.collapse) for (const c of collapseCharts) charts.push({ ...c, section: 'collapse' });
  return charts;
}
