import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from './temp-dirs.js';

describe('test folders', () => {
  it('are removed with their contents, once', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'audit.sqlite'), 'x');
    const removed = removeTempDirs();
    expect(removed).toContain(dir);
    expect(existsSync(dir)).toBe(false);
    expect(removeTempDirs()).toEqual([]);
  });
});
