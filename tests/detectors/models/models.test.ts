import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CausalLm } from '../../../detectors/models/causal-lm.js';
import { TransformerClassifier } from '../../../detectors/models/classifier.js';
import { ModelNotFoundError } from '../../../detectors/models/model-dir.js';
import { ZeroShotScorer } from '../../../detectors/models/zero-shot-scorer.js';
import { defaultModels } from '../../../src/score/default-models.js';
import { humanArticle, mtArticle } from '../../helpers/pages.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const mt = mtArticle(5, 'spa').join('\n');
const human = humanArticle(0).join('\n');

/** RAID's attacks on a text: homoglyphs every third letter, zero-width spaces between words. */
function attack(text: string): string {
  const swap: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', i: 'і' };
  return Array.from(text)
    .map((ch, i) => (i % 3 === 0 ? (swap[ch] ?? ch) : ch))
    .join('')
    .replace(/ /g, ' \u200b');
}

describe('the shipped models, loaded by transformers.js from disk', () => {
  it('classify machine translation and human text apart, by windows, in batches', async () => {
    const classifier = await TransformerClassifier.load({ model: defaultModels().classifier, batchSize: 4 });
    expect(classifier.info.modelType).toBe('bert');
    expect(classifier.info.digest).toMatch(/^[0-9a-f]{64}$/);
    const [a, b] = await classifier.classify([mt, human]);
    expect(a!.probs['machine-translation']).toBeGreaterThan(0.5);
    expect(b!.probs.human).toBeGreaterThan(0.5);
    expect(a!.windows).toBeGreaterThanOrEqual(1);
    const sum = Object.values(a!.probs).reduce((x, y) => x + y, 0);
    expect(sum).toBeCloseTo(1, 5);
    await classifier.dispose();
  });

  it('score a homoglyph- and zero-width-attacked text the same as the clean one', async () => {
    const attacked = attack(mt);
    expect(attacked).not.toBe(mt);
    const classifier = await TransformerClassifier.load({ model: defaultModels().classifier });
    const [clean, dirty] = await classifier.classify([mt, attacked]);
    expect(dirty!.probs).toEqual(clean!.probs);
    await classifier.dispose();
    const observer = await CausalLm.load({ model: defaultModels().observer });
    const scorer = new ZeroShotScorer({ observer });
    const [zClean, zDirty] = await scorer.score([mt, attacked]);
    expect(zDirty).toEqual(zClean);
    await observer.dispose();
  });

  it('give the zero-shot scores from an observer and performer sharing a tokenizer', async () => {
    const observer = await CausalLm.load({ model: defaultModels().observer });
    const performer = await CausalLm.load({ model: defaultModels().performer });
    expect(observer.info.modelType).toBe('gpt2');
    const scorer = new ZeroShotScorer({ observer, performer, batchSize: 2 });
    const [s] = await scorer.score([human + '\n' + human + '\n' + human]);
    expect(s!.tokens).toBeGreaterThan(observer.context);
    expect(s!.ll).toBeLessThan(0);
    expect(s!.logrank).toBeGreaterThanOrEqual(0);
    expect(s!.entropy).toBeGreaterThan(0);
    expect(Number.isFinite(s!.fastdetect)).toBe(true);
    expect(s!.binoculars).toBeGreaterThan(0);
    await observer.dispose();
    await performer.dispose();
  });

  it('refuse to reach the network for a model id that is not on disk', async () => {
    await expect(
      TransformerClassifier.load({
        model: 'onnx-community/tmr-ai-text-detector-ONNX',
        cacheDir: '/nonexistent',
      }),
    ).rejects.toThrow(ModelNotFoundError);
    await expect(TransformerClassifier.load({ model: '/tmp' })).rejects.toThrow(/no config.json/);
    const partial = tempDir('model-');
    copyFileSync(join(defaultModels().classifier, 'config.json'), join(partial, 'config.json'));
    await expect(TransformerClassifier.load({ model: partial })).rejects.toThrow(
      /lacks tokenizer.json, tokenizer_config.json, onnx\/model.onnx/,
    );
  });
});

describe('the int8 (q8) weights', () => {
  it('load with dtype q8 and agree with fp32', async () => {
    const fp32 = await TransformerClassifier.load({ model: defaultModels().classifier });
    const q8 = await TransformerClassifier.load({ model: defaultModels().classifier, dtype: 'q8' });
    expect(q8.info.dtype).toBe('q8');
    expect(q8.info.digest).not.toBe(fp32.info.digest);
    const [a, b] = [await fp32.classify([mt, human]), await q8.classify([mt, human])];
    for (let i = 0; i < 2; i++) {
      for (const cls of ['human', 'machine-translation', 'lm-generated'] as const) {
        expect(Math.abs(a[i]!.probs[cls]! - b[i]!.probs[cls]!)).toBeLessThan(0.02);
      }
    }
    await fp32.dispose();
    await q8.dispose();
  });
});
