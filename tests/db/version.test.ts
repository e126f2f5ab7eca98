import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeVersion } from '../../db/version.js';

describe('codeVersion', () => {
  it('names the version, the commit, and whether tracked files differ from it', () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim().slice(0, 12);
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !==
      '';
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(codeVersion()).toBe(`corpus-audit@${version}+${head}${dirty ? '-dirty' : ''}`);
  });
});
