import { checkOptionNames, checkWholeNumber, type ListsEveryOption, type MustHold } from '../db/options.js';
import { hostOf, NO_HOST } from '../db/host.js';
import type { Store } from '../db/store.js';
import type { RunInfo } from '../db/types.js';
import { MT_MARKERS_DETECTOR } from '../detectors/mt-markers.js';
import { MWP_DETECTOR } from '../detectors/mwp/translation-tuples.js';
import { rng, shuffled } from '../db/random.js';
import { PolicyEngine, PolicyTally, type PolicyOutcome } from '../policy/apply-policy.js';
import { judgeStore, type JudgedDoc } from '../policy/judge-store.js';
import type { LoadedPolicy } from '../policy/load-policy.js';
import { codeVersion } from '../db/version.js';
import { evidencePage } from './evidence.js';
import { TruthEvaluation } from './truth-evaluation.js';
import type { GroundTruth } from './ground-truth.js';
import { saturationTable } from './mt-saturation.js';
import { REPORT_FORMAT, type AuditReport } from './report-schema.js';
import { histogram, SCORE_VIEWS, spanEdges } from './score-views.js';

export interface CollapseRun {
  source: string;
  config: Record<string, unknown>;
  summary: Record<string, unknown>[];
}

export interface CollectOptions {
  store: Store;
  /** How the report names the database (its path). */
  database: string;
  policy: LoadedPolicy;
  truth?: GroundTruth;
  collapse?: CollapseRun;
  /** Seed of the evidence sample. @default 1 */
  seed?: number;
  /** Flagged pages shown with their evidence. @default 40 */
  evidencePages?: number;
  now?: Date;
}

interface LangAcc {
  mt: number;
  lm: number;
  rejected: number;
  /** Pages per verdict label (`unscored` without one). */
  verdicts: Map<string, number>;
  /** Pages the verdict abstained on, by its reason code. */
  abstained: Map<string, number>;
}

const emptyLang = (): LangAcc => ({ mt: 0, lm: 0, rejected: 0, verdicts: new Map(), abstained: new Map() });
const inc = (m: Map<string, number>, k: string, by = 1): void => void m.set(k, (m.get(k) ?? 0) + by);

interface DomainAcc {
  mt: number;
  lm: number;
  rejected: number;
  share3Sum: number;
  share3N: number;
  tracePages: number;
  traces: Map<string, number>;
}

/** The latest completed score run: the models and calibration the verdicts come from. */
function scoreModels(runs: readonly RunInfo[]): AuditReport['models'] {
  // `score`, or another command that scored (the demo): a completed run that recorded its models.
  const run = [...runs]
    .reverse()
    .find((r) => r.status === 'completed' && Array.isArray((r.config as { models?: unknown }).models));
  if (!run) return { scoreRun: null, models: [], verdict: null };
  const cfg = run.config as {
    models?: { spec: string; digest: string; dtype?: string; modelType?: string }[];
    verdictModel?: { path: string; digest: string };
  };
  return {
    scoreRun: run.id,
    models: (cfg.models ?? []).map((m) => ({
      spec: m.spec,
      digest: m.digest,
      dtype: m.dtype ?? '',
      modelType: m.modelType ?? '',
    })),
    verdict: cfg.verdictModel ?? null,
  };
}

