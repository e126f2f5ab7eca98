import { BeadSimilarity } from './bead-similarity.js';
import { AnchorGrid, GridBuffers, type AnchorCounts } from './anchor-grid.js';

/**
 * Sentence alignment of two documents: Gale and Church's (1993) length-based dynamic programming,
 * with hunalign-style anchors (numbers and names found on both sides) and paragraph structure
 * added to the bead costs, and a confidence for every 1-1 link.
 */

/** One side of an alignment: what `DocFeatures` holds for it. */
export interface AlignSide {
  lens: Uint32Array;
  paraStart: Uint8Array;
  anchorStart: Uint32Array;
  anchors: Uint32Array;
  /** Unit sentence vectors, row after row, when a sentence-embedding model is configured. */
  vectors?: Float32Array;
}

/** A 1-1 link between sentence `a` of the first side and sentence `b` of the second. */
export interface SentenceLink {
  a: number;
  b: number;
  /** In (0, 1): how sure the link is a translation, from its length fit, anchors and paragraphs. */
  confidence: number;
}

export interface Alignment {
  links: SentenceLink[];
  /**
   * Links from 1-2 and 2-1 beads: the single sentence and the longer of the two, at a discounted
   * confidence (PARTIAL_LINK_WEIGHT), so a sentence one language splits in two can still join a tuple.
   */
  partialLinks: SentenceLink[];
  /** Share of both sides' sentences in 1-1 links: translations are mostly sentence for sentence. */
  oneToOne: number;
  /**
   * Pearson correlation of the log lengths of linked sentences (0 with fewer than 3 links). A
   * translation's sentences are long where its source's are; unrelated texts' are not. Scale-free,
   * so it holds between scripts of very different density.
   */
  lengthCorrelation: number;
  /** Share of the linked sentences' anchors found on both sides; undefined when they have none. */
  anchorAgreement?: number;
  /**
   * Of the links with numbers on both sides, the share of numbers found on both (out of the side
   * with fewer): translation rarely changes a number. Undefined when no link has numbers on both.
   */
  numberAgreement?: number;
  /** `oneToOne x max(0, lengthCorrelation)`: what accepts or rejects the document pair. */
  quality: number;
}

/** Gale-Church bead priors (1993, table 5), by bead shape. */
export const BEAD_PRIORS = { '1-1': 0.89, '1-0': 0.0099, '2-1': 0.089, '2-2': 0.011 } as const;
/** Gale-Church variance of the length difference per character. */
export const VARIANCE_PER_CHAR = 6.8;
/**
 * Spread of the length statistic between unrelated sentences: their lengths vary independently,
 * several times more than a translation's (an estimate: Brown sentence lengths vary by about 60%,
 * which puts unrelated pairs of 100-character sentences near 3.5).
 */
const UNRELATED_SPREAD = 4;
/** Cost bonus per anchor found on both sides of a bead. */
const ANCHOR_SHARED_COST = 2;
/** Cost per number on one side only; names on one side only cost less (they may be translated). */
const NUMBER_MISS_COST = 1.5;
const NAME_MISS_COST = 0.3;
const ANCHOR_WEIGHTS = { shared: ANCHOR_SHARED_COST, numberMiss: NUMBER_MISS_COST, nameMiss: NAME_MISS_COST };
/** Cost of a bead that opens a paragraph on one side only, or merges across a paragraph break. */
const PARAGRAPH_COST = 3;
/** Confidence terms (log-odds) of a 1-1 link. */
const ANCHOR_SHARED_LLR = 1.5;
const NUMBER_MISS_LLR = 1.5;
const NAME_MISS_LLR = 0.3;
const PARAGRAPH_MATCH_LLR = 0.5;
const PARAGRAPH_MISMATCH_LLR = 1.5;
/**
 * Sentence embeddings, when both sides have them: a bead's cost falls by EMBED_COST per unit of
 * cosine above EMBED_MID. Evidence for a match, never against: penalising low similarities made
 * the UDHR's tuples worse (tuple-size error on its pages 0.78 -> 1.00, `npm run eval:mwp --
 * --embedder models/sentence-embedder`). Links' confidences, which order the tuple merges, are left
 * as they are: raising them by similarity also made the UDHR's tuples worse (0.78 -> 0.88). With
 * the shipped embedder (`models/sentence-embedder`), on test-split articles it never saw, a
 * sentence and its translation have a median cosine of 0.85 (5% under 0.36) and unrelated
 * sentences 0.10 (5% over 0.51); EMBED_MID sits between the medians.
 */
