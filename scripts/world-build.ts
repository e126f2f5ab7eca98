/**
 * What the builders of the prepared worlds (build-cross-world.ts, build-train-world.ts) share: the
 * record of the packages they read, paragraph filters, language codes, and the neural generators
 * of scripts/neural_lm.py.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { declaredCode } from '../detectors/lang-codes.js';
import { packageRoot } from '../db/version.js';
import type { PreparedDoc } from '../src/world/prepared/prepared-data.js';
import { titleOf } from '../src/world/sources.js';
import { debianVersion } from './apertium.js';

/** Paragraphs shorter than this are menu labels and captions, not text. */
export const MIN_PARAGRAPH = 25;

export const keep = (paragraphs: string[]): string[] => paragraphs.filter((p) => p.length >= MIN_PARAGRAPH);
export const chars = (paragraphs: string[]): number => paragraphs.reduce((n, p) => n + p.length, 0);

export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** ISO 639-3 of a BCP 47 tag; throws for a tag the project cannot code. */
export function codeOf(tag: string): string {
  const code = declaredCode(tag);
  if (!code) throw new Error(`no ISO 639-3 code for ${tag}`);
  return code;
}

/** The packages a world was built from, with their versions (Debian, or `npm:` ones). */
export class PackageLog {
  readonly versions: Record<string, string> = {};

  /** Records an installed Debian package; throws naming it when it is missing. */
  use(pkg: string): void {
    this.versions[pkg] = debianVersion(pkg);
  }

  /** Records every installed Debian package matching a dpkg pattern (`libreoffice-help-*`). */
  useInstalled(pattern: string): void {
    const out = execFileSync(
      'dpkg-query',
      ['-W', '-f=${db:Status-Status} ${Package} ${Version}\\n', pattern],
      {
        encoding: 'utf8',
      },
    );
    for (const line of out.trim().split('\n')) {
      const [status, pkg, version] = line.split(' ');
      if (status === 'installed') this.versions[pkg!] = version!;
    }
  }
}

export interface GeneratorSpec {
  unit: 'word' | 'char';
  arch: 'lstm' | 'gru' | 'transformer';
  /** BCP 47 of the training text. */
  tag: string;
  /** Training text, a paragraph a line. */
  corpus: string[];
  pages: string;
  minutes: string;
  /** Width, depth and seed; neural_lm.py's defaults when absent. */
  d?: number;
  layers?: number;
  seed?: number;
  /** Held out of model fitting as a whole source (training corpus only). */
  calibrate?: boolean;
}

/**
 * Trains one generator with scripts/neural_lm.py in `work` and returns its training summary
 * (parameters, vocabulary, steps, loss) and its pages, labelled lm-generated.
 */
export function trainGenerator(g: GeneratorSpec, work: string): { summary: string; docs: PreparedDoc[] } {
  const corpus = join(work, `${g.arch}-${g.tag}.txt`);
  writeFileSync(corpus, g.corpus.join('\n') + '\n');
  const out = join(work, `${g.arch}-${g.tag}.jsonl`);
  // prettier-ignore
  const args = [join(packageRoot(), 'scripts', 'neural_lm.py'), '--train', corpus, '--unit', g.unit, '--arch', g.arch,
    '--pages', g.pages, '--minutes', g.minutes, '--out', out,
    ...(g.d === undefined ? [] : ['--d', String(g.d)]),
    ...(g.layers === undefined ? [] : ['--layers', String(g.layers)]),
    ...(g.seed === undefined ? [] : ['--seed', String(g.seed)])];
  const summary = execFileSync('/usr/bin/python3', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  log(summary);
  const docs = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line, i): PreparedDoc => {
      const s = JSON.parse(line) as { generator: string; decoding: string; paragraphs: string[] };
      return {
        id: `neural/${s.generator}-${g.tag}/${i + 1}`,
        sourceKind: s.generator,
        source: `${s.generator}-${g.tag}:${i + 1}`,
        origin: 'lm-generated',
        kind: `${s.generator} ${s.decoding}`,
        language: codeOf(g.tag),
        tag: g.tag,
        group: null,
        title: titleOf(s.paragraphs),
        paragraphs: s.paragraphs,
        ...(g.calibrate ? { split: 'calibrate' as const } : {}),
      };
    });
  return { summary: summary.replace(/^[^:]+: /, ''), docs };
}
