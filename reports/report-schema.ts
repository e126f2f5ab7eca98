import { z } from 'zod';

/**
 * The audit report's JSON, as a schema: `report.json` is validated against it before it is written,
 * and `report.schema.json` (the same schema as JSON Schema) goes beside it for other tools.
 */
export const REPORT_FORMAT = 'corpus-audit/report@1';

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);
const nullableNumber = z.number().nullable();

const provenance = z.strictObject({
  sourceKind: z.string(),
  url: z.string().nullable(),
  fetchTime: z.string().nullable(),
  path: z.string().nullable(),
  recordOffset: count.nullable(),
  recordLength: count.nullable(),
  recordId: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  contentDigest: z.string(),
  crawler: z.string().nullable(),
});

const reason = z.strictObject({ code: z.string(), class: z.string(), detail: z.string() });

const evidencePage = z.strictObject({
  id: z.string(),
  lang: z.string(),
  host: z.string().nullable(),
  decision: z.enum(['keep', 'reject']),
  /** The ground-truth origin, when labels were given. */
  truth: z.string().nullable(),
  verdict: z
    .strictObject({
      label: z.string(),
      probs: z.record(z.string(), z.number()),
      fprLevel: nullableNumber,
      reasons: z.array(z.strictObject({ code: z.string(), detail: z.string() })),
    })
    .nullable(),
  reasons: z.array(reason),
  scores: z.array(z.strictObject({ detector: z.string(), name: z.string(), value: z.number() })),
  traces: z.array(z.strictObject({ code: z.string(), detail: z.string() })),
  /** Sentences in translation tuples with their counterparts in the other languages. */
  aligned: z.array(
    z.strictObject({
      idx: count,
      text: z.string(),
      size: count,
      others: z.array(z.strictObject({ lang: z.string(), url: z.string().nullable(), text: z.string() })),
    }),
  ),
  provenance,
});

const binRow = z.strictObject({ bin: z.string(), sentences: count, meanLength: nullableNumber });

const rocPoint = z.tuple([share, share]);

export const reportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  generatedAt: z.string(),
  codeVersion: z.string(),
  database: z.string(),
  /** Seed of the evidence sample. */
  seed: count,
  overview: z.strictObject({
    documents: count,
    sentences: count,
    bytes: count,
    sourceFiles: count,
    problems: count,
    languages: count,
    domains: count,
    sourceKinds: z.array(z.strictObject({ kind: z.string(), docs: count })),
    verdicts: z.array(z.strictObject({ label: z.string(), docs: count })),
    decisions: z.strictObject({
      keep: count,
      reject: count,
      noVerdict: count,
      flagged: z.strictObject({ 'machine-translation': count, 'lm-generated': count, policy: count }),
    }),
    reasons: z.array(z.strictObject({ code: z.string(), class: z.string(), docs: count, rejected: count })),
    duplicates: z.array(
      z.strictObject({ kind: z.string(), clusters: count, docsInClusters: count, redundantDocs: count }),
    ),
    problemCodes: z.array(z.strictObject({ code: z.string(), count })),
  }),
  policy: z.strictObject({
    source: z.string(),
    digest: z.string(),
    mode: z.string(),
    resolved: z.record(z.string(), z.unknown()),
  }),
  models: z.strictObject({
    /** The score run the verdicts come from, or null when the database was never scored. */
    scoreRun: count.nullable(),
    models: z.array(
      z.strictObject({ spec: z.string(), digest: z.string(), dtype: z.string(), modelType: z.string() }),
    ),
    verdict: z.strictObject({ path: z.string(), digest: z.string() }).nullable(),
  }),
  runs: z.array(
    z.strictObject({
      id: count,
      command: z.string(),
      status: z.string(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      codeVersion: z.string(),
      problems: count,
      config: z.record(z.string(), z.unknown()),
    }),
  ),
  languages: z.array(
    z.strictObject({
      lang: z.string(),
      docs: count,
      sentences: count,
      bytes: count,
      flaggedMt: count,
      flaggedLm: count,
      rejected: count,
      /** Pages per verdict label (`unscored`: no verdict yet). */
      verdicts: z.record(z.string(), count),
      /** Pages the verdict abstained on (`insufficient`), by reason (`too_short`, `no_reference_for_language`, ...). */
      abstained: z.record(z.string(), count),
    }),
  ),
  saturation: z.array(
    z.strictObject({
      lang: z.string(),
      sentences: count,
      share2plus: share,
      share3plus: share,
      share8plus: share,
      meanTupleSize: nullableNumber,
      single: binRow,
      bins: z.array(binRow),
    }),
  ),
  domains: z.array(
    z.strictObject({
      host: z.string(),
      /** The demo world's site id, when labels were given. */
      site: z.string().nullable(),
      docs: count,
      languages: z.array(z.strictObject({ lang: z.string(), docs: count })),
      flaggedMt: count,
      flaggedLm: count,
      rejected: count,
      shareMt: share,
      shareLm: share,
      /** Mean share of a page's sentences in 3+-language tuples (the multi-way score). */
      meanShare3plus: nullableNumber,
      tracePages: count,
      traces: z.array(z.strictObject({ code: z.string(), docs: count })),
    }),
  ),
  distributions: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      edges: z.array(z.number()),
      human: z.array(count),
      flagged: z.array(count),
    }),
  ),
  evaluation: z
    .strictObject({
      labels: z.string(),
      /** Labelled pages evaluated. */
      matched: count,
      /** Labelled pages of the training split (`split: "train"`), left out of the evaluation. */
      trainSplit: count,
      /** Pages without a label. */
      unmatched: count,
      /** Pages per (ground truth, verdict label). */
      confusion: z.array(z.strictObject({ truth: z.string(), verdict: z.string(), docs: count })),
      detectors: z.array(
        z.strictObject({
          id: z.string(),
          title: z.string(),
          task: z.enum(['machine-translation', 'lm-generated']),
          positives: count,
          negatives: count,
          auroc: nullableNumber,
          tprAt1: nullableNumber,
          tprAt5: nullableNumber,
          roc: z.array(rocPoint),
        }),
      ),
      /** The policy's rejections against the truth: a machine page rejected is a hit. */
      policy: z.strictObject({
        machinePages: count,
        humanPages: count,
        rejectedMachine: count,
        rejectedHuman: count,
        precision: nullableNumber,
        recall: nullableNumber,
        humanRejectRate: nullableNumber,
      }),
    })
    .nullable(),
  evidence: z.strictObject({ flagged: count, sampled: count, pages: z.array(evidencePage) }),
  collapse: z
    .strictObject({
      source: z.string(),
      config: z.record(z.string(), z.unknown()),
      summary: z.array(z.record(z.string(), z.unknown())),
    })
    .nullable(),
  charts: z.array(z.strictObject({ id: z.string(), title: z.string(), section: z.string() })),
});

export type AuditReport = z.infer<typeof reportSchema>;
export type EvidencePage = z.infer<typeof evidencePage>;

/** The schema as JSON Schema (draft 2020-12), for validators outside this project. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportSchema, { target: 'draft-2020-12' });
}
