import { describe, expect, it } from 'vitest';
import { storageShapeshift, withoutStorageChecks } from '../../../crawlers/crawl/storage-checks.js';

describe("crawlee's storage argument checks", () => {
  it('are found where crawlee loads them', () => {
    // Without them the crawl would still work, only slower: this says the switch is still there.
    expect(storageShapeshift()).toBeDefined();
  });

  it('are off while a crawl runs and as before once it ends, even when it fails', async () => {
    const checks = storageShapeshift()!;
    expect(checks.getGlobalValidationEnabled()).toBe(true);
    expect(await withoutStorageChecks(() => Promise.resolve(checks.getGlobalValidationEnabled()))).toBe(
      false,
    );
    expect(checks.getGlobalValidationEnabled()).toBe(true);
    await expect(
      withoutStorageChecks(async () => {
        await Promise.resolve();
        throw new Error('crawl failed');
      }),
    ).rejects.toThrow('crawl failed');
    expect(checks.getGlobalValidationEnabled()).toBe(true);
  });
});