export const EMBED_TRANSLATION = 0.85;
export const EMBED_UNRELATED = 0.1;
export const EMBED_MID = (EMBED_TRANSLATION + EMBED_UNRELATED) / 2;
const EMBED_COST = 8;
/** Confidence factor of a partial (1-2 or 2-1) link. */
const PARTIAL_LINK_WEIGHT = 0.5;
/**
 * Half-width of the band around the diagonal, at least this many sentences (or 10% of the longer
 * side). Translations rarely drift more than a few beads off the diagonal; the band is what keeps
 * alignment linear in the document length.
 */
const MIN_BAND = 6;
/** Slack for rounding when a bound rules a bead out (costs are sums of a few dozen terms). */
const PRUNE_MARGIN = 1e-6;
/** Longer documents are not aligned (the DP table grows with the product of the sides). */
export const MAX_ALIGN_SENTENCES = 2000;

const SHAPES: readonly [na: number, nb: number, prior: number][] = [
  [1, 1, BEAD_PRIORS['1-1']],
  [1, 0, BEAD_PRIORS['1-0']],
  [0, 1, BEAD_PRIORS['1-0']],
  [2, 1, BEAD_PRIORS['2-1']],
  [1, 2, BEAD_PRIORS['2-1']],
  [2, 2, BEAD_PRIORS['2-2']],
];
// Columns of SHAPES as typed arrays, for the DP's inner loop.
const SHAPE_A = Int8Array.from(SHAPES, ([na]) => na);
const SHAPE_B = Int8Array.from(SHAPES, ([, nb]) => nb);
const SHAPE_COST = Float64Array.from(SHAPES, ([, , p]) => -Math.log(p));

/**
 * ln(erfc(x)) for x >= 0, from the Chebyshev fit of Numerical Recipes (fractional error below
 * 1.2e-7), in log form so that it never underflows.
 */
function logErfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - x * x + poly;
}

/** Steps per unit of z in the tail-cost table, and the table's end. */
const TAIL_STEPS = 64;
const TAIL_MAX_Z = 16;
/** -ln P(|Z| >= z) for a standard normal Z, i.e. -ln erfc(z / sqrt 2), tabulated: it runs for every bead. */
const TAIL_TABLE = Float64Array.from(
  { length: TAIL_STEPS * TAIL_MAX_Z + 2 },
  (_, k) => -logErfc(k / TAIL_STEPS / Math.SQRT2),
);

function tailCost(z: number): number {
  if (z >= TAIL_MAX_Z) return -logErfc(z / Math.SQRT2);
  const x = z * TAIL_STEPS;
  const k = Math.floor(x);
  const f = x - k;
  return TAIL_TABLE[k]! * (1 - f) + TAIL_TABLE[k + 1]! * f;
}

/** Gale-Church's standardised length difference of a bead. */
function lengthZ(la: number, lb: number, ratio: number): number {
  const mean = (la + lb / ratio) / 2;
  return (ratio * la - lb) / Math.sqrt(VARIANCE_PER_CHAR * mean);
}

/** Prefix sums, written into `out`: the length of sentences [i, j) is out[j] - out[i]. */
function cumulative(lens: Uint32Array, out: Float64Array): Float64Array {
  out[0] = 0;
  for (let i = 0; i < lens.length; i++) out[i + 1] = out[i]! + lens[i]!;
  return out;
}

/**
 * Buffers reused from one alignment to the next (alignment is synchronous and one at a time):
 * allocating and filling fresh typed arrays cost a third of aligning a typical pair.
 */
class Scratch {
  private costs = new Float64Array(0);
  private backs = new Uint8Array(0);
  private sidesA = new Float64Array(0);
  private sidesB = new Float64Array(0);
  readonly grid = new GridBuffers();

  /** A view of `size` cells, all set to `fill`. */
  cost(size: number, fill: number): Float64Array {
    if (this.costs.length < size) this.costs = new Float64Array(2 * size);
    return this.costs.subarray(0, size).fill(fill);
  }

  /** A view of `size` cells, contents undefined (every cell read is written first). */
  back(size: number): Uint8Array {
    if (this.backs.length < size) this.backs = new Uint8Array(2 * size);
    return this.backs.subarray(0, size);
  }

  /** Two per-sentence buffers of each side, [0, n + 1) and [n + 1, 2n + 2), contents undefined. */
  sideA(n: number): Float64Array {
    if (this.sidesA.length < 2 * n + 2) this.sidesA = new Float64Array(4 * n + 4);
    return this.sidesA;
  }

  sideB(m: number): Float64Array {
    if (this.sidesB.length < 2 * m + 2) this.sidesB = new Float64Array(4 * m + 4);
    return this.sidesB;
  }
}

const scratch = new Scratch();

/**
 * Aligns two documents' sentences. The length ratio `c` is the ratio of the documents' total
 * lengths (Gale and Church fixed c = 1 for English-French-German; scripts such as Chinese need it
 * estimated). Returns undefined when a side is empty or longer than MAX_ALIGN_SENTENCES.
 */
