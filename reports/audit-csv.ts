import { closeSync, openSync, writeSync } from 'node:fs';
import { hostOf } from '../db/host.js';
import type { Store } from '../db/store.js';
import { CLASSIFIER_DETECTOR } from '../detectors/models/classifier.js';
import { ZERO_SHOT_DETECTOR } from '../detectors/models/zero-shot.js';
import { MT_MARKERS_DETECTOR } from '../detectors/mt-markers.js';
import { MWP_DETECTOR } from '../detectors/mwp/translation-tuples.js';
import type { PolicyEngine } from '../policy/apply-policy.js';
import { judgeStore } from '../policy/judge-store.js';
import type { GroundTruth } from './ground-truth.js';
import { TUPLE_BINS } from './mt-saturation.js';
import type { AuditReport } from './report-schema.js';

type Value = string | number | null | undefined;

/** One RFC 4180 line: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvLine(values: readonly Value[]): string {
  return (
    values
      .map((v) => {
        if (v === null || v === undefined) return '';
        const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
        return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(',') + '\r\n'
  );
}

export const DOCUMENT_COLUMNS = [
  'id',
  'url',
  'host',
  'lang',
  'source_kind',
  'verdict',
  'p_machine_translation',
  'p_lm_generated',
  'fpr_level',
  'decision',
  'reason_codes',
  'classifier_p_machine_translation',
  'classifier_p_lm_generated',
  'binoculars',
  'mwp_share_3plus',
  'mt_traces',
  'truth',
  'fetch_time',
  'path',
  'record_offset',
  'record_length',
  'content_digest',
] as const;

/** `documents.csv`: one row per stored page, in id order, streamed (one page in memory at a time). */
export function writeDocumentsCsv(
  path: string,
  store: Store,
  engine: PolicyEngine,
  truth: GroundTruth | undefined,
): number {
  const fd = openSync(path, 'w');
  let rows = 0;
  try {
    let buffer = csvLine(DOCUMENT_COLUMNS);
    for (const { doc, scores, evidence, verdict, outcome } of judgeStore(store, engine)) {
      const get = (detector: string, name: string): number | undefined =>
        scores.find((s) => s.detector === detector && s.name === name)?.value;
      const p = doc.provenance;
      buffer += csvLine([
        doc.id,
        doc.url,
        hostOf(doc.url),
        doc.lang?.code ?? 'und',
        p.sourceKind,
        verdict?.label ?? 'unscored',
        verdict?.probs['machine-translation'],
        verdict?.probs['lm-generated'],
        verdict?.fprLevel,
        outcome.decision,
        [...new Set(outcome.reasons.map((r) => r.code))].join(' '),
        get(CLASSIFIER_DETECTOR, 'p_machine_translation'),
        get(CLASSIFIER_DETECTOR, 'p_lm_generated'),
        get(ZERO_SHOT_DETECTOR, 'binoculars'),
        get(MWP_DETECTOR, 'share_3plus'),
        [...new Set(evidence.filter((e) => e.detector === MT_MARKERS_DETECTOR).map((e) => e.code))].join(' '),
        doc.url === undefined ? undefined : truth?.byUrl.get(doc.url)?.origin,
        p.fetchTime,
        p.path,
        p.recordOffset,
        p.recordLength,
        p.contentDigest,
      ]);
      rows++;
      if (buffer.length > 1 << 16) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return rows;
}

export const DOMAIN_COLUMNS = [
  'host',
  'site',
  'docs',
  'flagged_mt',
  'flagged_lm',
  'rejected',
  'share_mt',
  'share_lm',
  'mean_share_3plus',
  'trace_pages',
  'traces',
  'languages',
] as const;

export function domainsCsv(report: AuditReport): string {
  return (
    csvLine(DOMAIN_COLUMNS) +
    report.domains
      .map((d) =>
        csvLine([
          d.host,
          d.site,
          d.docs,
          d.flaggedMt,
          d.flaggedLm,
          d.rejected,
          d.shareMt,
          d.shareLm,
          d.meanShare3plus,
          d.tracePages,
          d.traces.map((t) => `${t.code}:${t.docs}`).join(' '),
          d.languages.map((l) => `${l.lang}:${l.docs}`).join(' '),
        ]),
      )
      .join('')
  );
}

export const LANGUAGE_COLUMNS = [
  'lang',
  'docs',
  'sentences',
  'bytes',
  'flagged_mt',
  'flagged_lm',
  'rejected',
  'not_judged',
  'share_2plus',
  'share_3plus',
  'share_8plus',
  'mean_tuple_size',
  'sentences_single',
  ...TUPLE_BINS.map((b) => `sentences_tuple_${b.label}`),
] as const;

/** `languages.csv`: the language table joined with MT saturation. */
export function languagesCsv(report: AuditReport): string {
  const sat = new Map(report.saturation.map((s) => [s.lang, s]));
  return (
    csvLine(LANGUAGE_COLUMNS) +
    report.languages
      .map((l) => {
        const s = sat.get(l.lang);
        return csvLine([
          l.lang,
          l.docs,
          l.sentences,
          l.bytes,
          l.flaggedMt,
          l.flaggedLm,
          l.rejected,
          Object.values(l.abstained).reduce((a, b) => a + b, 0),
          s?.share2plus,
          s?.share3plus,
          s?.share8plus,
          s?.meanTupleSize,
          s?.single.sentences,
          ...(s?.bins.map((b) => b.sentences) ?? TUPLE_BINS.map(() => undefined)),
        ]);
      })
      .join('')
  );
}

export const REASON_COLUMNS = ['code', 'class', 'docs', 'rejected'] as const;

export function reasonsCsv(report: AuditReport): string {
  return (
    csvLine(REASON_COLUMNS) +
    report.overview.reasons.map((r) => csvLine([r.code, r.class, r.docs, r.rejected])).join('')
  );
}
