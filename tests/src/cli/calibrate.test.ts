import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import type { CalibrationFile } from '../../../policy/calibrate.js';
import { judgeStore } from '../../../policy/judge-store.js';
import { PolicyEngine } from '../../../policy/apply-policy.js';
import { loadPolicy } from '../../../policy/load-policy.js';
import { main } from '../../../src/cli/main.js';
import { scoreStore } from '../../../src/score/score-run.js';
import { openLabeledWorld } from '../../../src/world/labeled-world.js';
import { captureIo } from '../../helpers/io.js';
import { tempDir } from '../../helpers/temp-dirs.js';

/** A small demo world scored by the shipped classifier and verdict, with its labels by URL. */
async function scoredWorld(): Promise<{ dir: string; db: string; labels: string; humans: Set<string> }> {
  const dir = tempDir();
  const world = await openLabeledWorld({ seed: 5, pages: 300, dir });
  await scoreStore({ store: world.store, detectors: ['classifier', 'verdict'] });
  const labels = join(dir, 'labels.jsonl');
  const rows = [...world.labels.values()];
  writeFileSync(labels, rows.map((l) => JSON.stringify({ url: l.url, origin: l.origin })).join('\n') + '\n');
  world.store.close();
  const humans = new Set(rows.filter((l) => l.origin.startsWith('human')).map((l) => l.url));
  return { dir, db: world.dbPath, labels, humans };
}

/** Human pages of `lang` the engine flags for a machine class, and how many were judged. */
function flaggedHumans(
  db: string,
  engine: PolicyEngine,
  humans: Set<string>,
  lang: string,
): [number, number] {
  const store = new SqliteStore(db, { readonly: true });
  let judged = 0;
  let flagged = 0;
  for (const j of judgeStore(store, engine)) {
    if (!humans.has(j.doc.url ?? '') || j.doc.lang?.code !== lang || !j.verdict?.probs['lm-generated'])
      continue;
    judged++;
    if (j.outcome.reasons.some((r) => r.code.startsWith('verdict_'))) flagged++;
  }
  store.close();
  return [flagged, judged];
}

describe('corpus-audit calibrate', () => {
  it('sets per-language thresholds on known human pages that the policy then judges by', async () => {
    const { dir, db, labels, humans } = await scoredWorld();
    const io = captureIo(dir);
    expect(await main(['calibrate', '--db', db, '--human', labels, '--out', 'mine.json'], io)).toBe(0);
    expect(io.out()).toMatch(/Calibrated on [\d,]+ human pages in \d+ languages/);
    expect(io.out()).toMatch(/\n {2}eng +\d+ {2}5%/);
    expect(io.out()).toMatch(/thresholds: mine\.json/);
    const file = JSON.parse(readFileSync(join(dir, 'mine.json'), 'utf8')) as CalibrationFile;
    expect(file.format).toBe('corpus-audit-thresholds/1');
    const store = new SqliteStore(db, { readonly: true });
    const digests = new Set([...store.iterDocs()].map((d) => store.detections.getVerdict(d.id)?.calibration));
    store.close();
    expect([...digests]).toEqual([file.verdict]);
    const fit = Object.values(file.fits)[0]!;
    expect(fit.detectors).toContain('mgt_classifier');
    expect(fit.languages.eng!.thresholds['lm-generated']!['0.05']).toBeGreaterThan(0);
    // The 5% threshold is the same for both classes: it bounds human pages flagged for either.
    expect(fit.languages.eng!.thresholds['machine-translation']!['0.05']).toBe(
      fit.languages.eng!.thresholds['lm-generated']!['0.05'],
    );

    // A policy naming the file, relative to itself, rejecting at the 5% level.
    writeFileSync(
      join(dir, 'policy.yaml'),
      'version: 1\nthresholds: mine.json\nclasses:\n  machine-translation: { reject_at_fpr: 0.05 }\n  lm-generated: { reject_at_fpr: 0.05 }\n',
    );
    const policy = loadPolicy(join(dir, 'policy.yaml'));
    expect(policy.calibration?.file.verdict).toBe(file.verdict);
    const [flagged, judged] = flaggedHumans(db, PolicyEngine.of(policy), humans, 'eng');
    // Split-conformal on these very pages: at most 5% of them sit at or above the threshold.
    expect(judged).toBeGreaterThanOrEqual(19);
    expect(flagged).toBeLessThanOrEqual(Math.floor(0.05 * (judged + 1)));
    expect(policy.digest).not.toBe(loadPolicy(undefined).digest);
  });

  it('says what a sample cannot promise, and refuses one that promises nothing', async () => {
    const { dir, db, labels } = await scoredWorld();
    const humanLines = readFileSync(labels, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"origin":"human"'));
    writeFileSync(join(dir, 'few.jsonl'), humanLines.slice(0, 12).join('\n') + '\n');
    const few = captureIo(dir);
    expect(await main(['calibrate', '--db', db, '--human', 'few.jsonl'], few)).toBe(2);
    expect(few.err()).toMatch(/give no guarantee at any level: the 5% level needs 19 pages/);

    writeFileSync(join(dir, 'bad.txt'), 'https://a.example/\nnot a url\n');
    const bad = captureIo(dir);
    expect(await main(['calibrate', '--db', db, '--human', 'bad.txt'], bad)).toBe(2);
    expect(bad.err()).toMatch(/bad\.txt:2: not a URL or a JSON object/);

    const urls = humanLines.map((l) => (JSON.parse(l) as { url: string }).url);
    const small = captureIo(dir);
    writeFileSync(join(dir, 'urls.txt'), urls.join('\n') + '\n');
    expect(await main(['calibrate', '--db', db, '--human', 'urls.txt', '--out', 't.json'], small)).toBe(0);
    expect(small.out()).toMatch(/Note: only \d+ human pages/);
    expect(small.out()).toMatch(/Note: every page is in eng/);
  });
});
