import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/io.js';
import { parallelDatabase } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const database = (): string => parallelDatabase(tempDir());

describe('corpus-audit score', () => {
  it('scores with the chosen detectors, prints the models it used, and page shows the verdict', async () => {
    const dir = database();
    expect(await main(['detect'], captureIo(dir))).toBe(0);
    const a = captureIo(dir);
    expect(await main(['score', '--detectors', 'classifier,verdict', '--json'], a)).toBe(0);
    const summary = JSON.parse(a.out()) as {
      counts: Record<string, { scored: number }>;
      models: { spec: string; digest: string }[];
      verdicts: number;
      warnings: string[];
    };
    // The text statistics need no model and run with the verdict.
    expect(Object.keys(summary.counts)).toEqual(['mgt_classifier', 'text_stats']);
    expect(summary.counts.mgt_classifier!.scored).toBe(7);
    expect(summary.models).toHaveLength(1);
    expect(summary.verdicts).toBe(7);
    expect(summary.warnings).toEqual([]);

    const text = captureIo(dir);
    expect(await main(['score', '--detectors', 'classifier,verdict'], text)).toBe(0);
    expect(text.out()).toMatch(/mgt_classifier: 0 pages scored, 7 already scored by this model/);
    expect(text.out()).toMatch(/model .*mgt-classifier \(bert, fp32, sha256 [0-9a-f]{12}\)/);

    // Other weights than the verdict was fitted on: scored, and the user is told.
    const q8 = captureIo(dir);
    expect(await main(['score', '--detectors', 'classifier,verdict', '--dtype', 'q8'], q8)).toBe(0);
    expect(q8.out()).toMatch(/mgt_classifier: 7 pages scored/);
    expect(q8.out()).toMatch(/warning: the verdict was fitted on other models' scores than .*mgt-classifier/);

    const page = captureIo(dir);
    expect(await main(['page', 'https://farm.example/es/story-5.html'], page)).toBe(0);
    expect(page.out()).toMatch(/verdict: (machine-translation|human|lm-generated)/);
    // Which detectors judged it, and against which language's human pages.
    expect(page.out()).toMatch(/judged by the verdict's fit for classifier\+translation-tuples/);
    expect(page.out()).toMatch(/against \d+ human calibration pages in spa: its own thresholds at 5%/);
  });

  it('explains bad flags and missing models instead of failing obscurely', async () => {
    const dir = database();
    const bad = captureIo(dir);
    expect(await main(['score', '--detectors', 'classifier,magic'], bad)).toBe(2);
    expect(bad.err()).toMatch(/unknown detector 'magic'/);
    const dtype = captureIo(dir);
    expect(await main(['score', '--dtype', 'fp16'], dtype)).toBe(2);
    expect(dtype.err()).toMatch(/--dtype must be fp32 or q8/);
    const missing = captureIo(dir);
    expect(await main(['score', '--classifier', 'someone/no-such-model', '--models-dir', dir], missing)).toBe(
      2,
    );
    expect(missing.err()).toMatch(/not on disk .*--allow-remote-models/);
    writeFileSync(join(dir, 'bad.json'), '{bad');
    const verdict = captureIo(dir);
    expect(await main(['score', '--detectors', 'verdict', '--verdict-model', 'bad.json'], verdict)).toBe(2);
    expect(verdict.err()).toMatch(/^corpus-audit: cannot use the verdict model .*bad.json/);
    expect(verdict.err()).not.toMatch(/\n\s+at /);
  });
});
