import { readFileSync } from 'node:fs';
import { hashSeed, rng, shuffled } from '../../db/random.js';
import { tokenizeText } from '../lm/tokenize.js';
import { brownCatalogue, brownSentences } from '../world/brown.js';

/** A document as the harness sees it: tokenized sentences. */
export type TokenDoc = string[][];

export interface CollapseCorpus {
  /** Where it came from: `brown` or a JSONL path. */
  source: string;
  train: TokenDoc[];
  validation: TokenDoc[];
  test: TokenDoc[];
}

/** Splits documents 80/10/10 by document, in a seeded order (the split is the same for every run seed). */
function split(source: string, docs: TokenDoc[], splitSeed: number): CollapseCorpus {
  const order = shuffled(
    docs.map((_, i) => i),
    rng(hashSeed('collapse-split', splitSeed)),
  );
  const nTest = Math.max(1, Math.round(docs.length * 0.1));
  const nVal = Math.max(1, Math.round(docs.length * 0.1));
  const pick = (from: number, to: number): TokenDoc[] => order.slice(from, to).map((i) => docs[i]!);
  return {
    source,
    test: pick(0, nTest),
    validation: pick(nTest, nTest + nVal),
    train: pick(nTest + nVal, docs.length),
  };
}

/**
 * The human corpus: Brown files (default; `maxDocs` of them, spread over the genres), or a JSONL
 * file with a `text` field per line (a `corpus-audit export` output works).
 */
export function loadCorpus(options: {
  source?: string;
  maxDocs?: number;
  splitSeed?: number;
}): CollapseCorpus {
  const source = options.source ?? 'brown';
  const splitSeed = options.splitSeed ?? 0;
  let docs: TokenDoc[];
  if (source === 'brown') {
    const catalogue = brownCatalogue();
    const max = Math.min(options.maxDocs ?? catalogue.length, catalogue.length);
    // Every k-th file, so every genre is represented in a small corpus.
    const step = catalogue.length / max;
    docs = Array.from({ length: max }, (_, i) => [...brownSentences([catalogue[Math.floor(i * step)]!.id])]);
  } else {
    docs = [];
    readFileSync(source, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        let text: unknown;
        try {
          text = (JSON.parse(line) as { text?: unknown }).text;
        } catch {
          throw new Error(`${source}:${i + 1}: not a JSON object`);
        }
        if (typeof text !== 'string') throw new Error(`${source}:${i + 1}: no "text" string`);
        if (options.maxDocs === undefined || docs.length < options.maxDocs) docs.push(tokenizeText(text));
      });
  }
  docs = docs.filter((d) => d.length > 0);
  if (docs.length < 10) throw new Error(`${source}: ${docs.length} documents; the harness needs at least 10`);
  return split(source, docs, splitSeed);
}

export const tokenCount = (docs: readonly TokenDoc[]): number =>
  docs.reduce((n, d) => n + d.reduce((m, s) => m + s.length + 1, 0), 0);
