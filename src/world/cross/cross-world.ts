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
    const groups: GroupSizes = new Map();
    const languages = new Map<string, Set<string>>();
    for (const d of docs) {
      if (d.group === null) continue;
      const g = groups.get(d.group) ?? { pages: 0, languages: 0 };
      g.pages++;
      groups.set(d.group, g);
      const set = languages.get(d.group) ?? new Set<string>();
      set.add(d.language);
      languages.set(d.group, set);
    }
    for (const [group, g] of groups) g.languages = languages.get(group)!.size;

    let port = this.basePort;
    const add = (
      id: string,
      archetype: string,
      name: string,
      list: CrossDoc[],
      hreflang: boolean,
      pathOf: (d: CrossDoc, i: number) => string,
    ): void => {
      if (list.length === 0) return;
      const tag = list[0]!.tag;
      this.sites.push(
        new DocSite(id, archetype, `http://127.0.0.1:${port++}`, name, list, groups, {
          hreflang,
          tag,
          pathOf,
        }),
      );
    };
    const of = (pred: (d: CrossDoc) => boolean): CrossDoc[] => docs.filter(pred);
    const tail = (d: CrossDoc): string => d.id.split('/').at(-1)!;

    add(
      'help',
      'institution',
      'Desktop Help Centre',
      of((d) => d.sourceKind === 'gnome-help'),
      true,
      (d) => `/${d.tag}/${tail(d)}.html`,
    );
    add(
      'faq',
      'institution',
      'Distribution FAQ',
      of((d) => d.sourceKind === 'debian-faq'),
      true,
      (d) => `/${d.tag}/${tail(d)}.html`,
    );
    add(
      'book',
      'human-blog',
      'Whaling Classics',
      of((d) => d.sourceKind === 'moby-dick'),
      false,
      (d) => `/read/${tail(d)}.html`,
    );

    const mt = of((d) => d.origin === 'machine-translation' && !isRoundTrip(d.kind));
    const linked = (d: CrossDoc): boolean => d.group !== null && hashSeed('cross-farm', d.group) % 2 === 0;
    add(
      'mt-farm',
      'mt-farm',
      'Global Help Network',
      mt.filter(linked),
      true,
      (d) => `/${d.tag}/${slugOf(d.title)}-${tail(d).length}${hashSeed(d.id) % 1000}.html`,
    );
    const mirrored = mt.filter((d) => d.group !== null && !linked(d));
    for (const kind of [...new Set(mirrored.map((d) => d.kind))].sort()) {
      const list = shuffled(
        mirrored.filter((d) => d.kind === kind),
        rng(hashSeed(this.seed, 'cross-mirror', kind)),
      );
      add(
        `mirror-${kind.replace('>', '-')}`,
        'mt-mirror',
        `Mirror ${kind.split('>').at(-1)!.toUpperCase()}`,
        list,
        false,
        (_, i) => `/p/${i + 1}.html`,
      );
    }
    add(
      'mt-apps',
      'mt-farm',
      'Software Tips Portal',
      mt.filter((d) => d.group === null),
      false,
      // Two directions into one language translate the same catalogs: the id, not the name, is unique.
      (d) => `/${d.tag}/tip-${hashSeed(d.id).toString(36)}.html`,
    );
    add(
      'rewriter',
      'spinner',
      'Fresh Content Daily',
      of((d) => d.origin === 'machine-translation' && isRoundTrip(d.kind)),
      false,
      (d) => `/${d.tag}/${tail(d)}.html`,
    );
    const neural = of((d) => d.id.startsWith('neural/'));
    for (const source of [...new Set(neural.map((d) => d.source.split(':')[0]!))].sort()) {
      add(
        `lm-${source}`,
        'lm-spam',
        `Trending Now ${source.split('-').at(-1)!.toUpperCase()}`,
        neural.filter((d) => d.source.startsWith(`${source}:`)),
        false,
        (d) => `/post/${tail(d)}.html`,
      );
    }
    add(
      'spin-thesaurus',
      'spinner',
      'Help Articles Plus',
      of((d) => d.kind === 'spun-thesaurus'),
      false,
      (d) => `/${d.tag}/${tail(d)}.html`,
    );
    add(
      'spin-template',
      'spinner',
      'Smart Tips Daily',
      of((d) => d.kind === 'spintax'),
      false,
      (d) => `/tips/${d.id.split('/').slice(1).join('-')}.html`,
    );
  }
}