export function alignSentences(A: AlignSide, B: AlignSide): Alignment | undefined {
  const n = A.lens.length;
  const m = B.lens.length;
  if (n === 0 || m === 0 || n > MAX_ALIGN_SENTENCES || m > MAX_ALIGN_SENTENCES) return undefined;
  const bufA = scratch.sideA(n);
  const bufB = scratch.sideB(m);
  const cumA = cumulative(A.lens, bufA.subarray(0, n + 1));
  const cumB = cumulative(B.lens, bufB.subarray(0, m + 1));
  const ratio = Math.max(cumB[m]!, 1) / Math.max(cumA[n]!, 1);
  const width = m + 1;
  const cells = (n + 1) * width;
  const cost = scratch.cost(cells, Infinity);
  const back = scratch.back(cells);
  const band = Math.max(MIN_BAND, Math.ceil(0.1 * Math.max(n, m)));
  const deleteA = bufA.subarray(n + 1, 2 * n + 1);
  for (let i = 0; i < n; i++) deleteA[i] = SHAPE_COST[1]! + tailCost(Math.abs(lengthZ(A.lens[i]!, 0, ratio)));
  const deleteB = bufB.subarray(m + 1, 2 * m + 1);
  for (let j = 0; j < m; j++) deleteB[j] = SHAPE_COST[2]! + tailCost(Math.abs(lengthZ(0, B.lens[j]!, ratio)));
  const grid = new AnchorGrid(A, B, ANCHOR_WEIGHTS, scratch.grid);
  const sim = A.vectors && B.vectors ? new BeadSimilarity(A.vectors, n, B.vectors, m) : undefined;
  const simBonusMax = sim ? EMBED_COST * (1 + PRUNE_MARGIN - EMBED_MID) : 0;
  cost[0] = 0;
  for (let i = 0; i <= n; i++) {
    const center = (i * m) / n;
    const lo = Math.max(0, Math.floor(center - band));
    const hi = Math.min(m, Math.ceil(center + band));
    for (let j = lo; j <= hi; j++) {
      if (i === 0 && j === 0) continue;
      let best = Infinity;
      let bestShape = 0;
      // Shapes in SHAPES order (ties go to the first). Shapes 1 and 2 (1-0, 0-1) depend on one
      // sentence only: their costs are precomputed.
      for (let s = 0; s < SHAPE_COST.length; s++) {
        const i0 = i - SHAPE_A[s]!;
        const j0 = j - SHAPE_B[s]!;
        if (i0 < 0 || j0 < 0) continue;
        const prev = cost[i0 * width + j0]!;
        if (prev === Infinity) continue;
        let c: number;
        if (s === 1) c = prev + deleteA[i0]!;
        else if (s === 2) c = prev + deleteB[j0]!;
        else if (s === 0) {
          // beadCost for one sentence a side, spelled out: the most frequent bead by far.
          let bead = SHAPE_COST[0]! + tailCost(Math.abs(lengthZ(A.lens[i0]!, B.lens[j0]!, ratio)));
          bead += grid.cost11(i0, j0);
          if (A.paraStart[i0] !== B.paraStart[j0]) bead += PARAGRAPH_COST;
          c = prev + (bead - (sim ? EMBED_COST * Math.max(0, sim.bead(i0, i, j0, j) - EMBED_MID) : 0));
        } else {
          // A bound the bead cannot beat: its prior, every anchor of its smaller side shared, the
          // largest similarity bonus (length and paragraph terms only add). A bead of two
          // sentences that cannot beat the best so far is not costed: the outcome is the same.
          // Then the same with its length term, before its anchors are counted.
          const anchors = Math.min(
            A.anchorStart[i]! - A.anchorStart[i0]!,
            B.anchorStart[j]! - B.anchorStart[j0]!,
          );
          const floor = prev + SHAPE_COST[s]! - ANCHOR_SHARED_COST * anchors - simBonusMax;
          if (floor > best + PRUNE_MARGIN) continue;
          const tail = tailCost(Math.abs(lengthZ(cumA[i]! - cumA[i0]!, cumB[j]! - cumB[j0]!, ratio)));
          if (floor + tail > best + PRUNE_MARGIN) continue;
          c =
            prev +
            (beadCost(A, i0, i, B, j0, j, SHAPE_COST[s]! + tail, grid) -
              (sim ? EMBED_COST * Math.max(0, sim.bead(i0, i, j0, j) - EMBED_MID) : 0));
        }
        if (c < best) {
          best = c;
          bestShape = s;
        }
      }
      cost[i * width + j] = best;
      back[i * width + j] = bestShape;
    }
  }
  if (cost[n * width + m] === Infinity) return undefined;

  const links: SentenceLink[] = [];
  const partialLinks: SentenceLink[] = [];
  // Anchor totals over the 1-1 links, counted in the same pass as their confidences.
  let shared = 0;
  let anchors = 0;
  let numbersShared = 0;
  let numbers = 0;
  for (let i = n, j = m; i > 0 || j > 0;) {
    const [na, nb] = SHAPES[back[i * width + j]!]!;
    if (na === 1 && nb === 1) {
      const counts = grid.counts11(i - 1, j - 1);
      links.push({ a: i - 1, b: j - 1, confidence: linkConfidence(A, i - 1, B, j - 1, ratio, counts) });
      shared += counts.shared;
      anchors += 2 * counts.shared + counts.numberMiss + counts.nameMiss;
      // Only links with numbers on both sides say anything: some scripts spell numbers out.
      if (counts.numbersA > 0 && counts.numbersB > 0) {
        numbersShared += counts.numbersShared;
        numbers += Math.min(counts.numbersA, counts.numbersB);
      }
    } else if (na + nb === 3) {
      // One sentence against two (the languages split it differently): link it to the longer one.
      const [a, b] =
        na === 1
          ? [i - 1, B.lens[j - 1]! >= B.lens[j - 2]! ? j - 1 : j - 2]
          : [A.lens[i - 1]! >= A.lens[i - 2]! ? i - 1 : i - 2, j - 1];
      partialLinks.push({
        a,
        b,
        confidence: PARTIAL_LINK_WEIGHT * linkConfidence(A, a, B, b, ratio, grid.counts11(a, b)),
      });
    }
    i -= na;
    j -= nb;
  }
  links.reverse();
  partialLinks.reverse();
  const oneToOne = (2 * links.length) / (n + m);
  const lengthCorrelation = logLengthCorrelation(A, B, links);
  return {
    links,
    partialLinks,
    oneToOne,
    lengthCorrelation,
    ...(anchors > 0 && { anchorAgreement: (2 * shared) / anchors }),
    ...(numbers > 0 && { numberAgreement: numbersShared / numbers }),
    quality: oneToOne * Math.max(0, lengthCorrelation),
  };
}

