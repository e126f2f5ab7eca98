import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../db/version.js';
import { readPreparedFile } from '../src/world/prepared/prepared-data.js';

/**
 * Sources reserved for independent evaluation: no training, calibration, test or evaluation world
 * may use them, so no code or data that builds data or models may name them. The list is the one
 * docs/evaluation.md gives under "Reserved sources" (every package name in backticks there; `*`
 * stands for any ending), so it is written down once.
 */
function reservedPatterns(): { name: string; pattern: RegExp }[] {
  const doc = readFileSync(join(packageRoot(), 'docs', 'evaluation.md'), 'utf8');
  const section = /## Reserved sources\n([\s\S]*?)\n## /.exec(doc)?.[1] ?? '';
  return [...section.matchAll(/`([^`]+)`/g)]
    .map((m) => m[1]!)
    .filter((name) => !name.endsWith('.ts'))
    .map((name) => {
      const body = name.replace(/[.+?^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '[\\w-]*');
      return { name, pattern: new RegExp(`(?<![\\w-])${body}(?![\\w-])`) };
    });
}

/** Code and data manifests that could feed a model, a threshold or an evaluation world. */
const SCANNED = [
  'src',
  'scripts',
  'models/train',
  'bench',
  'detectors',
  'data/world',
  'data/langid-eval',
  '.ci',
];

function* files(dir: string): Iterable<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|py|sh|md|json|jsonl|txt)$/.test(name) || name === 'run') yield path;
  }
}

describe('reserved evaluation sources', () => {
  const reserved = reservedPatterns();

  it('are read from the documentation, all of them', () => {
    expect(reserved.length).toBeGreaterThanOrEqual(30);
    expect(reserved.filter((r) => r.name.startsWith('apertium-'))).toHaveLength(25);
  });

  it('are named nowhere in the code or data that trains, calibrates or builds evaluation worlds', () => {
    const hits: string[] = [];
    for (const top of SCANNED) {
      for (const path of files(join(packageRoot(), top))) {
        const text = readFileSync(path, 'utf8');
        for (const { pattern } of reserved) {
          const m = pattern.exec(text);
          if (m) hits.push(`${path.slice(packageRoot().length + 1)}: ${m[0]}`);
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it('are not among the packages the cross-source world and the training corpus were built from', () => {
    for (const [profile, known] of [
      ['cross', 'gnome-user-docs'],
      ['train', 'libreoffice-help-de'],
    ] as const) {
      const packages = Object.keys(readPreparedFile(profile).packages).map((p) => p.replace(/^npm:/, ''));
      expect(packages).toContain(known);
      expect(packages.filter((p) => reserved.some((r) => r.pattern.test(p)))).toEqual([]);
    }
  });
});
