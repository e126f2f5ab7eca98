import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../crawlers/charset.js';
import { extractHtml } from '../../../crawlers/extract-html.js';
import { identifyDocument } from '../../../detectors/langid.js';
import { splitOf } from '../../../src/world/sources.js';
import type { PageLabel } from '../../../src/world/types.js';
import { World } from '../../../src/world/world.js';
import { writeWorldWarc } from '../../../src/world/world-warc.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const dir = tempDir('world-');
const world = new World({ seed: 7, pages: 150 });
const labels: PageLabel[] = [...world.labels()];
const articles = labels.filter((l) => l.pageType === 'article');

describe('the demo world', () => {
  it('writes byte-identical WARCs for the same seed, and different ones for another seed', () => {
    const a = writeWorldWarc(world, join(dir, 'a.warc.gz'));
    writeWorldWarc(new World({ seed: 7, pages: 150 }), join(dir, 'b.warc.gz'));
    writeWorldWarc(new World({ seed: 8, pages: 150 }), join(dir, 'c.warc.gz'));
    const bytes = readFileSync(join(dir, 'a.warc.gz'));
    expect(bytes.length).toBe(a.bytes);
    expect(readFileSync(join(dir, 'b.warc.gz')).equals(bytes)).toBe(true);
    expect(readFileSync(join(dir, 'c.warc.gz')).equals(bytes)).toBe(false);
    expect(a.records).toBe(2 * a.urls + 1);
  });

  it('has every archetype, origin class and hazard the issue lists', () => {
    expect(new Set(labels.map((l) => l.archetype))).toEqual(
      new Set([
        'human-news',
        'human-blog',
        'institution',
        'mt-farm',
        'mt-mirror',
        'lm-spam',
        'js-app',
        'hazards',
      ]),
    );
    expect(new Set(articles.map((l) => l.origin))).toEqual(
      new Set(['human', 'human-translation', 'machine-translation', 'lm-generated']),
    );
    const hazards = new Set(labels.flatMap((l) => l.hazards));
    for (const h of [
      'robots-disallowed',
      'crawler-trap',
      'slow',
      'oversized',
      'js-only',
      'charset-header-only',
      'charset-meta-only',
      'redirect-target',
    ]) {
      expect(hazards).toContain(h);
    }
    // Each site is its own origin; URLs are unique.
    expect(new Set(world.sites.map((s) => s.origin)).size).toBe(world.sites.length);
    expect(new Set(labels.map((l) => l.url)).size).toBe(labels.length);
    // The institution site holds the UDHR in 20+ languages; farms translate into 6+.
    expect(
      new Set(articles.filter((l) => l.archetype === 'institution').map((l) => l.language)).size,
    ).toBeGreaterThanOrEqual(20);
    expect(
      new Set(articles.filter((l) => l.archetype === 'mt-farm').map((l) => l.language)).size,
    ).toBeGreaterThanOrEqual(7);
  });

  it('labels groups consistently: every member exists, sizes and languages match', () => {
    const groups = new Map<string, PageLabel[]>();
    for (const l of labels) if (l.group) groups.set(l.group, [...(groups.get(l.group) ?? []), l]);
    expect(groups.size).toBeGreaterThan(10);
    for (const [group, members] of groups) {
      for (const m of members) {
        expect(m.groupSize, group).toBe(members.length);
        expect(m.groupLanguages, group).toBe(new Set(members.map((x) => x.language)).size);
        expect(m.split).toBe(members[0]!.split);
      }
    }
    for (const l of labels.filter((x) => !x.group)) expect(l.groupSize).toBe(1);
  });

  it('splits train and test by source document, the same in every world', () => {
    const bySource = new Map<string, Set<string | null>>();
    for (const l of articles) {
      if (!l.sourceDoc) continue;
      const key = l.sourceDoc === 'udhr' ? (l.source ?? '') : l.sourceDoc;
      bySource.set(key, (bySource.get(key) ?? new Set()).add(l.split));
    }
    for (const splits of bySource.values()) expect(splits.size).toBe(1);
    const splits = articles.map((l) => l.split);
    expect(splits).toContain('train');
    expect(splits).toContain('test');
    const other = [...new World({ seed: 99, pages: 400 }).labels()];
    for (const l of other) {
      if (l.sourceDoc && l.sourceDoc !== 'udhr') expect(l.split).toBe(splitOf(l.sourceDoc));
    }
    // The UDHR is split by section, so the test split has human translations too (once the world
    // is big enough for the declaration to span several pages).
    const udhr = [...new World({ seed: 7, pages: 600 }).labels()].filter(
      (l) => l.origin === 'human-translation',
    );
    expect(new Set(udhr.map((l) => l.split))).toEqual(new Set(['train', 'test']));
  });

  it('labels the language that is really in the text', () => {
    let agree = 0;
    let checked = 0;
    const wrong: string[] = [];
    for (const l of articles) {
      const response = world.respond(l.url)!;
      expect(response.status, l.url).toBe(200);
      if (l.hazards.includes('js-only') || l.hazards.includes('oversized')) continue;
      const type = response.headers.find(([k]) => k === 'Content-Type')?.[1];
      const { text } = extractHtml(decodeBytes(response.body, { contentType: type }).text, l.url);
      checked++;
      if (identifyDocument(text).code === l.language) agree++;
      else wrong.push(`${l.url} ${l.language}`);
    }
    expect(checked).toBeGreaterThan(100);
    expect(agree / checked, wrong.join('\n')).toBeGreaterThanOrEqual(0.97);
  });

  it('answers every URL it lists and 404s for the rest', () => {
    for (const url of world.urls()) expect(world.respond(url), url).toBeDefined();
    expect(world.respond(`${world.sites[0]!.origin}/no/such/page.html`)).toBeUndefined();
    expect(world.respond('http://127.0.0.1:1/')).toBeUndefined();
  });

  it('scales to 100,000 pages without materializing them', () => {
    const big = new World({ seed: 1, pages: 100_000 });
    const before = process.memoryUsage().heapUsed;
    let n = 0;
    let articlesCount = 0;
    for (const l of big.labels()) {
      n++;
      if (l.pageType === 'article') articlesCount++;
    }
    expect(articlesCount).toBeGreaterThanOrEqual(100_000);
    expect(n).toBeGreaterThan(articlesCount);
    // Labels stream: after the walk the heap holds caches of source text, not the pages.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(300 * 2 ** 20);
    const last = [...big.sites.at(-2)!.pages()].at(-1)!;
    expect(big.respond(big.sites.at(-2)!.origin + last.path)?.status).toBe(200);
  });
});
