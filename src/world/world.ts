import type { NgramModel } from '../lm/ngram.js';
import { hashSeed, rng, shuffled } from '../../db/random.js';
import { FarmSite, type FarmTraces } from './sites/farm.js';
import { HAZARD_ARTICLES, HazardSite } from './sites/hazards.js';
import { HumanSite, unitAt } from './sites/human.js';
import { JsAppSite } from './sites/js-app.js';
import { MirrorSite } from './sites/mirror.js';
import { ARTICLE_LANGUAGES, type MtArticle } from './sites/mt-article.js';
import { SpamSite } from './sites/spam.js';
import { UdhrSite } from './sites/udhr-site.js';
import { sourceOf, textUnits, type TextUnit } from './sources.js';
import { spamModel } from './spam-model.js';
import { LabeledWeb } from './web.js';

export interface WorldOptions {
  /** Everything random in the world derives from it. Default 1. */
  seed?: number;
  /** About this many article pages (index pages come on top). Default 600. */
  pages?: number;
  /** Site i listens on basePort + i. Default 8100. */
  basePort?: number;
  /** Delay of the slow page, in ms. Default 2000. */
  slowMs?: number;
}

export const DEFAULT_WORLD = { seed: 1, pages: 600, basePort: 8100, slowMs: 2000 } as const;

/** UDHR languages of the institution site (24; all stage-4 texts in franc's models). */
export const UDHR_LANGUAGES = [
  'eng',
  'spa',
  'fra',
  'por_PT',
  'ita',
  'deu_1996',
  'nld',
  'cat',
  'glg',
  'ron_2006',
  'pol',
  'ces',
  'rus',
  'ukr',
  'bul',
  'ell_monotonic',
  'tur',
  'arb',
  'hin',
  'jpn',
  'kor',
  'cmn_hans',
  'vie',
  'ind',
];

const NEWS_GENRES = new Set(['news', 'editorial', 'reviews']);
const APP_GENRES = new Set(['learned', 'government']);

/**
 * The demo world: a local multilingual web with ground truth. Sites are built from the seed and the
 * page count; pages are rendered on request from their index, so a world of 100,000 pages costs
 * no more memory than a small one.
 */
export class World extends LabeledWeb {
  readonly profile = 'demo';
  readonly seed: number;
  readonly pages: number;
  readonly basePort: number;

  /** `model` is called only when a spam page's text is first needed: listing pages needs no model. */
  constructor(options: WorldOptions = {}, model: () => NgramModel = spamModel) {
    super();
    this.seed = options.seed ?? DEFAULT_WORLD.seed;
    this.pages = options.pages ?? DEFAULT_WORLD.pages;
    this.basePort = options.basePort ?? DEFAULT_WORLD.basePort;
    const slowMs = options.slowMs ?? DEFAULT_WORLD.slowMs;
    if (!Number.isInteger(this.pages) || this.pages < 50) throw new Error('a world needs --pages 50 or more');
    const N = this.pages;
    const random = rng(hashSeed(this.seed, 'world'));
    const { human, mt } = textUnits();
    const pool = (genres: (g: string) => boolean): TextUnit[] =>
      shuffled(
        human.filter((u) => genres(u.genre)),
        random,
      );
    const news = pool((g) => NEWS_GENRES.has(g));
    const blog = pool((g) => !NEWS_GENRES.has(g) && !APP_GENRES.has(g));
    const app = pool((g) => APP_GENRES.has(g));

    // MT articles: farms first, then mirrors, from one shuffled pool of MT windows.
    const perFarm = Math.max(2, Math.round((0.12 * N) / ARTICLE_LANGUAGES.length));
    const perMirror = Math.max(2, Math.round((0.16 * N) / ARTICLE_LANGUAGES.length));
    const mtPool = shuffled(mt, random);
    const units: TextUnit[] = [];
    for (let k = 0; k < 3 * perFarm + perMirror; k++) units.push(unitAt(mtPool, k));
    const copies = new Map<string, number>();
    for (const u of units) copies.set(sourceOf(u), (copies.get(sourceOf(u)) ?? 0) + 1);
    const articles: MtArticle[] = units.map((unit) => {
      const n = copies.get(sourceOf(unit))! * ARTICLE_LANGUAGES.length;
      return { unit, groupSize: n, groupLanguages: ARTICLE_LANGUAGES.length };
    });

    let port = this.basePort;
    const origin = (): string => `http://127.0.0.1:${port++}`;
    // Human sites take whatever the other sites leave, so article pages add up to about N.
    const udhrPages = Math.min(7, Math.max(1, Math.round((0.15 * N) / UDHR_LANGUAGES.length)));
    const spam = Math.max(3, Math.round(0.06 * N));
    const appArticles = Math.max(3, Math.round(0.03 * N));
    const others =
      (3 * perFarm + perMirror) * ARTICLE_LANGUAGES.length +
      2 * spam +
      appArticles +
      udhrPages * UDHR_LANGUAGES.length +
      HAZARD_ARTICLES;
    const humanArticles = Math.max(3, Math.ceil((N - others) / 2));
    this.sites.push(
      new HumanSite('news', 'human-news', origin(), 'The Fulton Courier', 'news', news, humanArticles),
    );
    this.sites.push(
      new HumanSite('blog', 'human-blog', origin(), 'Porch Light Notes', 'posts', blog, humanArticles),
    );
    this.sites.push(new UdhrSite('udhr', origin(), 'Human Rights Library', UDHR_LANGUAGES, udhrPages));
    const farms: [string, string, FarmTraces][] = [
      ['farm-a', 'Daily Trends Hub', 'gtranslate'],
      ['farm-b', 'World News Digest', 'transposh'],
      ['farm-c', 'Info Portal 24', 'none'],
    ];
    farms.forEach(([id, name, traces], f) => {
      this.sites.push(
        new FarmSite(id, origin(), name, articles.slice(f * perFarm, (f + 1) * perFarm), traces),
      );
    });
    const mirrored = articles.slice(3 * perFarm);
    for (const language of ARTICLE_LANGUAGES) {
      const id = `mirror-${language.tag}`;
      this.sites.push(
        new MirrorSite(id, origin(), `Mirror ${language.tag.toUpperCase()}`, language, mirrored, this.seed),
      );
    }
    this.sites.push(
      new SpamSite('spam-a', origin(), 'Best Tips Daily', model, spam, this.seed, {
        temperature: 1,
        topP: 1,
      }),
    );
    this.sites.push(
      new SpamSite('spam-b', origin(), 'Smart Living Guide', model, spam, this.seed, {
        temperature: 0.8,
        topP: 1,
      }),
    );
    this.sites.push(new JsAppSite('app', origin(), 'Reading Room', app, appArticles));
    this.sites.push(
      new HazardSite('hazards', origin(), 'Old Town Archive', blog.slice().reverse(), this.seed, slowMs),
    );
  }
}
