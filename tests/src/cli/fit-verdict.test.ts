import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { VerdictModel } from '../../../detectors/verdict/verdict-model.js';
import { main } from '../../../src/cli/main.js';
import { scoreStore } from '../../../src/score/score-run.js';
import { openLabeledWorld } from '../../../src/world/labeled-world.js';
import { captureIo } from '../../helpers/io.js';
import { tempDir } from '../../helpers/temp-dirs.js';

interface FitJson {
  out: string;
  pages: { fit: Record<string, number>; holdout: Record<string, number> };
  skipped: { tooShort: number; unscored: number };
  unmatched: number;
  holdout: Record<string, { positives: number; negatives: number; auroc: number }>;
}

/** A small demo world, ingested and scored by the shipped classifier, with its labels by URL. */
async function scoredWorld(): Promise<{ dir: string; db: string; labels: string; classifier: string }> {
  const dir = tempDir();
  const world = await openLabeledWorld({ seed: 3, pages: 300, dir });
  const summary = await scoreStore({ store: world.store, detectors: ['classifier', 'verdict'] });
  const labels = join(dir, 'labels.jsonl');
  writeFileSync(
    labels,
    [...world.labels.values()].map((l) => JSON.stringify({ url: l.url, origin: l.origin })).join('\n') + '\n',
  );
  world.store.close();
  return { dir, db: world.dbPath, labels, classifier: summary.models[0]!.digest };
}

describe('corpus-audit fit-verdict', () => {
  it('fits a verdict on labelled pages, measures it on held-out ones, and score uses it', async () => {
    const { dir, db, labels, classifier } = await scoredWorld();
    const io = captureIo(dir);
    expect(await main(['fit-verdict', '--db', db, '--labels', labels, '--out', 'v.json', '--json'], io)).toBe(
      0,
    );
    const result = JSON.parse(io.out()) as FitJson;
    for (const cls of ['human', 'machine-translation', 'lm-generated']) {
      expect(result.pages.fit[cls]).toBeGreaterThanOrEqual(5);
    }
    // Index pages are labelled too, but are too short to judge.
    expect(result.skipped.tooShort).toBeGreaterThan(0);
    expect(result.skipped.unscored).toBe(0);
    // The classifier separates machine translation from human text on this world.
    const mt = result.holdout['machine-translation']!;
    expect(mt.positives).toBeGreaterThan(0);
    expect(mt.auroc).toBeGreaterThan(0.9);

    const file = VerdictModel.load(join(dir, 'v.json'));
    expect(Object.values(file.file.models).map((m) => m.digest)).toEqual([classifier]);
    expect(file.file.thresholds['lm-generated']['0.01']).toBeGreaterThanOrEqual(
      file.file.thresholds['lm-generated']['0.05']!,
    );

    // Same labels and seed, same file.
    expect(
      await main(['fit-verdict', '--db', db, '--labels', labels, '--out', 'v2.json'], captureIo(dir)),
    ).toBe(0);
    expect(readFileSync(join(dir, 'v2.json'), 'utf8').replace(/"codeVersion".*/, '')).toBe(
      readFileSync(join(dir, 'v.json'), 'utf8').replace(/"codeVersion".*/, ''),
    );

    const score = captureIo(dir);
    expect(
      await main(
        ['score', '--db', db, '--detectors', 'verdict', '--verdict-model', 'v.json', '--json'],
        score,
      ),
    ).toBe(0);
    const store = new SqliteStore(db);
    const calibrations = new Set(
      [...store.iterDocs()].map((d) => store.detections.getVerdict(d.id)?.calibration),
    );
    store.close();
    expect([...calibrations]).toEqual([file.digest]);
  });

  it('says what is missing: labels that match nothing, a class without pages, an empty file', async () => {
    const { dir, db, labels } = await scoredWorld();
    const humansOnly = join(dir, 'humans.jsonl');
    writeFileSync(
      humansOnly,
      readFileSync(labels, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"origin":"human"'))
        .join('\n'),
    );
    const one = captureIo(dir);
    expect(await main(['fit-verdict', '--db', db, '--labels', humansOnly, '--out', 'x.json'], one)).toBe(2);
    expect(one.err()).toMatch(
      /at least 5 scored pages of every class.*machine-translation 0, lm-generated 0/,
    );

    const elsewhere = join(dir, 'elsewhere.jsonl');
    writeFileSync(elsewhere, JSON.stringify({ url: 'https://elsewhere.example/', origin: 'human' }) + '\n');
    const none = captureIo(dir);
    expect(await main(['fit-verdict', '--db', db, '--labels', elsewhere, '--out', 'x.json'], none)).toBe(2);
    expect(none.err()).toMatch(/none of the 1 labelled URLs is in the database/);

    writeFileSync(join(dir, 'empty.jsonl'), '');
    const empty = captureIo(dir);
    expect(await main(['fit-verdict', '--db', db, '--labels', 'empty.jsonl', '--out', 'x.json'], empty)).toBe(
      2,
    );
    expect(empty.err()).toMatch(/holds no labels/);

    const bad = captureIo(dir);
    expect(
      await main(['fit-verdict', '--db', db, '--labels', labels, '--out', 'x.json', '--holdout', '95'], bad),
    ).toBe(2);
    expect(bad.err()).toMatch(/--holdout must be an integer from 0 to 90/);
  });
});
