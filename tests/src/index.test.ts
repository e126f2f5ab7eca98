import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Library from '../../src/index.js';
import { WARC_FIXTURES } from '../helpers/read-all.js';
import { tempDir } from '../helpers/temp-dirs.js';

describe('the package entry point', () => {
  it('imports as `corpus-audit` from the built JavaScript and ingests', async () => {
    // Resolve through package.json's "exports", as a user's `import ... from 'corpus-audit'` would.
    const entry = import.meta.resolve('corpus-audit');
    expect(entry).toBe(pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'src', 'index.js')).href);
    const lib = (await import(entry)) as typeof Library;
    const store = new lib.SqliteStore(join(tempDir(), 'audit.sqlite'));
    const summary = await lib.ingest({
      inputs: [join(WARC_FIXTURES, 'warcio.js--example.warc.gz')],
      store,
      workers: 0,
    });
    expect(summary.docsStored).toBe(1);
    expect(store.languageStats()[0]).toMatchObject({ lang: 'eng', docs: 1 });
    // The cross-document detectors ran after reading, and their results read back through the library.
    expect(summary.translations).toMatchObject({ docs: 1, accepted: 0 });
    expect(lib.saturationTable(store.detections.tupleSizeCounts())[0]).toMatchObject({
      lang: 'eng',
      share2plus: 0,
    });
    expect(lib.languageFreeKey('https://example.org/fr/a.html')).toBe(
      lib.languageFreeKey('https://example.org/en/a.html'),
    );
    store.close();
  });
});
