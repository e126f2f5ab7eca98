import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../../../crawlers/extract-html.js';
import { readPreparedFile } from '../../../../src/world/prepared/prepared-data.js';
import { PreparedWorld } from '../../../../src/world/prepared/prepared-world.js';
import { MT_LANGUAGES } from '../../../../src/world/mt-languages.js';
import type { PageLabel } from '../../../../src/world/types.js';

const data = readPreparedFile('cross');
const world = new PreparedWorld({ seed: 1, basePort: 9300 });
const labels: PageLabel[] = [...world.labels()];
const articles = labels.filter((l) => l.pageType === 'article');

/** The language steps of the demo world's MT chains (eng>spa, spa>cat, ...), which the shipped models learned from. */
const DEMO_STEPS = new Set(
  MT_LANGUAGES.flatMap(({ chain, code }) =>
    chain.length === 1 ? [`eng>${code}`] : ['eng>spa', `spa>${code}`],
  ),
);

describe('the cross-source world', () => {
  it('publishes every committed page once, all of them test, none from a demo-world source', () => {
    expect(articles).toHaveLength(data.docs.length);
    expect(new Set(articles.map((l) => l.url)).size).toBe(articles.length);
    expect(articles.every((l) => l.split === 'test')).toBe(true);
    expect(articles.filter((l) => /^(brown|udhr|lm):/.test(l.source ?? ''))).toEqual([]);
  });

  it('has human text in 20+ languages from 3+ sources, and every machine class', () => {
    const human = articles.filter((l) => l.origin === 'human' || l.origin === 'human-translation');
    const perLanguage = new Map<string, number>();
    for (const l of human) perLanguage.set(l.language, (perLanguage.get(l.language) ?? 0) + 1);
    expect([...perLanguage.values()].filter((n) => n >= 30).length).toBeGreaterThanOrEqual(20);
    expect(new Set(human.map((l) => l.sourceKind)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(articles.map((l) => l.origin))).toEqual(
      new Set(['human', 'human-translation', 'machine-translation', 'lm-generated']),
    );
  });

  it('uses MT directions the demo world does not, including non-Latin scripts and round trips', () => {
    expect(DEMO_STEPS).toEqual(
      new Set(['eng>spa', 'spa>cat', 'spa>por', 'spa>glg', 'spa>ita', 'spa>fra', 'eng>epo']),
    );
    const kinds = new Set(articles.filter((l) => l.origin === 'machine-translation').map((l) => l.kind!));
    expect(kinds.size).toBeGreaterThanOrEqual(6);
    for (const kind of kinds) {
      const steps = kind.split('>');
      for (let i = 0; i + 1 < steps.length; i++)
        expect(DEMO_STEPS.has(`${steps[i]}>${steps[i + 1]}`)).toBe(false);
    }
    expect(kinds).toContain('bul>mkd');
    expect(kinds).toContain('hin>urd');
    expect([...kinds].some((k) => k.split('>').length > 2)).toBe(true);
  });

  it('serves each page with its text, its language and hreflang links that resolve', () => {
    const sample = articles.filter((_, i) => i % 97 === 0);
    for (const label of sample) {
      const response = world.respond(label.url)!;
      expect(response.status).toBe(200);
      const html = response.body.toString('utf8');
      const doc = extractHtml(html, label.url);
      const source = data.docs.find((d) => d.source === label.source && d.kind === label.kind)!;
      expect(doc.text).toContain(source.paragraphs[0]!.slice(0, 40));
      expect(html).toContain(`<html lang="${source.tag}">`);
      for (const m of html.matchAll(/<link rel="alternate" hreflang="[^"]+" href="([^"]+)">/g)) {
        expect(world.respond(m[1]!)?.status).toBe(200);
      }
    }
  });

  it('labels groups with the pages and languages that share them', () => {
    const byGroup = new Map<string, PageLabel[]>();
    for (const l of articles) if (l.group) byGroup.set(l.group, [...(byGroup.get(l.group) ?? []), l]);
    for (const [, members] of byGroup) {
      for (const l of members) {
        expect(l.groupSize).toBe(members.length);
        expect(l.groupLanguages).toBe(new Set(members.map((m) => m.language)).size);
      }
    }
  });

  it('publishes the translated software catalogs on a site of their own, apart from the help topics', () => {
    const catalogSites = new Set(
      articles.filter((l) => l.source?.startsWith('gtk-catalog:')).map((l) => l.site),
    );
    expect(catalogSites).toEqual(new Set(['mt-apps', 'rewriter']));
    const apps = articles.filter((l) => l.site === 'mt-apps');
    expect(apps.length).toBeGreaterThan(0);
    expect(
      apps.every((l) => l.origin === 'machine-translation' && l.source!.startsWith('gtk-catalog:')),
    ).toBe(true);
  });
});
