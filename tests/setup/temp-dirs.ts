import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/temp-dirs.js';

// Each test file's temporary folders (databases, WARCs, reports) go when the file is done: a CI run
// used to leave some sixty of them behind, 60 MB apiece for the crawl ones.
afterAll(() => {
  removeTempDirs();
});
