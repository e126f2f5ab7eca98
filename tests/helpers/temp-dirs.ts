import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Folders made by `tempDir` in this test file, removed after it (tests/setup/temp-dirs.ts). */
const made: string[] = [];

/** A fresh folder under the system's temporary directory, removed when the test file ends. */
export function tempDir(prefix = 'corpus-audit-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Removes every folder `tempDir` made, unless KEEP_TEST_DIRS is set (to look at what a failing
 * test left). Returns the folders it removed.
 */
export function removeTempDirs(): string[] {
  if (process.env.KEEP_TEST_DIRS) return [];
  const removed = made.splice(0);
  for (const dir of removed) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  return removed;
}
