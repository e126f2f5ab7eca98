import { hashSeed, rng, shuffled } from '../../../db/random.js';
import { slugOf } from '../sources.js';
import { LabeledWeb } from '../web.js';
import {
  readPreparedFile,
  type PreparedDoc,
  type PreparedFile,
  type PreparedProfile,
} from './prepared-data.js';
import { DocSite, type GroupSizes } from './doc-site.js';

export interface PreparedWorldOptions {
  /** `cross` (default): the cross-source evaluation world; `train`: the training corpus. */
  profile?: PreparedProfile;
  /** Orders the pages of mirror sites. Default 1. */
  seed?: number;
  /** Site i listens on basePort + i. Default 8300 (cross), 8500 (train). */
  basePort?: number;
}

export const DEFAULT_CROSS_WORLD = { seed: 1, basePort: 8300 } as const;
export const DEFAULT_TRAIN_WORLD = { seed: 1, basePort: 8500 } as const;

/** Human sources with a site of their own; any other human source gets an institution site. */
const HUMAN_SITES: Record<
  string,
  { id: string; archetype: string; name: string; hreflang: boolean; folder?: string }
> = {
  'gnome-help': { id: 'help', archetype: 'institution', name: 'Desktop Help Centre', hreflang: true },
  'debian-faq': { id: 'faq', archetype: 'institution', name: 'Distribution FAQ', hreflang: true },
  'moby-dick': {
    id: 'book',
    archetype: 'human-blog',
    name: 'Whaling Classics',
    hreflang: false,
    folder: 'read',
  },
};

/** One site of the world: which documents it publishes and how. */
interface SiteSpec {
  id: string;
  archetype: string;
  name: string;
  docs: PreparedDoc[];
  /** Link each page to its group's other versions on the site. */
  hreflang: boolean;
  pathOf: (d: PreparedDoc, i: number) => string;
}

/** A round trip (`hin>urd>hin`): machine-translated there and back, the way rewriters spin. */
export const isRoundTrip = (kind: string): boolean => {
  const steps = kind.split('>');
  return steps.length > 2 && steps[0] === steps.at(-1);
};

/**
 * A world of prepared pages (see prepared-data.ts): the cross-source evaluation world, whose sources,
 * MT directions and generators no shipped model, threshold or design choice was fitted on
 * (data/world/cross/SOURCES.md; every article is test), or the training corpus (models/DATA.md;
 * articles are train, or calibrate where their whole source is held out of fitting). Its size is
 * that of the committed data. Sites: one per human source (human translations linked by hreflang),
 * an MT farm linking its language versions, one unlinked MT mirror per direction, an MT site of
 * translated software messages, a rewriter of round-trip translations, one spam site per
 * generator, and the spinners.
 */
export class PreparedWorld extends LabeledWeb {
  readonly profile: PreparedProfile;
  readonly seed: number;
  readonly pages: number;
  readonly basePort: number;

  constructor(options: PreparedWorldOptions = {}, data?: PreparedFile) {
    super();
    this.profile = options.profile ?? 'cross';
    const defaults = this.profile === 'cross' ? DEFAULT_CROSS_WORLD : DEFAULT_TRAIN_WORLD;
    this.seed = options.seed ?? defaults.seed;
    this.basePort = options.basePort ?? defaults.basePort;
    data ??= readPreparedFile(this.profile);
    const split: 'train' | 'test' = this.profile === 'cross' ? 'test' : 'train';
    const docs = data.docs;
    this.pages = docs.length;
    const members = new Map<string, PreparedDoc[]>();
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
      const options = { hreflang: site.hreflang, tag: site.docs[0]!.tag, pathOf: site.pathOf, split };
      this.sites.push(new DocSite(site.id, site.archetype, origin, site.name, site.docs, groups, options));
    };
    const of = (pred: (d: PreparedDoc) => boolean): PreparedDoc[] => docs.filter(pred);
    const tail = (d: PreparedDoc): string => d.id.split('/').at(-1)!;
    const byTail = (folder: string) => (d: PreparedDoc) => `/${folder || d.tag}/${tail(d)}.html`;
    const byHash = (d: PreparedDoc): string =>
      `/${d.tag}/${slugOf(d.title)}-${hashSeed(d.id).toString(36)}.html`;

    // MT of GNOME help topics is split between a farm that links its versions and one unlinked
    // mirror per direction; MT of software message catalogs has a site of its own.
    const mt = of((d) => d.origin === 'machine-translation' && !isRoundTrip(d.kind));
    const catalog = (d: PreparedDoc): boolean => /^[a-z-]*catalog:/.test(d.source);
    const topics = mt.filter((d) => !catalog(d));
    const linked = (d: PreparedDoc): boolean => hashSeed('cross-farm', d.group ?? d.id) % 2 === 0;
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
    const neural = of((d) => d.id.startsWith('neural/') || d.id.startsWith('ngram/'));
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
    const humanKinds = [
      ...new Set(
        of((d) => d.origin === 'human' || d.origin === 'human-translation').map((d) => d.sourceKind),
      ),
    ];
    const humanSites: SiteSpec[] = humanKinds.map((kind) => {
      const known = HUMAN_SITES[kind];
      const name = kind.replace(
        /(^|-)(\w)/g,
        (_, dash: string, c: string) => `${dash ? ' ' : ''}${c.toUpperCase()}`,
      );
      return {
        id: known?.id ?? kind,
        archetype: known?.archetype ?? 'institution',
        name: known?.name ?? name,
        docs: of((d) => d.sourceKind === kind),
        hreflang: known?.hreflang ?? true,
        pathOf: byTail(known?.folder ?? ''),
      };
    });
    const sites: SiteSpec[] = [
      ...humanSites,
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
      { id: 'spin-rewrite', archetype: 'spinner', name: 'Article Rewrite Hub', docs: of((d) => d.kind === 'rewritten'), hreflang: false, pathOf: byTail('') },
      // prettier-ignore
      { id: 'spin-template', archetype: 'spinner', name: 'Smart Tips Daily', docs: of((d) => d.kind === 'spintax'), hreflang: false, pathOf: (d) => `/tips/${d.id.split('/').slice(1).join('-')}.html` },
    ];
    sites.forEach(add);
  }
}
