import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/version.js';

/**
 * Sources reserved for independent evaluation: no training, calibration, test or evaluation world
 * may use them, so no code that builds data or models may name them.
 */
const RESERVED = [
  /\bmanpages(-[a-z-]+)?\b/,
  /\bfortunes?(-[a-z-]+)?\b/,
  /\bwordnet-base\b/,
  /datasets-sotu\b/,
  /datasets-spam-assassin\b/,
  /\bapertium-(eng-cat|en-gl|spa-ast|spa-arg|oc-es|oc-ca|por-cat|pt-gl|fra-cat|oci-fra|fra-frp|rus-ukr|bel-rus|hbs-slv|hbs-eng|swe-dan|swe-nor|dan-nor|nno-nob|isl-swe|cat-ita|cat-srd|eo-fr|arg-cat|srd-ita)\b/,
];

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
  it('are named nowhere in the code or data that trains, calibrates or builds evaluation worlds', () => {
    const hits: string[] = [];
    for (const top of SCANNED) {
      for (const path of files(join(packageRoot(), top))) {
        const text = readFileSync(path, 'utf8');
        for (const pattern of RESERVED) {
          const m = pattern.exec(text);
          if (m) hits.push(`${path.slice(packageRoot().length + 1)}: ${m[0]}`);
        }
      }
    }
    expect(hits).toEqual([]);
  });
});
