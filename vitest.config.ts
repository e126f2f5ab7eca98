import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Child-process tests (CLI, SIGKILL resume) run the built JavaScript; build it once first.
    globalSetup: ['tests/global-setup.ts'],
    // Removes each test file's temporary folders when the file is done (KEEP_TEST_DIRS=1 keeps them).
    setupFiles: ['tests/setup/temp-dirs.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