function logLengthCorrelation(A: AlignSide, B: AlignSide, links: readonly SentenceLink[]): number {
  const k = links.length;
  if (k < 3) return 0;
  let sx = 0;
  let sy = 0;
  for (const l of links) {
    sx += Math.log(A.lens[l.a]! + 1);
    sy += Math.log(B.lens[l.b]! + 1);
  }
  const mx = sx / k;
  const my = sy / k;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const l of links) {
    const x = Math.log(A.lens[l.a]! + 1) - mx;
    const y = Math.log(B.lens[l.b]! + 1) - my;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** A bead's cost from its prior and length term (`base`): its anchor and paragraph terms added. */
function beadCost(
  A: AlignSide,
  a0: number,
  a1: number,
  B: AlignSide,
  b0: number,
  b1: number,
  base: number,
  grid: AnchorGrid,
): number {
  let c = base;
  if (a1 > a0 && b1 > b0) {
    c += grid.cost(a0, a1, b0, b1);
    if (A.paraStart[a0] !== B.paraStart[b0]) c += PARAGRAPH_COST;
    if (a1 - a0 === 2 && A.paraStart[a0 + 1]) c += PARAGRAPH_COST;
    if (b1 - b0 === 2 && B.paraStart[b0 + 1]) c += PARAGRAPH_COST;
  }
  return c;
}

/**
 * Log-odds that a 1-1 bead is a translation rather than two unrelated sentences: the length fit
 * under Gale-Church's normal model against a wider one for unrelated lengths, plus anchors and
 * paragraph agreement. Squashed to (0, 1).
 */
function linkConfidence(
  A: AlignSide,
  a: number,
  B: AlignSide,
  b: number,
  ratio: number,
  counts: AnchorCounts,
): number {
  const z = lengthZ(A.lens[a]!, B.lens[b]!, ratio);
  let llr = -(z * z) / 2 + (z * z) / (2 * UNRELATED_SPREAD * UNRELATED_SPREAD) + Math.log(UNRELATED_SPREAD);
  const { shared, numberMiss, nameMiss } = counts;
  llr += ANCHOR_SHARED_LLR * shared - NUMBER_MISS_LLR * numberMiss - NAME_MISS_LLR * nameMiss;
  llr +=
    A.paraStart[a] === B.paraStart[b] ? (A.paraStart[a] ? PARAGRAPH_MATCH_LLR : 0) : -PARAGRAPH_MISMATCH_LLR;
  return 1 / (1 + Math.exp(-llr));
}

export { BeadSimilarity };
