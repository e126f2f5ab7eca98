import { describe, expect, it } from 'vitest';
import { UserError } from '../../db/errors.js';
import * as api from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { UsageError } from '../../src/cli/io.js';
import { captureIo } from '../helpers/io.js';
import { tempDir } from '../helpers/temp-dirs.js';

describe('errors a user can act on', () => {
  it('every error class the library exports is a UserError: front ends tell them from bugs in one test', () => {
    const classes = Object.entries(api).filter(
      ([name, value]) => name.endsWith('Error') && typeof value === 'function',
    ) as [string, { prototype: unknown }][];
    expect(classes.map(([name]) => name).sort()).toEqual(
      expect.arrayContaining([
        'FetchError',
        'InputError',
        'LidModelError',
        'ModelNotFoundError',
        'PolicyError',
        'StoreOpenError',
      ]),
    );
    expect(
      classes
        .filter(([name, c]) => name !== 'UserError' && !(c.prototype instanceof UserError))
        .map(([name]) => name),
    ).toEqual([]);
    expect(UsageError.prototype instanceof UserError).toBe(true);
  });

  it('the CLI prints one without a stack trace and exits 2', async () => {
    const io = captureIo(tempDir());
    expect(await main(['ingest', 'no-such-file.warc.gz'], io)).toBe(2);
    expect(io.err()).toBe('corpus-audit: no such file or folder: no-such-file.warc.gz\n');
  });
});
