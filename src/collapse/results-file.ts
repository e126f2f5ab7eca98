import { readFileSync } from 'node:fs';
import type { DrawnChart } from '../../reports/audit-charts.js';
import type { CollapseRun } from '../../reports/collect-report.js';
import type { GenerationResult } from './harness.js';
import { collapseCharts } from './report.js';
import type { SummaryRow } from './summary.js';
import { UserError } from '../../db/errors.js';

/** A collapse results file (`corpus-audit collapse --out`) that cannot be used. */
export class CollapseFileError extends UserError {
  override readonly name: string = 'CollapseFileError';
}

/**
 * Reads what `corpus-audit collapse` wrote: its configuration, summary and per-generation results,
 * with the charts the audit report shows of them.
 */
export function loadCollapseRun(path: string): {
  run: CollapseRun;
  results: GenerationResult[];
  charts: DrawnChart[];
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CollapseFileError(`cannot read the collapse results ${path}: ${(err as Error).message}`);
  }
  const p = parsed as { config?: unknown; summary?: unknown; results?: unknown } | null;
  if (
    typeof p?.config !== 'object' ||
    p.config === null ||
    !Array.isArray(p.summary) ||
    !Array.isArray(p.results)
  ) {
    throw new CollapseFileError(
      `${path} is not a collapse results file (it needs config, summary and results; \`corpus-audit collapse --out\` writes one)`,
    );
  }
  const results = p.results as GenerationResult[];
  const summary = p.summary as SummaryRow[];
  return {
    run: {
      source: path,
      config: p.config as Record<string, unknown>,
      summary: p.summary as Record<string, unknown>[],
    },
    results,
    // The report shows them as they are drawn here: it receives charts, it does not know the harness.
    charts:
      results.length > 0
        ? collapseCharts(summary, results).map((c) => ({
            id: `collapse-${c.id}`,
            title: c.title,
            svg: c.svg,
          }))
        : [],
  };
}
