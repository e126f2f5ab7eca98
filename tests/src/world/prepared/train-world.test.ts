import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../../../crawlers/extract-html.js';
import { partOf } from '../../../../src/world/labeled-world.js';
import { MT_LANGUAGES } from '../../../../src/world/mt-languages.js';
import { readPreparedFile } from '../../../../src/world/prepared/prepared-data.js';
import { PreparedWorld } from '../../../../src/world/prepared/prepared-world.js';
import type { PageLabel } from '../../../../src/world/types.js';

const data = readPreparedFile('train');
const cross = readPreparedFile('cross');
const world = new PreparedWorld({ profile: 'train', seed: 1, basePort: 9500 });
const labels: PageLabel[] = [...world.labels()];
const articles = labels.filter((l) => l.pageType === 'article');
const human = articles.filter((l) => l.origin === 'human' || l.origin === 'human-translation');
const kindsOf = (origin: string, docs: { origin: string; kind?: string }[]): Set<string> =>
  new Set(docs.filter((d) => d.origin === origin).map((d) => d.kind!.split(' ')[0]!));

describe('the training world', () => {
  it('publishes every committed page once, as training or calibration pages', () => {
    expect(articles).toHaveLength(data.docs.length);
    expect(new Set(articles.map((l) => l.url)).size).toBe(articles.length);
    expect(new Set(articles.map((l) => l.split))).toEqual(new Set(['train', 'calibrate']));
    const parts = new Set(articles.map((l) => partOf(l)));
    expect(parts).toEqual(new Set(['fit', 'calibrate']));
  });

  it('has human text in 25+ languages and several scripts, from 4+ kinds of source besides the UDHR and Brown', () => {
    expect(new Set(human.map((l) => l.language)).size).toBeGreaterThanOrEqual(25);
    for (const code of ['rus', 'jpn', 'ell', 'zho', 'kor', 'khm']) {
      expect(human.some((l) => l.language === code)).toBe(true);
    }
    const sources = new Set(human.map((l) => l.sourceKind));
    expect(sources.size).toBeGreaterThanOrEqual(4);
    expect(human.some((l) => l.origin === 'human-translation')).toBe(true);
  });

  it('uses 12+ MT directions that are neither the demo world’s nor the cross world’s, with pivots, round trips and Cyrillic', () => {
    const demoSteps = new Set(
      MT_LANGUAGES.flatMap(({ chain, code }) =>
        chain.length === 1 ? [`eng>${code}`] : ['eng>spa', `spa>${code}`],
      ),
    );
    const directions = kindsOf('machine-translation', data.docs);
    expect(directions.size).toBeGreaterThanOrEqual(12);
    const crossDirections = kindsOf('machine-translation', cross.docs);
    for (const kind of directions) {
      expect(crossDirections.has(kind)).toBe(false);
      if (kind.split('>').length === 2) expect(demoSteps.has(kind)).toBe(false);
    }
    expect(directions).toContain('mkd>eng');
    expect(
      [...directions].some((k) => k.split('>').length === 3 && k.split('>')[0] !== k.split('>')[2]),
    ).toBe(true);
    expect(
      [...directions].some((k) => k.split('>').length === 3 && k.split('>')[0] === k.split('>')[2]),
    ).toBe(true);
  });

  it('has generated text from three model families in several languages, and three kinds of spun text', () => {
    const generated = data.docs.filter((d) => d.origin === 'lm-generated');
    const families = new Set(generated.map((d) => d.sourceKind.split('-')[0]));
    for (const family of ['ngram', 'gru', 'transformer']) expect(families).toContain(family);
    const neural = generated.filter((d) => d.id.startsWith('neural/') || d.id.startsWith('ngram/'));
    expect(new Set(neural.map((d) => d.language)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(neural.map((d) => d.kind.split(' ').slice(1).join(' '))).size).toBeGreaterThanOrEqual(3);
    for (const kind of ['spun-thesaurus', 'rewritten', 'spintax']) {
      expect(generated.some((d) => d.kind === kind)).toBe(true);
    }
  });

  it('holds whole sources out of fitting, and never splits a fitted group between fit and calibrate', () => {
    const heldOut = new Set(data.docs.filter((d) => d.split === 'calibrate').map((d) => d.sourceKind));
    expect(heldOut).toContain('debian-handbook');
    expect(heldOut).toContain('maint-guide');
    for (const origin of ['human-translation', 'machine-translation', 'lm-generated']) {
      expect(data.docs.some((d) => d.split === 'calibrate' && d.origin === origin)).toBe(true);
    }
    const partsOfGroup = new Map<string, Set<string>>();
    for (const l of articles) {
      if (l.split !== 'train' || l.group === null) continue;
      partsOfGroup.set(l.group, (partsOfGroup.get(l.group) ?? new Set()).add(partOf(l)!));
    }
    expect([...partsOfGroup.values()].filter((parts) => parts.size > 1)).toEqual([]);
  });

  it('shares no source, package or generator with the cross-source world', () => {
    const ours = new Set(Object.keys(data.packages));
    const shared = Object.keys(cross.packages).filter((p) => ours.has(p));
    expect(shared.sort()).toEqual(['apertium', 'python3-torch']);
    const crossSources = new Set(cross.docs.map((d) => d.sourceKind));
    expect(
      data.docs.filter(
        (d) => crossSources.has(d.sourceKind) && d.sourceKind !== 'apertium' && d.sourceKind !== 'spintax',
      ),
    ).toEqual([]);
    const crossText = new Set(cross.docs.flatMap((d) => d.paragraphs));
    expect(data.docs.flatMap((d) => d.paragraphs).filter((p) => crossText.has(p) && p.length > 80)).toEqual(
      [],
    );
  });

  it('serves each page with its text and language', () => {
    for (const label of articles.filter((_, i) => i % 89 === 0)) {
      const response = world.respond(label.url)!;
      expect(response.status).toBe(200);
      const html = response.body.toString('utf8');
      const source = data.docs.find((d) => d.source === label.source && d.kind === label.kind)!;
      expect(extractHtml(html, label.url).text).toContain(source.paragraphs[0]!.slice(0, 40));
      expect(html).toContain(`<html lang="${source.tag}">`);
    }
  });
});