/** Every option `collectReport()` takes: another key is a typo, refused (`checkOptionNames`). */
export const COLLECT_OPTION_NAMES = [
  'store',
  'database',
  'policy',
  'truth',
  'collapse',
  'seed',
  'evidencePages',
  'now',
] as const satisfies readonly (keyof CollectOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _CollectOptionsListed = MustHold<ListsEveryOption<typeof COLLECT_OPTION_NAMES, CollectOptions>>;

/** Everything the report shows, read from the Store in one pass over its pages (charts excluded). */
export function collectReport(options: CollectOptions): AuditReport {
  checkOptionNames('collectReport()', options, COLLECT_OPTION_NAMES);
  checkWholeNumber('collectReport()', 'seed', options.seed, 0);
  checkWholeNumber('collectReport()', 'evidencePages', options.evidencePages, 0);
  const { store, truth } = options;
  const engine = PolicyEngine.of(options.policy);
  const tally = new PolicyTally();
  const sourceKinds = new Map<string, number>();
  const verdicts = new Map<string, number>();
  const reasons = new Map<string, { class: string; docs: number; rejected: number }>();
  const langs = new Map<string, LangAcc>();
  const domains = new Map<string, DomainAcc>();
  const values = new Map<string, { human: number[]; flagged: number[] }>();
  const flagged = new Map<string, PolicyOutcome>();
  const evaluation = truth ? new TruthEvaluation(truth) : undefined;

  for (const j of judgeStore(store, engine)) {
    const { doc, outcome, verdict } = j;
    tally.add(outcome, verdict !== undefined);
    inc(sourceKinds, doc.provenance.sourceKind);
    inc(verdicts, verdict?.label ?? 'unscored');
    const rejected = outcome.decision === 'reject';
    for (const r of outcome.reasons)
      if (!reasons.has(r.code)) reasons.set(r.code, { class: r.class, docs: 0, rejected: 0 });
    for (const code of new Set(outcome.reasons.map((r) => r.code))) {
      const acc = reasons.get(code)!;
      acc.docs++;
      if (rejected) acc.rejected++;
    }
    const classes = new Set(outcome.reasons.map((r) => r.class));
    const mt = classes.has('machine-translation');
    const lm = classes.has('lm-generated');
    const lang = doc.lang?.code ?? 'und';
    const l = langs.get(lang) ?? emptyLang();
    langs.set(lang, l);
    inc(l.verdicts, verdict?.label ?? 'unscored');
    if (verdict?.label === 'insufficient') inc(l.abstained, verdict.reasons[0]?.code ?? 'unknown');
    l.mt += Number(mt);
    l.lm += Number(lm);
    l.rejected += Number(rejected);
    addDomain(domains, j, mt, lm, rejected);
    if (mt || lm) flagged.set(doc.id, outcome);

    evaluation?.add(j, rejected);
    for (const view of SCORE_VIEWS) {
      const v = view.get(j.scores, verdict);
      if (v === undefined || !Number.isFinite(v)) continue;
      const vs = values.get(view.id) ?? { human: [], flagged: [] };
      values.set(view.id, vs);
      if (verdict?.label === 'human') vs.human.push(v);
      else if (mt || lm) vs.flagged.push(v);
    }
  }

  const runs = store.listRuns();
  const totals = store.totals();
  const domainRows = store.domainStats();
  const languageRows = store.languageStats();
  const siteOf = new Map<string, string>();
  for (const label of truth?.byUrl.values() ?? []) {
    const host = hostOf(label.url);
    if (host !== undefined) siteOf.set(host, label.site);
  }
  const problemCodes = new Map<string, number>();
  for (const p of store.listProblems()) inc(problemCodes, p.code);
  const wanted = options.evidencePages ?? 40;
  const sample = sampleIds([...flagged.keys()], wanted, options.seed ?? 1);
  const ratio = (a: number, b: number): number | null => (b > 0 ? Number((a / b).toFixed(4)) : null);

  return {
    format: REPORT_FORMAT,
    generatedAt: (options.now ?? new Date()).toISOString(),
    codeVersion: codeVersion(),
    database: options.database,
    seed: options.seed ?? 1,
    overview: {
      documents: totals.docs,
      sentences: totals.sentences,
      bytes: totals.bytes,
      sourceFiles: totals.sources,
      problems: totals.problems,
      languages: languageRows.length,
      domains: domainRows.length,
      sourceKinds: sorted(sourceKinds).map(([kind, docs]) => ({ kind, docs })),
      verdicts: sorted(verdicts).map(([label, docs]) => ({ label, docs })),
      decisions: {
        keep: tally.pages - tally.rejected,
        reject: tally.rejected,
        noVerdict: tally.noVerdict,
        flagged: { ...tally.flagged },
      },
      reasons: [...reasons]
        .map(([code, r]) => ({ code, ...r }))
        .sort((a, b) => b.docs - a.docs || (a.code < b.code ? -1 : 1)),
      duplicates: store.dupSummary(),
      problemCodes: sorted(problemCodes).map(([code, n]) => ({ code, count: n })),
    },
    policy: {
      source: options.policy.source,
      digest: options.policy.digest,
      mode: options.policy.policy.mode,
      resolved: options.policy.policy,
    },
    models: scoreModels(runs),
    runs: runs.map((r) => ({
      id: r.id,
      command: r.command,
      status: r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt ?? null,
      codeVersion: r.codeVersion,
      problems: r.problemCount,
      config: r.config,
    })),
    languages: languageRows.map((row) => {
      const l = langs.get(row.lang) ?? emptyLang();
      return {
        lang: row.lang,
        docs: row.docs,
        sentences: row.sentences,
        bytes: row.bytes,
        flaggedMt: l.mt,
        flaggedLm: l.lm,
        rejected: l.rejected,
        verdicts: Object.fromEntries(sorted(l.verdicts)),
        abstained: Object.fromEntries(sorted(l.abstained)),
      };
    }),
    saturation: saturationTable(store.detections.tupleSizeCounts()),
    domains: domainRows.map((row) => {
      const d = domains.get(row.host) ?? emptyDomain();
      return {
        host: row.host,
        site: siteOf.get(row.host) ?? null,
        docs: row.docs,
        languages: row.languages,
        flaggedMt: d.mt,
        flaggedLm: d.lm,
        rejected: d.rejected,
        shareMt: ratio(d.mt, row.docs) ?? 0,
        shareLm: ratio(d.lm, row.docs) ?? 0,
        meanShare3plus: ratio(d.share3Sum, d.share3N),
        tracePages: d.tracePages,
        traces: sorted(d.traces).map(([code, docs]) => ({ code, docs })),
      };
    }),
    distributions: SCORE_VIEWS.filter((v) => values.has(v.id)).map((view) => {
      const vs = values.get(view.id)!;
      const edges = view.edges ?? spanEdges([...vs.human, ...vs.flagged]);
      return {
        id: view.id,
        title: view.title,
        edges,
        human: histogram(vs.human, edges),
        flagged: histogram(vs.flagged, edges),
      };
    }),
    evaluation: evaluation?.finish(totals.docs) ?? null,
    evidence: {
      flagged: flagged.size,
      sampled: sample.length,
      pages: sample.map((id) => evidencePage(store, id, flagged.get(id)!, truth)),
    },
    collapse: options.collapse ?? null,
    charts: [],
  };
}

function emptyDomain(): DomainAcc {
  return { mt: 0, lm: 0, rejected: 0, share3Sum: 0, share3N: 0, tracePages: 0, traces: new Map() };
}

function addDomain(
  domains: Map<string, DomainAcc>,
  j: JudgedDoc,
  mt: boolean,
  lm: boolean,
  rejected: boolean,
): void {
  const host = hostOf(j.doc.url) ?? NO_HOST;
  const d = domains.get(host) ?? emptyDomain();
  domains.set(host, d);
  d.mt += Number(mt);
  d.lm += Number(lm);
  d.rejected += Number(rejected);
  const s3 = j.scores.find((s) => s.detector === MWP_DETECTOR && s.name === 'share_3plus');
  if (s3) {
    d.share3Sum += s3.value;
    d.share3N++;
  }
  const traces = new Set(j.evidence.filter((e) => e.detector === MT_MARKERS_DETECTOR).map((e) => e.code));
  if (traces.size > 0) d.tracePages++;
  for (const code of traces) inc(d.traces, code);
}

/** Entries by count, most first, ties by key. */
function sorted(m: Map<string, number>): [string, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Up to `n` ids, a seeded shuffle of the (id-ordered) input, returned in id order. */
export function sampleIds(ids: readonly string[], n: number, seed: number): string[] {
  return shuffled(ids, rng(seed)).slice(0, n).sort();
}
