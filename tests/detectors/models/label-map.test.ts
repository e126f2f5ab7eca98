import { describe, expect, it } from 'vitest';
import { mapLabels, parseLabelMap } from '../../../detectors/models/label-map.js';

describe('label mapping', () => {
  it('maps common label names onto the project classes', () => {
    expect([...mapLabels({ 0: 'Human', 1: 'AI' })]).toEqual([
      [0, 'human'],
      [1, 'lm-generated'],
    ]);
  });

  it('refuses labels it cannot interpret, naming the flag that fixes it', () => {
    expect(() => mapLabels({ 0: 'LABEL_0', 1: 'LABEL_1' })).toThrow(/--label-map LABEL_0=/);
  });

  it('takes overrides from --label-map', () => {
    const map = mapLabels(
      { 0: 'LABEL_0', 1: 'LABEL_1' },
      parseLabelMap('LABEL_0=human, LABEL_1=machine-translation'),
    );
    expect(map.get(1)).toBe('machine-translation');
    expect(() => parseLabelMap('nonsense')).toThrow(/LABEL=class/);
  });
});
