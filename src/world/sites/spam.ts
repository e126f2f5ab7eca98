import { detokenize } from '../../lm/tokenize.js';
import type { NgramModel } from '../../lm/ngram.js';
import { generate } from '../../lm/sample.js';
import { hashSeed, rng } from '../../../db/random.js';
import { htmlResponse, renderPage } from '../html.js';
import { splitOf } from '../sources.js';
import type { PageInfo, WorldResponse } from '../types.js';
import { ListingSite } from './listing.js';

export interface SpamStyle {
  temperature: number;
  topP: number;
}

/**
 * A language-model spam blog: every article is sampled from an n-gram model trained on the
 * world's human English text, paragraph by paragraph, from a seed per article.
 */
export class SpamSite extends ListingSite {
  protected readonly section = 'blog';
  protected readonly lang = { code: 'eng', tag: 'en' };
  protected override indexOrigin: PageInfo['origin'] = 'lm-generated';
  private readonly cache = new Map<number, { title: string; paragraphs: string[] }>();

  constructor(
    id: string,
    origin: string,
    name: string,
    private readonly model: () => NgramModel,
    private readonly articles: number,
    private readonly seed: number,
    private readonly style: SpamStyle,
  ) {
    super(id, 'lm-spam', origin, name);
  }

  protected count(): number {
    return this.articles;
  }

  private text(k: number): { title: string; paragraphs: string[] } {
    let hit = this.cache.get(k);
    if (!hit) {
      const random = rng(hashSeed(this.seed, this.id, k));
      const options = { random, ...this.style };
      const sentence = (maxTokens: number): string => {
        const tokens = generate(this.model(), { ...options, maxTokens });
        // A sentence cut at the cap still ends like one.
        if (tokens.length === maxTokens) {
          while (tokens.length > 0 && /^[,;:(`'-]+$/.test(tokens.at(-1)!)) tokens.pop();
          tokens.push('.');
        }
        return detokenize(tokens);
      };
      let title = '';
      while (title.split(' ').length < 4) title = sentence(12).replace(/[.,;:!?]+$/, '');
      const paragraphs: string[] = [];
      const count = 5 + Math.floor(random() * 4);
      for (let p = 0; p < count; p++) {
        const sentences: string[] = [];
        const n = 3 + Math.floor(random() * 3);
        while (sentences.length < n) {
          const s = sentence(45);
          if (s.split(' ').length >= 4) sentences.push(s);
        }
        paragraphs.push(sentences.join(' '));
      }
      hit = { title, paragraphs };
      if (this.cache.size > 256) this.cache.clear();
      this.cache.set(k, hit);
    }
    return hit;
  }

  protected title(k: number): string {
    return this.text(k).title;
  }

  /** Spam URLs are opaque ids: cheap to list without sampling the article. */
  protected override slug(k: number): string {
    return hashSeed(this.seed, this.id, 'slug', k).toString(36);
  }

  protected info(k: number, path: string): PageInfo {
    const source = `lm:${this.id}/${k + 1}`;
    return {
      path,
      pageType: 'article',
      origin: 'lm-generated',
      language: 'eng',
      source,
      sourceDoc: source,
      group: null,
      groupSize: 1,
      groupLanguages: 1,
      split: splitOf(source),
      hazards: [],
      traces: [],
    };
  }

  protected article(k: number): WorldResponse {
    const { title, paragraphs } = this.text(k);
    return htmlResponse(
      renderPage({
        lang: 'en',
        title,
        siteName: this.name,
        head: ['<meta name="generator" content="WordPress 6.4">'],
        nav: this.nav(),
        paragraphs,
        related: this.related(k),
      }),
    );
  }
}
