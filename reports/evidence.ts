import type { Store } from '../db/store.js';
import { hostOf } from '../db/host.js';
import { MT_MARKERS_DETECTOR } from '../detectors/mt-markers.js';
import type { PolicyOutcome } from '../policy/apply-policy.js';
import type { GroundTruth } from './ground-truth.js';
import { pageReport } from './page-report.js';
import type { EvidencePage } from './report-schema.js';

/** Aligned sentences shown per page, and counterparts per sentence. */
const SENTENCES = 3;
const COUNTERPARTS = 8;
const round = (v: number): number => Number(v.toPrecision(6));

/**
 * Why one flagged page was flagged (`outcome`: what the policy decided in the report's pass): verdict,
 * policy reasons, plugin traces, aligned sentences in the other languages, provenance.
 */
export function evidencePage(
  store: Store,
  id: string,
  outcome: PolicyOutcome,
  truth: GroundTruth | undefined,
): EvidencePage {
  const doc = store.getDoc(id);
  if (!doc) throw new Error(`page ${id} vanished from the database while the report was written`);
  const page = pageReport(store, doc, SENTENCES);
  const p = doc.provenance;
  const v = page.verdict;
  return {
    id,
    lang: page.lang ?? 'und',
    host: hostOf(doc.url) ?? null,
    decision: outcome.decision,
    truth: (doc.url !== undefined && truth?.byUrl.get(doc.url)?.origin) || null,
    verdict: v
      ? {
          label: v.label,
          probs: Object.fromEntries(Object.entries(v.probs).map(([k, x]) => [k, round(x)])),
          fprLevel: v.fprLevel,
          reasons: v.reasons.map((r) => ({ code: r.code, detail: r.detail })),
        }
      : null,
    reasons: outcome.reasons.map((r) => ({ code: r.code, class: r.class, detail: r.detail })),
    scores: page.scores
      .filter((s) => Number.isFinite(s.value))
      .map((s) => ({ detector: s.detector, name: s.name, value: round(s.value) })),
    traces: page.evidence
      .filter((e) => e.detector === MT_MARKERS_DETECTOR)
      .map((e) => ({ code: e.code, detail: e.detail })),
    aligned: page.tuples.map((t) => ({
      idx: t.idx,
      text: t.text,
      size: t.size,
      others: t.others
        .slice(0, COUNTERPARTS)
        .map((o) => ({ lang: o.lang, url: o.url ?? null, text: o.text })),
    })),
    provenance: {
      sourceKind: p.sourceKind,
      url: doc.url ?? null,
      fetchTime: p.fetchTime ?? null,
      path: p.path ?? null,
      recordOffset: p.recordOffset ?? null,
      recordLength: p.recordLength ?? null,
      recordId: p.recordId ?? null,
      httpStatus: p.httpStatus ?? null,
      contentDigest: p.contentDigest,
      crawler: p.crawler ?? null,
    },
  };
}
