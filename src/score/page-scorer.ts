import { createHash } from 'node:crypto';
import type { DocScore, Evidence, Verdict } from '../../db/types.js';
import { extractHtml } from '../../crawlers/extract-html.js';
import { identifyDocument } from '../../detectors/langid.js';
import { markerEvidence, MT_MARKERS_DETECTOR } from '../../detectors/mt-markers.js';
import { judgeableLength } from '../../detectors/normalize.js';
import { loadScorers, type LoadedScorers, type ModelOptions } from './scorers.js';
import { MIN_SCORED_CHARS } from './score-run.js';

/** A page handed in directly (the HTTP service): text or HTML, with what the caller knows. */
export interface PageInput {
  id?: string | undefined;
  text?: string | undefined;
  html?: string | undefined;
  url?: string | undefined;
  /** ISO 639-3; identified from the text when absent. */
  lang?: string | undefined;
}

export interface PageResult {
  id: string;
  url?: string | undefined;
  lang: string;
  /** Characters of text judged (`judgeableLength`). */
  chars: number;
  /** Characters of the page's text before it was cut to the scoring limit, when it was. */
  truncatedFrom?: number | undefined;
  scores: DocScore[];
  evidence: Evidence[];
  /** Absent when the verdict was not loaded. */
  verdict?: Verdict | undefined;
}

/**
 * Scores pages held in memory with the same models, extraction, plugin-trace rules and verdict
 * as `corpus-audit score` applies to stored pages. Cross-document detectors (translation tuples,
 * duplicates) need a corpus: their features are missing here, and the verdict judges the page by
 * its fit without them (detectors/verdict/detector-subsets.ts).
 */
export class PageScorer {
  private constructor(private readonly loaded: LoadedScorers) {}

  static async load(options: ModelOptions): Promise<PageScorer> {
    return new PageScorer(await loadScorers(options));
  }

  get models(): LoadedScorers['models'] {
    return this.loaded.models;
  }

  get warnings(): string[] {
    return this.loaded.warnings;
  }

  get verdictDigest(): string | undefined {
    return this.loaded.verdictModel?.digest;
  }

  /**
   * Scores pages. With `maxChars`, a page's text is cut to its first `maxChars` characters first
   * (`truncatedFrom` says so), which bounds every step's cost; with `signal`, the work stops (the
   * promise rejects with the signal's reason) soon after the caller gives up.
   */
  async score(
    pages: readonly PageInput[],
    options: { signal?: AbortSignal | undefined; maxChars?: number | undefined } = {},
  ): Promise<PageResult[]> {
    const { signal, maxChars } = options;
    const prepared = pages.map((p) => {
      signal?.throwIfAborted();
      return prepare(p, maxChars);
    });
    const long = prepared.filter((r) => r.result.chars >= MIN_SCORED_CHARS);
    // The detectors run at the same time (the classifier here, the language models on their
    // workers); pages are keyed by position, since two pages in a batch may share an id.
    const inputs = long.map((r, i) => ({ id: String(i), text: r.text }));
    const results =
      long.length === 0
        ? []
        : await Promise.all(this.loaded.scorers.map((scorer) => scorer.score(inputs, signal)));
    signal?.throwIfAborted();
    for (const scores of results) {
      for (const s of scores) {
        const r = long[Number(s.docId)]!.result;
        r.scores.push({ ...s, docId: r.id });
      }
    }
    const verdict = this.loaded.verdictModel;
    return prepared.map(({ result: r, text }) =>
      verdict
        ? {
            ...r,
            verdict: verdict.decide(r.id, text, r.scores, r.evidence, r.lang, (v) =>
              this.loaded.engine.labelOf(v, r.lang),
            ),
          }
        : r,
    );
  }

  async dispose(): Promise<void> {
    await Promise.all(this.loaded.scorers.map((s) => s.dispose()));
  }
}

/** Text, language and plugin traces of one page. */
function prepare(p: PageInput, maxChars = Infinity): { result: PageResult; text: string } {
  let text = p.text ?? '';
  const id =
    p.id ??
    createHash('sha256')
      .update(p.html ?? text)
      .digest('hex')
      .slice(0, 32);
  const evidence: Evidence[] = [];
  const scores: DocScore[] = [];
  if (p.html !== undefined) {
    const extracted = extractHtml(p.html, p.url);
    if (p.text === undefined) text = extracted.text;
    const found = markerEvidence({ id, page: extracted.page });
    evidence.push(...found);
    scores.push({
      docId: id,
      detector: MT_MARKERS_DETECTOR,
      name: 'plugins',
      value: new Set(found.map((e) => e.code)).size,
    });
  }
  const truncatedFrom = text.length > maxChars ? text.length : undefined;
  if (truncatedFrom !== undefined) text = cutAtSpace(text, maxChars);
  const lang = p.lang ?? identifyDocument(text).code;
  return {
    result: { id, url: p.url, lang, chars: judgeableLength(text), truncatedFrom, scores, evidence },
    text,
  };
}

/** The first `max` characters of `text`, ending at a space when one is near the cut. */
function cutAtSpace(text: string, max: number): string {
  const space = text.lastIndexOf(' ', max);
  return text.slice(0, space > max * 0.9 ? space : max);
}
