import { checkOptionNames, type ListsEveryOption, type MustHold } from '../db/options.js';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyEngine } from '../policy/apply-policy.js';
import { auditCharts, type DrawnChart } from './audit-charts.js';
import { domainsCsv, languagesCsv, reasonsCsv, writeDocumentsCsv } from './audit-csv.js';
import { auditHtml } from './audit-html.js';
import { COLLECT_OPTION_NAMES, collectReport, type CollectOptions } from './collect-report.js';
import { reportJsonSchema, reportSchema, type AuditReport } from './report-schema.js';

export interface WriteReportOptions extends CollectOptions {
  /** The folder to write (created when missing; the report's files in it are replaced). */
  out: string;
  /**
   * The collapse run's charts, drawn by the harness (`collapseCharts`): the report receives them as
   * data, as it receives the run's summary in `collapse`.
   */
  collapseCharts?: readonly DrawnChart[];
}

export interface WrittenReport {
  report: AuditReport;
  files: string[];
}

/** Writes a file under a temporary name first, so a crash never leaves half a file under the real one. */
function put(path: string, content: string): void {
  writeFileSync(`${path}.partial`, content);
  renameSync(`${path}.partial`, path);
}

/** Every option `writeReport()` takes: another key is a typo, refused (`checkOptionNames`). */
const REPORT_OPTION_NAMES = [
  ...COLLECT_OPTION_NAMES,
  'out',
  'collapseCharts',
] as const satisfies readonly (keyof WriteReportOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _ReportOptionsListed = MustHold<ListsEveryOption<typeof REPORT_OPTION_NAMES, WriteReportOptions>>;

/**
 * `corpus-audit report`: index.html (self-contained: styles, inline SVG charts, a small script that
 * sorts and pages tables), report.json (validated against report.schema.json, written beside it),
 * and documents.csv, domains.csv, languages.csv, reasons.csv.
 */
export function writeReport(options: WriteReportOptions): WrittenReport {
  checkOptionNames('writeReport()', options, REPORT_OPTION_NAMES);
  const { out: _out, collapseCharts: _charts, ...collect } = options;
  const report = collectReport(collect);
  const charts = auditCharts(report, options.collapseCharts);
  report.charts = charts.map((c) => ({ id: c.id, title: c.title, section: c.section }));
  // A report that does not match its own schema is a bug here: fail before writing anything.
  reportSchema.parse(report);
  mkdirSync(options.out, { recursive: true });
  const file = (name: string): string => join(options.out, name);
  put(file('report.json'), JSON.stringify(report, null, 2) + '\n');
  put(file('report.schema.json'), JSON.stringify(reportJsonSchema(), null, 2) + '\n');
  put(file('domains.csv'), domainsCsv(report));
  put(file('languages.csv'), languagesCsv(report));
  put(file('reasons.csv'), reasonsCsv(report));
  writeDocumentsCsv(
    file('documents.csv.partial'),
    options.store,
    PolicyEngine.of(options.policy),
    options.truth,
  );
  renameSync(file('documents.csv.partial'), file('documents.csv'));
  put(file('index.html'), auditHtml(report, charts));
  return {
    report,
    files: [
      'index.html',
      'report.json',
      'report.schema.json',
      'documents.csv',
      'domains.csv',
      'languages.csv',
      'reasons.csv',
    ].map(file),
  };
}
