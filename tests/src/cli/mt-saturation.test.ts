import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../db/sqlite-store.js';
import { defaultModels } from '../../../src/score/default-models.js';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/io.js';
import { parallelDatabase } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const database = (): string => parallelDatabase(tempDir());

describe('corpus-audit detect and mt-saturation', () => {
  it('detect records a run and reports translations; mt-saturation prints the table, JSON and CSV', async () => {
    const dir = database();
    const a = captureIo(dir);
    expect(await main(['detect'], a)).toBe(0);
    expect(a.out()).toMatch(/translations: 10 page pairs of \d+ candidates/);
    expect(a.out()).toMatch(/MT plugin traces: 0 page\(s\)/);

    // --workers bounds the alignment's threads (0: none), and the run records it.
    const w = captureIo(dir);
    expect(await main(['detect', '--workers', '0', '--json'], w)).toBe(0);
    const run = JSON.parse(w.out()) as { runId: number; translations: { accepted: number } };
    expect(run.translations.accepted).toBe(10);
    const store = new SqliteStore(join(dir, 'audit.sqlite'));
    expect(store.getRun(run.runId)!.config).toMatchObject({ workers: 0 });
    store.close();
    const bad = captureIo(dir);
    expect(await main(['detect', '--workers', 'two'], bad)).toBe(2);
    expect(bad.err()).toContain("--workers must be an integer from 0 to 1024, got 'two'");

    const json = captureIo(dir);
    expect(await main(['mt-saturation', '--json'], json)).toBe(0);
    const rows = JSON.parse(json.out()) as { lang: string; sentences: number; share3plus: number }[];
    const byLang = Object.fromEntries(rows.map((r) => [r.lang, r]));
    // Five versions of one article, plus an unrelated English page and an unrelated Spanish one.
    expect(Object.keys(byLang).sort()).toEqual(['cat', 'eng', 'epo', 'fra', 'spa']);
    expect(byLang.cat!.share3plus).toBeGreaterThan(0.8);
    expect(byLang.eng!.share3plus).toBeLessThan(0.6);

    const csv = captureIo(dir);
    expect(await main(['mt-saturation', '--csv', '--min-sentences', '1'], csv)).toBe(0);
    const [header, ...lines] = csv.out().trim().split('\n');
    expect(header).toBe(
      'lang,sentences,share_2plus,share_3plus,share_8plus,mean_tuple_size,single_sentences,single_mean_length,' +
        'tuples_2,mean_length_2,tuples_3,mean_length_3,tuples_4,mean_length_4,tuples_5-6,mean_length_5-6,' +
        'tuples_7-9,mean_length_7-9,tuples_10-19,mean_length_10-19,tuples_20+,mean_length_20+',
    );
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line.split(',')).toHaveLength(22);

    const text = captureIo(dir);
    expect(await main(['mt-saturation'], text)).toBe(0);
    expect(text.out()).toContain('MT saturation per language');
    expect(text.out()).toMatch(/^cat +\d+/m);
  });

  it('page shows a page with its evidence, its translations and their aligned sentences', async () => {
    const dir = database();
    expect(await main(['detect'], captureIo(dir))).toBe(0);
    const a = captureIo(dir);
    expect(
      await main(['page', 'https://farm.example/es/story-5.html', '--json', '--sentences', '3'], a),
    ).toBe(0);
    const [report] = JSON.parse(a.out()) as {
      lang: string;
      evidence: { code: string }[];
      counterparts: { otherLang: string; via: string[] }[];
      tuples: { size: number; others: { lang: string; text: string }[] }[];
    }[];
    expect(report!.lang).toBe('spa');
    expect(report!.evidence.map((e) => e.code)).toEqual(['mwp_tuple_3plus']);
    expect(report!.counterparts.map((c) => c.otherLang).sort()).toEqual(['cat', 'eng', 'epo', 'fra']);
    expect(report!.tuples).toHaveLength(3);
    const five = report!.tuples.find((t) => t.size === 5)!;
    expect(five.others.map((o) => o.lang).sort()).toEqual(['cat', 'eng', 'epo', 'fra']);
    expect(five.others.every((o) => o.text.length > 0)).toBe(true);

    const text = captureIo(dir);
    expect(await main(['page', 'https://farm.example/es/story-5.html'], text)).toBe(0);
    expect(text.out()).toMatch(/counterparts \(4\):/);
    expect(text.out()).toContain('mwp_tuple_3plus');
    const missing = captureIo(dir);
    expect(await main(['page', 'https://nowhere.example/'], missing)).toBe(2);
    expect(missing.err()).toContain('no page with URL or id');
  });

  it('detect --embedder embeds every sentence, adds the embedding channel and records the model', async () => {
    const dir = database();
    const a = captureIo(dir);
    expect(await main(['detect', '--embedder', defaultModels().embedder, '--json'], a)).toBe(0);
    const out = JSON.parse(a.out()) as {
      runId: number;
      translations: { accepted: number; candidates: { embedding: number } };
    };
    expect(out.translations.candidates.embedding).toBeGreaterThan(0);
    // The same 10 translation links as without it (five versions of one article), no more.
    expect(out.translations.accepted).toBe(10);
    const store = new SqliteStore(join(dir, 'audit.sqlite'));
    const config = store.getRun(out.runId)!.config as { embedder?: { spec: string; digest: string } };
    store.close();
    expect(config.embedder?.digest).toMatch(/^[0-9a-f]{64}$/);

    const missing = captureIo(dir);
    expect(await main(['detect', '--embedder', 'nobody/no-such-embedder'], missing)).toBe(2);
    expect(missing.err()).toMatch(/not on disk .*--allow-remote-models/);
    const dtype = captureIo(dir);
    expect(await main(['detect', '--embedder', defaultModels().embedder, '--dtype', 'fp16'], dtype)).toBe(2);
    expect(dtype.err()).toContain('--dtype must be fp32 or q8');
    const pooling = captureIo(dir);
    expect(await main(['detect', '--embedder', defaultModels().embedder, '--pooling', 'max'], pooling)).toBe(
      2,
    );
    expect(pooling.err()).toContain('--pooling must be mean or cls');
  });

  it('says what is wrong with bad options or a missing database', async () => {
    const dir = database();
    const a = captureIo(dir);
    expect(await main(['mt-saturation', '--json', '--csv'], a)).toBe(2);
    expect(a.err()).toContain('--json and --csv cannot be combined');
    const b = captureIo(dir);
    expect(await main(['mt-saturation', '--min-sentences', 'many'], b)).toBe(2);
    expect(b.err()).toContain('--min-sentences must be a whole number');
    const c = captureIo(tempDir());
    expect(await main(['detect'], c)).toBe(2);
    expect(c.err()).toContain('no audit database');
  });
});
