import type { StoredDoc } from '../../db/store.js';
import type { DocScore, Provenance, Verdict } from '../../db/types.js';
import type { PolicyOutcome } from '../../policy/apply-policy.js';

/**
 * One exported document in the dolma / datatrove JSONL convention: `id`, `text`, `source`, `added`
 * (when corpus-audit stored it), `created` (when it was fetched, if known) and `metadata`.
 */
export interface DolmaRecord {
  id: string;
  text: string;
  source: string;
  added: string;
  created?: string;
  metadata: Record<string, unknown>;
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function provenanceOf(p: Provenance): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [snake(k), v]));
}

/** `{"mwp.share_3plus": 0.4, "mgt_classifier.p_human": 0.9, ...}`, sorted by key. */
function scoresOf(scores: readonly DocScore[]): Record<string, number> {
  return Object.fromEntries(
    scores.map((s) => [`${s.detector}.${s.name}`, s.value] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  );
}

export interface RecordParts {
  doc: StoredDoc;
  /** The dataset name for `source` (default: the provenance's source kind). */
  source?: string | undefined;
  added: string;
  scores: readonly DocScore[];
  verdict: Verdict | undefined;
  outcome: PolicyOutcome;
  policyDigest: string;
}

export function dolmaRecord(p: RecordParts): DolmaRecord {
  const { doc, verdict, outcome } = p;
  const metadata: Record<string, unknown> = {
    url: doc.url ?? null,
    title: doc.title ?? null,
    language: doc.lang?.code ?? 'und',
    language_score: doc.lang?.score ?? null,
    provenance: provenanceOf(doc.provenance),
    scores: scoresOf(p.scores),
    verdict: verdict
      ? {
          label: verdict.label,
          probs: verdict.probs,
          fpr_level: verdict.fprLevel,
          reasons: verdict.reasons,
          calibration: verdict.calibration.slice(0, 12),
        }
      : null,
    decision: outcome.decision,
    reasons: outcome.reasons,
    ...(outcome.exempt && { exempt: outcome.exempt }),
    policy: p.policyDigest.slice(0, 12),
    ...(doc.metadata && { source_metadata: doc.metadata }),
  };
  return {
    id: doc.id,
    text: doc.text,
    source: p.source ?? doc.provenance.sourceKind,
    added: p.added,
    ...(doc.provenance.fetchTime && { created: doc.provenance.fetchTime }),
    metadata,
  };
}
