import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * The layers of ../shared/DESIGN.md, lowest first. A file may import from its own layer or a lower
 * one; crawlers/ and detectors/ stand side by side and do not import each other. Inside src/, three
 * floors: the audit engine, the users of the engine (the collapse harness, the demo and evaluation
 * worlds with their language model), and the front ends (CLI, HTTP service, the library's index).
 */
const LAYERS: { name: string; rank: number; match: RegExp }[] = [
  { name: 'db', rank: 0, match: /^db\// },
  { name: 'crawlers', rank: 1, match: /^crawlers\// },
  { name: 'detectors', rank: 1, match: /^detectors\// },
  { name: 'policy', rank: 2, match: /^policy\// },
  { name: 'reports', rank: 3, match: /^reports\// },
  { name: 'engine', rank: 4, match: /^src\/(ingest|crawl|detect|score|export|gate|pipeline)\// },
  { name: 'harness and worlds', rank: 5, match: /^src\/(lm|world|collapse)\// },
  { name: 'front ends', rank: 6, match: /^src\/(cli\/|serve\/|index\.ts$)/ },
];

function layerOf(path: string): (typeof LAYERS)[number] | undefined {
  return LAYERS.find((l) => l.match.test(path));
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports (static, re-exports and dynamic), resolved to repository paths of .ts files. */
function importsOf(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(path), s)).replace(/\.js$/, '.ts'));
}

describe('the layers of DESIGN.md', () => {
  const files = ['db', 'crawlers', 'detectors', 'policy', 'reports', 'src'].flatMap(sources);

  it('every source file belongs to a layer', () => {
    expect(files.filter((f) => !layerOf(f))).toEqual([]);
  });

  it('no import runs from a lower layer to a higher one, or between crawlers/ and detectors/', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file)!;
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (!to) continue; // node_modules, data files
        if (to.rank > from.rank || (to.rank === from.rank && to.name !== from.name)) {
          wrong.push(`${file} (${from.name}) imports ${target} (${to.name})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the check sees imports: the front end imports the engine and the engine imports db/', () => {
    expect(importsOf('src/cli/commands/ingest.ts')).toContain('src/ingest/ingest.ts');
    expect(importsOf('src/ingest/ingest.ts')).toContain('db/store.ts');
  });
});
