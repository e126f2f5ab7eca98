import type { Store } from '../../db/store.js';
import { PolicyEngine, PolicyTally } from '../../policy/apply-policy.js';
import { judgeStore } from '../../policy/judge-store.js';
import type { LoadedPolicy } from '../../policy/load-policy.js';
import { codeVersion } from '../../db/version.js';
import { dolmaRecord } from './dolma-record.js';
import { formatFor, openSink, type ExportFormat, type RecordSink } from './sinks.js';
import { checkOptionNames, type ListsEveryOption, type MustHold } from '../../db/options.js';

export interface ExportOptions {
  store: Store;
  policy: LoadedPolicy;
  clean: string;
  /** @default the clean path with `.rejected` before its extensions */
  rejected?: string;
  /**
   * Both files' format. @default each file's, from its name (`.jsonl`, `.jsonl.gz`, `.parquet`);
   * a name that says none is an `ExportFormatError`.
   */
  format?: ExportFormat;
  /** The `source` field; @default each page's provenance source kind (`warc`, `jsonl`, `crawl`, ...) */
  source?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ExportSummary {
  runId: number;
  clean: { path: string; docs: number };
  rejected: { path: string; docs: number };
  tally: PolicyTally;
  /**
   * Pages judged by another verdict file than the policy's thresholds file calibrated: they kept
   * the verdict's own thresholds (0 without a thresholds file).
   */
  calibrationMismatched: number;
  interrupted: boolean;
  elapsedMs: number;
}

/** `out.jsonl.gz` → `out.rejected.jsonl.gz`, `out.parquet` → `out.rejected.parquet`. */
export function rejectedPathFor(clean: string): string {
  const m = /^(.*?)((?:\.jsonl|\.json|\.parquet)?(?:\.gz)?)$/i.exec(clean);
  return `${m?.[1] ?? clean}.rejected${m?.[2] ?? ''}`;
}

/**
 * Writes every stored page, in id order, to the clean or the rejected file as the policy decides,
 * each with its scores, verdict and reasons: clean plus rejected is the whole Store. Files appear
 * under their names only when complete.
 */
/** Every option `exportStore()` takes: another key is a typo, refused (`checkOptionNames`). */
const EXPORT_OPTION_NAMES = [
  'store',
  'policy',
  'clean',
  'rejected',
  'format',
  'source',
  'signal',
  'onProgress',
] as const satisfies readonly (keyof ExportOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _ExportOptionsListed = MustHold<ListsEveryOption<typeof EXPORT_OPTION_NAMES, ExportOptions>>;

export async function exportStore(options: ExportOptions): Promise<ExportSummary> {
  checkOptionNames('exportStore()', options, EXPORT_OPTION_NAMES);
  const started = performance.now();
  const { store, policy } = options;
  const format = formatFor(options.clean, options.format);
  const rejectedPath = options.rejected ?? rejectedPathFor(options.clean);
  const rejectedFormat = formatFor(rejectedPath, options.format);
  if (rejectedPath === options.clean) throw new Error('the clean and the rejected file must differ');
  const engine = PolicyEngine.of(policy);
  const tally = new PolicyTally();
  const runId = store.beginRun({
    command: 'export',
    config: {
      clean: options.clean,
      rejected: rejectedPath,
      format,
      ...(rejectedFormat !== format && { rejectedFormat }),
      policy: { source: policy.source, digest: policy.digest },
      ...(options.source && { source: options.source }),
    },
    codeVersion: codeVersion(),
  });
  const sinks: RecordSink[] = [];
  try {
    const clean = openSink(options.clean, format);
    sinks.push(clean);
    const rejected = openSink(rejectedPath, rejectedFormat);
    sinks.push(rejected);
    const added = new Map<number, string>();
    const total = store.countDocs();
    const counts = { clean: 0, rejected: 0 };
    let interrupted = false;
    for (const judged of judgeStore(store, engine)) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      let when = added.get(judged.doc.runId);
      if (when === undefined) {
        when = store.getRun(judged.doc.runId)?.startedAt ?? new Date(0).toISOString();
        added.set(judged.doc.runId, when);
      }
      const record = dolmaRecord({
        doc: judged.doc,
        source: options.source,
        added: when,
        scores: judged.scores,
        verdict: judged.verdict,
        outcome: judged.outcome,
        policyDigest: policy.digest,
      });
      tally.add(judged.outcome, judged.verdict !== undefined);
      if (judged.outcome.decision === 'reject') {
        await rejected.write(record);
        counts.rejected++;
      } else {
        await clean.write(record);
        counts.clean++;
      }
      if (tally.pages % 500 === 0) options.onProgress?.(tally.pages, total);
    }
    if (interrupted) {
      for (const s of sinks) s.abort();
    } else {
      await clean.close();
      await rejected.close();
    }
    options.onProgress?.(tally.pages, total);
    store.finishRun(runId, {
      status: interrupted ? 'interrupted' : 'completed',
      stats: [
        {
          name: 'policy',
          total: tally.pages,
          kept: counts.clean,
          dropped: counts.rejected,
          timeMs: performance.now() - started,
          reasons: tally.codes,
        },
      ],
    });
    return {
      runId,
      clean: { path: options.clean, docs: counts.clean },
      rejected: { path: rejectedPath, docs: counts.rejected },
      tally,
      calibrationMismatched: engine.calibration?.mismatched ?? 0,
      interrupted,
      elapsedMs: performance.now() - started,
    };
  } catch (err) {
    for (const s of sinks) s.abort();
    store.finishRun(runId, { status: 'failed', stats: [] });
    throw err;
  }
}
