import { hashSeed, rng, shuffled } from '../../random.js';
import { slugOf } from '../sources.js';
import { LabeledWeb } from '../web.js';
import { readCrossFile, type CrossDoc, type CrossFile } from './cross-data.js';
import { DocSite, type GroupSizes } from './doc-site.js';

export interface CrossWorldOptions {
  /** Orders the pages of mirror sites. Default 1. */
  seed?: number;
  /** Site i listens on basePort + i. Default 8300. */
  basePort?: number;
}

export const DEFAULT_CROSS_WORLD = { seed: 1, basePort: 8300 } as const;

/** One site of the world: which documents it publishes and how. */
interface SiteSpec {
  id: string;
  archetype: string;
  name: string;
  docs: CrossDoc[];
  /** Link each page to its group's other versions on the site. */
  hreflang: boolean;
  pathOf: (d: CrossDoc, i: number) => string;
}

/** A round trip (`hin>urd>hin`): machine-translated there and back, the way rewriters spin. */
const isRoundTrip = (kind: string): boolean => {
  const steps = kind.split('>');
  return steps.length > 2 && steps[0] === steps.at(-1);
};

/**
 * The cross-source world: an evaluation web whose sources, MT directions and generators no shipped
 * model, threshold or design choice was fitted on (data/world/cross/SOURCES.md). Its size is that
 * of the committed data; every article is test. Sites:
 * GNOME help and the Debian FAQ in many languages (human translations linked by hreflang), a book,
 * an MT farm linking its language versions, one unlinked MT mirror per direction, an MT site of
 * translated software messages, a rewriter of round-trip translations, one spam site per neural
 * generator, and two spinners.
 */
export class CrossWorld extends LabeledWeb {
  readonly profile = 'cross';
  readonly seed: number;
  readonly pages: number;
  readonly basePort: number;

  constructor(options: CrossWorldOptions = {}, data: CrossFile = readCrossFile()) {
    super();
    this.seed = options.seed ?? DEFAULT_CROSS_WORLD.seed;
    this.basePort = options.basePort ?? DEFAULT_CROSS_WORLD.basePort;
    const docs = data.docs;
    this.pages = docs.length;
    const members = new Map<string, CrossDoc[]>();
    for (const d of docs) if (d.group !== null) members.set(d.group, [...(members.get(d.group) ?? []), d]);
    const groups: GroupSizes = new Map(
      [...members].map(([g, list]) => [
        g,
        { pages: list.length, languages: new Set(list.map((d) => d.language)).size },
      ]),
    );

    let port = this.basePort;
    const add = (site: SiteSpec): void => {
      if (site.docs.length === 0) return;
      const origin = `http://127.0.0.1:${port++}`;
      const options = { hreflang: site.hreflang, tag: site.docs[0]!.tag, pathOf: site.pathOf };
      this.sites.push(new DocSite(site.id, site.archetype, origin, site.name, site.docs, groups, options));
    };
    const of = (pred: (d: CrossDoc) => boolean): CrossDoc[] => docs.filter(pred);
    const tail = (d: CrossDoc): string => d.id.split('/').at(-1)!;
    const byTail = (folder: string) => (d: CrossDoc) => `/${folder || d.tag}/${tail(d)}.html`;
    const byHash = (d: CrossDoc): string =>
      `/${d.tag}/${slugOf(d.title)}-${hashSeed(d.id).toString(36)}.html`;

    // MT of GNOME help topics is split between a farm that links its versions and one unlinked
    // mirror per direction; MT of software message catalogs has a site of its own.
    const mt = of((d) => d.origin === 'machine-translation' && !isRoundTrip(d.kind));
    const catalog = (d: CrossDoc): boolean => d.source.startsWith('gtk-catalog:');
    const topics = mt.filter((d) => !catalog(d));
    const linked = (d: CrossDoc): boolean => hashSeed('cross-farm', d.group ?? d.id) % 2 === 0;
    const mirrored = topics.filter((d) => !linked(d));
    const mirrors: SiteSpec[] = [...new Set(mirrored.map((d) => d.kind))].sort().map((kind) => ({
      id: `mirror-${kind.replaceAll('>', '-')}`,
      archetype: 'mt-mirror',
      name: `Mirror ${kind.split('>').at(-1)!.toUpperCase()}`,
      docs: shuffled(
        mirrored.filter((d) => d.kind === kind),
        rng(hashSeed(this.seed, 'cross-mirror', kind)),
      ),
      hreflang: false,
      pathOf: (_, i) => `/p/${i + 1}.html`,
    }));
    const neural = of((d) => d.id.startsWith('neural/'));
    const generators: SiteSpec[] = [...new Set(neural.map((d) => d.source.split(':')[0]!))]
      .sort()
      .map((generator) => ({
        id: `lm-${generator}`,
        archetype: 'lm-spam',
        name: `Trending Now ${generator.split('-').at(-1)!.toUpperCase()}`,
        docs: neural.filter((d) => d.source.startsWith(`${generator}:`)),
        hreflang: false,
        pathOf: byTail('post'),
      }));
    const sites: SiteSpec[] = [
      // prettier-ignore
      { id: 'help', archetype: 'institution', name: 'Desktop Help Centre', docs: of((d) => d.sourceKind === 'gnome-help'), hreflang: true, pathOf: byTail('') },
      // prettier-ignore
      { id: 'faq', archetype: 'institution', name: 'Distribution FAQ', docs: of((d) => d.sourceKind === 'debian-faq'), hreflang: true, pathOf: byTail('') },
      // prettier-ignore
      { id: 'book', archetype: 'human-blog', name: 'Whaling Classics', docs: of((d) => d.sourceKind === 'moby-dick'), hreflang: false, pathOf: byTail('read') },
      // prettier-ignore
      { id: 'mt-farm', archetype: 'mt-farm', name: 'Global Help Network', docs: topics.filter(linked), hreflang: true, pathOf: byHash },
      ...mirrors,
      // Two directions into one language translate the same catalogs: the id, not the name, is unique.
      // prettier-ignore
      { id: 'mt-apps', archetype: 'mt-farm', name: 'Software Tips Portal', docs: mt.filter(catalog), hreflang: false, pathOf: byHash },
      // prettier-ignore
      { id: 'rewriter', archetype: 'spinner', name: 'Fresh Content Daily', docs: of((d) => d.origin === 'machine-translation' && isRoundTrip(d.kind)), hreflang: false, pathOf: byTail('') },
      ...generators,
      // prettier-ignore
      { id: 'spin-thesaurus', archetype: 'spinner', name: 'Help Articles Plus', docs: of((d) => d.kind === 'spun-thesaurus'), hreflang: false, pathOf: byTail('') },
      // prettier-ignore
      { id: 'spin-template', archetype: 'spinner', name: 'Smart Tips Daily', docs: of((d) => d.kind === 'spintax'), hreflang: false, pathOf: (d) => `/tips/${d.id.split('/').slice(1).join('-')}.html` },
    ];
    sites.forEach(add);
  }
}
