import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { Verdict } from '../../db/types.js';
import {
  DOCUMENT_COLUMNS,
  DOMAIN_COLUMNS,
  LANGUAGE_COLUMNS,
  REASON_COLUMNS,
} from '../../reports/audit-csv.js';
import { sampleIds } from '../../reports/collect-report.js';
import { loadGroundTruth } from '../../reports/ground-truth.js';
import { reportSchema, type AuditReport } from '../../reports/report-schema.js';
import { writeReport } from '../../reports/write-report.js';
import { main } from '../../src/cli/main.js';
import { defaultPolicy } from '../../policy/load-policy.js';
import { sampleDoc } from '../helpers/docs.js';
import { captureIo } from '../helpers/io.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { parseCsv } from '../helpers/csv.js';

const thresholds = {
  'machine-translation': { '0.01': 0.9, '0.05': 0.5 },
  'lm-generated': { '0.01': 0.9, '0.05': 0.5 },
};

/** Which class each of the 30 pages is made to look like (and truly is, in the labels). */
const kind = (i: number): 'human' | 'machine-translation' | 'lm-generated' =>
  i % 3 === 0 ? 'machine-translation' : i % 5 === 0 ? 'lm-generated' : 'human';

/**
 * 30 pages on three hosts: machine-translated ones in a translation tuple with a plugin trace,
 * scored by the classifier, with verdicts; labels for all but the last two.
 */
function database(dir: string): { db: string; labels: string } {
  const path = join(dir, 'audit.sqlite');
  const store = new SqliteStore(path);
  const runId = store.beginRun({ command: 'test', config: {}, codeVersion: 'test' });
  const docs = Array.from({ length: 30 }, (_, i) => sampleDoc(i));
  store.putDocs(docs, runId);
  store.finishRun(runId, { status: 'completed', stats: [] });
  const mt = docs.filter((_, i) => kind(i) === 'machine-translation');
  store.detections.replaceScores(
    'mgt_classifier',
    docs.flatMap((d, i) => [
      {
        docId: d.id,
        detector: 'mgt_classifier',
        name: 'p_machine_translation',
        value: kind(i) === 'machine-translation' ? 0.8 + i / 1000 : 0.1 + i / 1000,
      },
      {
        docId: d.id,
        detector: 'mgt_classifier',
        name: 'p_lm_generated',
        value: kind(i) === 'lm-generated' ? 0.7 : 0.2 - i / 1000,
      },
    ]),
  );
  store.detections.replaceScores(
    'mt_markers',
    mt.map((d) => ({ docId: d.id, detector: 'mt_markers', name: 'plugins', value: 1 })),
    mt.map((d) => ({
      docId: d.id,
      detector: 'mt_markers',
      code: 'mt_marker_gtranslate',
      detail: 'script:https://cdn.gtranslate.net/widgets/latest/float.js',
    })),
  );
  store.detections.replaceTranslations({
    links: [],
    tuples: [{ id: 1, size: mt.length, languages: ['deu', 'eng'] }],
    sentences: mt.map((d) => ({ docId: d.id, idx: 0, tupleId: 1, size: mt.length })),
  });
  store.detections.replaceVerdicts(
    docs.map((d, i): Verdict => {
      const k = kind(i);
      return {
        docId: d.id,
        label: k,
        probs:
          k === 'human'
            ? { human: 0.9, 'machine-translation': 0.05, 'lm-generated': 0.05 }
            : {
                human: 0.02,
                'machine-translation': k === 'lm-generated' ? 0.01 : 0.97,
                'lm-generated': k === 'lm-generated' ? 0.97 : 0.01,
              },
        fprLevel: k === 'human' ? null : 0.01,
        reasons: [],
        calibration: 'cal',
        thresholds,
      };
    }),
  );
  store.close();
  const labels = join(dir, 'labels.jsonl');
  writeFileSync(
    labels,
    docs
      .slice(0, 28)
      .map((d, i) =>
        JSON.stringify({
          url: d.url,
          site: `site-${i % 3}`,
          origin: kind(i),
          split: i === 1 ? 'train' : 'test',
        }),
      )
      .join('\n') + '\n',
  );
  return { db: path, labels };
}

