import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { runCorpusStages } from '../../../src/detect/corpus-stages.js';
import type { VerdictModelFile } from '../../../detectors/verdict/verdict-model.js';
import { defaultModels } from '../../../src/score/default-models.js';
import { scoreStore } from '../../../src/score/score-run.js';
import { PolicyEngine } from '../../../policy/apply-policy.js';
import { judgeStore } from '../../../policy/judge-store.js';
import { defaultPolicy, resolvePolicy, type LoadedPolicy } from '../../../policy/load-policy.js';
import { pageDoc, parallelCorpus } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

async function corpus(): Promise<SqliteStore> {
  const store = new SqliteStore(join(tempDir(), 'audit.sqlite'));
  const runId = store.beginRun({ command: 'test', config: {}, codeVersion: 'v' });
  store.putDocs(
    [...parallelCorpus(), pageDoc('short', 'https://blog.example/short.html', ['Too short to judge.'])],
    runId,
  );
  await runCorpusStages(store);
  return store;
}

describe('scoreStore', () => {
  it('scores each page once per model version, resumes after an interruption, and decides verdicts', async () => {
    const store = await corpus();
    const abort = new AbortController();
    const first = await scoreStore({
      store,
      batchDocs: 3,
      signal: abort.signal,
      onProgress: () => {
        abort.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(store.getRun(first.runId)?.status).toBe('interrupted');
    // Both detectors scored the first batch (they run side by side), and nothing after it.
    expect(store.detections.scoredDocs('mgt_classifier').size).toBe(3);
    expect(store.detections.scoredDocs('zero_shot').size).toBe(3);
    expect(store.detections.verdictCounts()).toEqual([]);

    const second = await scoreStore({ store, batchDocs: 3 });
    expect(second.interrupted).toBe(false);
    expect(second.counts.mgt_classifier).toEqual({ scored: 4, skipped: 3, tooShort: 1 });
    expect(second.counts.zero_shot).toEqual({ scored: 4, skipped: 3, tooShort: 1 });
    expect(second.verdicts).toBe(8);
    expect(second.warnings).toEqual([]);

    // The run records which models, by digest, produced the scores.
    const config = store.getRun(second.runId)!.config as { models: { spec: string; digest: string }[] };
    expect(config.models.map((m) => m.spec.split('/').pop())).toEqual([
      'mgt-classifier',
      'lm-observer',
      'lm-performer',
    ]);
    for (const m of config.models) expect(m.digest).toMatch(/^[0-9a-f]{64}$/);

    expect(store.detections.getVerdict('short')?.label).toBe('insufficient');
    const mt = store.detections.getVerdict('farm-es')!;
    expect(mt.label).toBe('machine-translation');
    expect(mt.reasons.length).toBeGreaterThan(0);
    expect(mt.reasons.map((r) => r.code)).toContain('mgt_classifier');
    // Every verdict carries the thresholds it was judged against.
    expect(mt.thresholds['machine-translation']!['0.01']).toBeGreaterThan(0);
    expect(mt.probs['machine-translation']).toBeGreaterThanOrEqual(
      mt.thresholds['machine-translation']!['0.01']!,
    );
    const human = store.detections.getVerdict('blog')!;
    expect(human.label).toBe('human');
    for (const cls of ['machine-translation', 'lm-generated'] as const) {
      expect(human.probs[cls]).toBeLessThan(human.thresholds[cls]!['0.05']!);
    }
    // Each page is judged against its own language's thresholds where the verdict has them.
    expect(human.thresholds).not.toEqual(mt.thresholds);

    const third = await scoreStore({ store });
    expect(third.counts.mgt_classifier).toEqual({ scored: 0, skipped: 7, tooShort: 1 });
    store.close();
  });

  it('runs only the pages a filter accepts through the models, and still decides every verdict', async () => {
    const store = await corpus();
    const summary = await scoreStore({
      store,
      detectors: ['classifier', 'verdict'],
      filter: (doc) => doc.id.startsWith('farm-'),
    });
    expect(summary.counts.mgt_classifier).toEqual({ scored: 3, skipped: 0, tooShort: 0 });
    expect([...store.detections.scoredDocs('mgt_classifier').keys()].sort()).toEqual([
      'farm-en',
      'farm-es',
      'farm-fr',
    ]);
    expect(summary.verdicts).toBe(8);
    store.close();
  });

  it('judges pages the classifier alone scored by its classifier-only fit, and refuses a subset the verdict has no fit for', async () => {
    const store = await corpus();
    await scoreStore({ store, detectors: ['classifier', 'verdict'] });
    const v = store.detections.getVerdict('farm-es')!;
    // Text statistics run with the verdict; the translation tuples came from the corpus stages.
    expect(v.detectors).toEqual(['mgt_classifier', 'mwp']);
    expect(store.detections.scoredDocs('text_stats').size).toBe(7);
    expect(store.detections.scoredDocs('zero_shot').size).toBe(0);

    const file = JSON.parse(readFileSync(defaultModels().verdict, 'utf8')) as VerdictModelFile;
    delete file.subsets;
    const fullOnly = join(tempDir(), 'full-only.json');
    writeFileSync(fullOnly, JSON.stringify(file));
    await expect(
      scoreStore({ store, detectors: ['classifier', 'verdict'], verdictModel: fullOnly }),
    ).rejects.toThrow(/fitted for classifier\+zero-shot\+translation-tuples, not for classifier/);
    store.close();
  });

  it('labels each page with the decision of the policy it ran with, as export judges it', async () => {
    const store = await corpus();
    const labelsAgree = (policy: LoadedPolicy): void => {
      const engine = PolicyEngine.of(policy);
      for (const j of judgeStore(store, engine)) {
        const classes = j.outcome.reasons.filter((r) => r.code.startsWith('verdict_')).map((r) => r.class);
        if (j.verdict!.label === 'human' || j.verdict!.label === 'insufficient') expect(classes).toEqual([]);
        else expect(classes).toContain(j.verdict!.label);
      }
    };
    await scoreStore({ store });
    labelsAgree(defaultPolicy());
    const strict = store.detections.verdictCounts();
    const loose = resolvePolicy(
      {
        classes: { 'machine-translation': { reject_at_fpr: 0.05 }, 'lm-generated': { reject_at_fpr: 0.05 } },
      },
      'loose',
    );
    const run = await scoreStore({ store, detectors: ['verdict'], policy: loose });
    labelsAgree(loose);
    const machine = (counts: { label: string; docs: number }[]): number =>
      counts.filter((c) => c.label !== 'human' && c.label !== 'insufficient').reduce((a, c) => a + c.docs, 0);
    expect(machine(store.detections.verdictCounts())).toBeGreaterThanOrEqual(machine(strict));
    const config = store.getRun(run.runId)!.config as { labelPolicy: { source: string } };
    expect(config.labelPolicy.source).toBe('loose');
    store.close();
  });
});