const read = (path: string): string => readFileSync(path, 'utf8');
const json = (path: string): AuditReport => JSON.parse(read(path)) as AuditReport;

describe('the audit report', () => {
  it('writes HTML, JSON that validates against its schema, and CSV with the expected columns', () => {
    const dir = tempDir();
    const { db, labels } = database(dir);
    const store = new SqliteStore(db);
    try {
      const out = join(dir, 'report');
      const written = writeReport({
        store,
        database: db,
        policy: defaultPolicy(),
        out,
        truth: loadGroundTruth(labels),
        evidencePages: 5,
      });
      const report = json(join(out, 'report.json'));
      // The schema beside it, through an independent validator.
      const ajv = new Ajv2020.default({ strict: false, allErrors: true });
      const validate = ajv.compile(JSON.parse(read(join(out, 'report.schema.json'))) as object);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(reportSchema.safeParse(report).success).toBe(true);

      const o = report.overview;
      expect(o.documents).toBe(30);
      expect(o.decisions.reject + o.decisions.keep).toBe(30);
      // 10 machine-translation pages (i % 3 == 0), 4 lm-generated (i % 5 == 0, not % 3).
      expect(o.decisions.flagged['machine-translation']).toBe(10);
      expect(o.decisions.flagged['lm-generated']).toBe(4);
      expect(o.reasons.find((r) => r.code === 'verdict_machine_translation')?.docs).toBe(10);
      expect(report.domains.map((d) => d.host).sort()).toEqual([
        'site0.example',
        'site1.example',
        'site2.example',
      ]);
      expect(report.domains.reduce((s, d) => s + d.tracePages, 0)).toBe(10);
      expect(report.domains.find((d) => d.host === 'site0.example')?.site).toBe('site-0');

      // Ground truth: 28 labelled, one of them in the training split (left out); the classifier
      // separates the classes perfectly here.
      const ev = report.evaluation!;
      expect(ev.matched).toBe(27);
      expect(ev.trainSplit).toBe(1);
      expect(ev.unmatched).toBe(2);
      const clf = ev.detectors.find((d) => d.id === 'classifier-mt')!;
      expect(clf.auroc).toBe(1);
      expect(clf.roc[0]).toEqual([0, 0]);
      expect(clf.roc.at(-1)).toEqual([1, 1]);
      expect(ev.policy.precision).toBe(1);
      expect(ev.policy.recall).toBe(1);
      expect(ev.confusion.find((c) => c.truth === 'human' && c.verdict === 'human')?.docs).toBe(13);

      // Evidence: 5 of 14 flagged, with the aligned sentences and provenance of each.
      expect(report.evidence.flagged).toBe(14);
      expect(report.evidence.pages).toHaveLength(5);
      for (const p of report.evidence.pages) {
        expect(p.decision).toBe('reject');
        expect(p.provenance.path).toBe('/data/crawl.warc.gz');
        expect(p.provenance.recordOffset).toBe(Number(p.id.slice(4)) * 1000);
        if (p.verdict?.label === 'machine-translation') {
          expect(p.aligned[0]?.others.length).toBe(8); // 9 counterparts, shown up to 8
          expect(p.traces[0]?.code).toBe('mt_marker_gtranslate');
        }
      }

      // Every chart the JSON lists is in the HTML, as inline SVG.
      const html = read(join(out, 'index.html'));
      expect(report.charts.length).toBeGreaterThan(5);
      for (const c of report.charts) expect(html).toContain(`data-chart="${c.id}"><svg`);
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/);
      expect(written.files).toHaveLength(7);

      const docs = parseCsv(read(join(out, 'documents.csv')));
      expect(docs[0]).toEqual([...DOCUMENT_COLUMNS]);
      expect(docs).toHaveLength(31);
      const col = (name: string): number =>
        DOCUMENT_COLUMNS.indexOf(name as (typeof DOCUMENT_COLUMNS)[number]);
      const row3 = docs.find((r) => r[0] === 'doc-0003')!;
      expect(row3[col('decision')]).toBe('reject');
      expect(row3[col('truth')]).toBe('machine-translation');
      expect(row3[col('record_offset')]).toBe('3000');
      expect(parseCsv(read(join(out, 'domains.csv')))[0]).toEqual([...DOMAIN_COLUMNS]);
      expect(parseCsv(read(join(out, 'languages.csv')))[0]).toEqual([...LANGUAGE_COLUMNS]);
      expect(parseCsv(read(join(out, 'reasons.csv')))[0]).toEqual([...REASON_COLUMNS]);
      // Pages the verdict abstained on, per language and reason, add up to its insufficient pages
      // (none in this fixture; the demo test's report has them).
      for (const l of report.languages) {
        const abstained = Object.values(l.abstained).reduce((a, b) => a + b, 0);
        expect(abstained).toBe(l.verdicts.insufficient ?? 0);
      }
    } finally {
      store.close();
    }
  });

  it('is the same for the same database and seed, apart from its timestamp; another seed samples other pages', () => {
    const dir = tempDir();
    const { db, labels } = database(dir);
    const store = new SqliteStore(db);
    try {
      const make = (out: string, seed: number, now: Date): AuditReport =>
        writeReport({
          store,
          database: db,
          policy: defaultPolicy(),
          out: join(dir, out),
          truth: loadGroundTruth(labels),
          evidencePages: 4,
          seed,
          now,
        }).report;
      const a = make('a', 7, new Date('2026-01-01T00:00:00Z'));
      const b = make('b', 7, new Date('2026-02-01T00:00:00Z'));
      expect(a.generatedAt).not.toBe(b.generatedAt);
      expect({ ...a, generatedAt: '' }).toEqual({ ...b, generatedAt: '' });
      expect(read(join(dir, 'a', 'documents.csv'))).toBe(read(join(dir, 'b', 'documents.csv')));
      const c = make('c', 8, new Date('2026-01-01T00:00:00Z'));
      expect(c.evidence.pages.map((p) => p.id)).not.toEqual(a.evidence.pages.map((p) => p.id));
    } finally {
      store.close();
    }
  });

  it('samples deterministically, in id order, never more than asked', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `id-${String(i).padStart(2, '0')}`);
    expect(sampleIds(ids, 10, 3)).toEqual(sampleIds(ids, 10, 3));
    expect(sampleIds(ids, 10, 3)).toEqual([...sampleIds(ids, 10, 3)].sort());
    expect(new Set(sampleIds(ids, 10, 3)).size).toBe(10);
    expect(sampleIds(ids, 100, 3)).toEqual(ids);
  });

  it('corpus-audit report: writes the folder, and says what is wrong with bad labels or collapse files', async () => {
    const dir = tempDir();
    const { db, labels } = database(dir);
    const ok = captureIo(dir);
    expect(
      await main(['report', '--db', db, '--out', 'rep', '--labels', labels, '--evidence', '3'], ok),
    ).toBe(0);
    expect(ok.out()).toMatch(/Report of 30 pages \(\d+ rejected, 3 with evidence, \d+ charts\)/);
    expect(json(join(dir, 'rep', 'report.json')).evidence.sampled).toBe(3);

    writeFileSync(join(dir, 'bad.jsonl'), '{"url":"x","origin":"human"}\nnot json\n');
    const bad = captureIo(dir);
    expect(await main(['report', '--db', db, '--out', 'rep2', '--labels', 'bad.jsonl'], bad)).toBe(2);
    expect(bad.err()).toContain('bad.jsonl:2: not a JSON object');

    writeFileSync(join(dir, 'c.json'), '{"config": {}}');
    const badCollapse = captureIo(dir);
    expect(await main(['report', '--db', db, '--out', 'rep3', '--collapse', 'c.json'], badCollapse)).toBe(2);
    expect(badCollapse.err()).toContain('is not a collapse results file');

    const noDb = captureIo(dir);
    expect(await main(['report', '--db', 'missing.sqlite', '--out', 'rep4'], noDb)).toBe(2);
    expect(noDb.err()).toMatch(/missing\.sqlite/);
  });
});
