import type { DocText, Store } from '../../db/store.js';
import type { DocLink, SentenceTuple, TupleInfo } from '../../db/types.js';
import { alignSentences, type Alignment, type SentenceLink } from './align.js';
import { ACCEPTED, alignThreads, NOT_ALIGNED, pairChunks, ParallelAligner } from './align-pairs.js';
import { CandidateIndex, VIA_DECLARED, viaNames, type CandidateStats } from './candidates.js';
import { docFeatures, isNumberAnchor, LanguageIds, withPlace, type DocFeatures } from './features.js';
import { blockingKeys, fingerprintShingles } from './fingerprint.js';
import type { SentenceVectors } from './sentence-embedder.js';
import { decodeFeatures, FEATURES_FORMAT } from './stored-features.js';
import { TupleBuilder } from './tuples.js';
import { MWP_DETECTOR, SHARE_SIZES, pageScores, pageVector, round, type Membership } from './tuple-scores.js';

export { MWP_DETECTOR, SHARE_SIZES };

/**
 * A candidate pair is accepted as translations when its alignment quality (1-1 share x length
 * correlation) reaches this, or MIN_QUALITY_WITH_ANCHORS when most of its anchors agree. Chosen
 * on a demo world of another seed (7) than the one `npm run eval:mwp` reports on (1).
 */
export const MIN_QUALITY = 0.6;
export const MIN_QUALITY_WITH_ANCHORS = 0.45;
export const MIN_ANCHOR_AGREEMENT = 0.25;
/**
 * Numbers survive translation: linked sentences whose numbers mostly disagree (sections 8-15 of
 * one text against sections 24-30 of another) are not translations, however well lengths fit.
 */
export const MIN_NUMBER_AGREEMENT = 0.3;

export interface MwpOptions {
  /** Called as work advances: phase name, done, total (0 when unknown). */
  onProgress?: (phase: string, done: number, total: number) => void;
  /** Called for every aligned candidate pair, accepted or not (for evaluation and tuning). */
  onPair?: (pair: {
    docA: string;
    docB: string;
    via: number;
    alignment: Alignment;
    accepted: boolean;
    fingerprint: number;
  }) => void;
  /**
   * Sentence vectors from a multilingual embedding model (`embedStoreSentences`): used, when
   * given, for candidates (page vectors) and in the alignment's bead costs (not its link confidences).
   */
  vectors?: SentenceVectors;
  /**
   * At most this many worker threads align candidate pairs (0 or 1: in process). Default: one per
   * core. Threads start only from `alignThreadsFrom` pairs on; always in process with `onPair`.
   * The outcome is the same either way.
   */
  alignThreads?: number;
  /** Candidate pairs needed before alignment threads start. @default PARALLEL_MIN_PAIRS (100,000) */
  alignThreadsFrom?: number;
  /**
   * Awaited before the detector writes its results: a caller that writes to the same database from
   * another thread meanwhile (`runCorpusStages`) lets it finish first. Not counted in `timeMs`.
   */
  beforeWrite?: () => Promise<void>;
}

export interface MwpResult {
  /** Documents with a language and sentences: the ones the detector looks at. */
  docs: number;
  /** Of those, how many came with the features analysis stored (the others were computed here). */
  storedFeatures: number;
  candidates: CandidateStats;
  /** Candidate pairs aligned (both sides between 1 and MAX_ALIGN_SENTENCES sentences). */
  aligned: number;
  /** Candidate pairs left unaligned because their sentence counts differ too much to be accepted. */
  tooUneven: number;
  /** Pairs accepted as translations. */
  accepted: number;
  /** Worker threads that aligned the pairs; 0 when they were aligned in process. */
  alignThreads: number;
  tuples: number;
  /** Sentences (occurrences) in tuples of 2+ languages. */
  sentencesInTuples: number;
  timeMs: { features: number; candidates: number; align: number; tuples: number; write: number };
}

/**
 * A page with this many numbers and a page with none are not translations when nothing but their
 * fingerprints paired them (pages a site declares as translations may spell numbers out: the
 * Chinese UDHR writes 第一条 where others write "Article 1").
 */
export const UNMATCHED_NUMBERS = 3;
/**
 * Pairs only fingerprints found (no declaration, no shared URL) need lengths that agree better:
 * at 10,000 pages, 1% of true cross-origin pairs correlate below 0.94, while unrelated pages with
 * the same paragraph structure reach 0.88-0.91.
 */
export const MIN_FINGERPRINT_CORRELATION = 0.93;

function numberCount(f: DocFeatures): number {
  let n = 0;
  for (const a of f.anchors) if (isNumberAnchor(a)) n++;
  return n;
}

/**
 * Whether two pages of n and m sentences could be accepted at all: at most min(n, m) sentences
 * pair 1-1, so quality <= 2 min(n, m) / (n + m). Pairs that fail are not aligned (the outcome is
 * the same; the time is not).
 */
export function couldAccept(n: number, m: number): boolean {
  return (2 * Math.min(n, m)) / (n + m) >= Math.min(MIN_QUALITY, MIN_QUALITY_WITH_ANCHORS);
}

/**
 * Whether an alignment is good enough to call the two pages translations of each other. `numbers`
 * are the pages' counts of numbers, checked for pairs only fingerprints found.
 */
export function acceptAlignment(a: Alignment, via = 0, numbers?: [number, number]): boolean {
  if (a.numberAgreement !== undefined && a.numberAgreement < MIN_NUMBER_AGREEMENT) return false;
  if ((via & VIA_DECLARED) === 0) {
    if (a.lengthCorrelation < MIN_FINGERPRINT_CORRELATION) return false;
    const [x, y] = numbers ?? [0, 0];
    if (Math.min(x, y) === 0 && Math.max(x, y) >= UNMATCHED_NUMBERS) return false;
  }
  if (a.quality >= MIN_QUALITY) return true;
  return a.quality >= MIN_QUALITY_WITH_ANCHORS && (a.anchorAgreement ?? 0) >= MIN_ANCHOR_AGREEMENT;
}

/**
 * Finds translation tuples across the whole Store and records them, with per-page scores
 * (`mwp`: share of sentences in 2+, 3+, 8+ language tuples, mean tuple size, counterparts).
 * Nothing is dropped: multi-way parallelism is evidence (the UDHR is multi-way and human).
 */
export async function computeTranslationTuples(store: Store, options: MwpOptions = {}): Promise<MwpResult> {
  const progress = options.onProgress ?? ((): void => undefined);
  const clock = { t: performance.now() };
  const lap = (): number => {
    const now = performance.now();
    const ms = Math.round(now - clock.t);
    clock.t = now;
    return ms;
  };
  const languages = new LanguageIds();
  const features: DocFeatures[] = [];
  // Per page, its count of numbers, looked up once rather than once per candidate pair.
  const numbers: number[] = [];
  const index = new CandidateIndex();
  const total = store.countDocs();
  let seen = 0;
  // Features analysis stored come back instead of the text; pages stored without them (by an
  // older version) are read as text and their features computed here.
  let stored = 0;
  for (const doc of store.iterTexts({ featuresFormat: FEATURES_FORMAT })) {
    if (++seen % 5000 === 0) progress('features', seen, total);
    const page = doc.features && decodeFeatures(doc.features);
    if (page) stored++;
    const f = page
      ? withPlace(page, doc, features.length, languages)
      : computed(doc, features.length, languages, store);
    if (!f) continue;
    const vectors = options.vectors?.byDoc.get(doc.id);
    if (vectors && vectors.length === f.lens.length * options.vectors!.dim) f.vectors = vectors;
    features.push(f);
    numbers.push(numberCount(f));
    index.add(
      f.index,
      {
        lang: f.lang,
        ...(doc.url !== undefined && { url: doc.url }),
        ...(doc.canonical !== undefined && { canonical: doc.canonical }),
        alternates: doc.alternates,
      },
      { shingles: fingerprintShingles(f), keys: blockingKeys(f) },
      f.vectors && pageVector(f.vectors, f.lens.length),
    );
  }
  const featuresMs = lap();
  const pairs = index.build();
  const candidatesMs = lap();

  const links: DocLink[] = [];
  const counterparts = new Uint32Array(features.length);
  let aligned = 0;
  // Each sentence's node in the tuple graph (-1 until a link needs it), looked up once rather than
  // once per link: links outnumber sentences. Sentences of page k start at firstSentence[k].
  const builder = new TupleBuilder();
  const firstSentence = new Uint32Array(features.length + 1);
  features.forEach((f, k) => (firstSentence[k + 1] = firstSentence[k]! + f.keys.length));
  const nodes = new Int32Array(firstSentence[features.length]!).fill(-1);
  const nodeOf = (f: DocFeatures, sentence: number): number => {
    const at = firstSentence[f.index]! + sentence;
    let node = nodes[at]!;
    if (node < 0) {
      node = builder.node(f.keys[sentence]!, f.lang);
      nodes[at] = node;
    }
    return node;
  };
  /** Records an accepted pair: its link, and its sentence links in the tuple graph. */
  const accept = (i: number, j: number, via: number, quality: number, linkCount: number): void => {
    counterparts[i]!++;
    counterparts[j]!++;
    const a = features[i]!;
    const b = features[j]!;
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    links.push({
      docA: first.id,
      docB: second.id,
      via: viaNames(via),
      quality: round(quality),
      links: linkCount,
    });
  };
  const link = (i: number, j: number, quality: number, l: SentenceLink): void => {
    builder.linkNodes(nodeOf(features[i]!, l.a), nodeOf(features[j]!, l.b), quality * l.confidence);
  };
  const eligible = pairs.filter(([i, j]) => couldAccept(features[i]!.lens.length, features[j]!.lens.length));
  const tooUneven = pairs.length - eligible.length;
  const threads = options.onPair
    ? 0
    : alignThreads(eligible.length, options.alignThreads, options.alignThreadsFrom);
  if (threads === 0) {
    eligible.forEach(([i, j, via], k) => {
      if (k % 20000 === 0) progress('align', k, eligible.length);
      const a = features[i]!;
      const b = features[j]!;
      const alignment = alignSentences(a, b);
      if (!alignment) return;
      aligned++;
      const accepted = acceptAlignment(alignment, via, [numbers[i]!, numbers[j]!]);
      options.onPair?.({
        docA: a.id,
        docB: b.id,
        via,
        alignment,
        accepted,
        fingerprint: index.similarity(i, j),
      });
      if (!accepted) return;
      accept(i, j, via, alignment.quality, alignment.links.length);
      for (const group of [alignment.links, alignment.partialLinks]) {
        for (const l of group) link(i, j, alignment.quality, l);
      }
    });
  } else {
    const aligner = new ParallelAligner(threads);
    const chunks = pairChunks(eligible, features, numbers, options.vectors?.dim);
    let k = 0;
    for await (const outcome of aligner.outcomes(chunks, acceptAlignment)) {
      let accepted = 0;
      let at = 0;
      for (let p = 0; p < outcome.status.length; p++, k++) {
        if (k % 20000 === 0) progress('align', k, eligible.length);
        const status = outcome.status[p]!;
        if (status === NOT_ALIGNED) continue;
        aligned++;
        if (status !== ACCEPTED) continue;
        const [i, j, via] = eligible[k]!;
        const quality = outcome.quality[accepted]!;
        const count = outcome.linkCounts[accepted]!;
        accept(i, j, via, quality, count);
        const end = at + count + outcome.partialCounts[accepted]!;
        for (; at < end; at++) {
          link(i, j, quality, {
            a: outcome.linkA[at]!,
            b: outcome.linkB[at]!,
            confidence: outcome.confidence[at]!,
          });
        }
        accepted++;
      }
    }
  }
  const alignMs = lap();
  builder.build();
  links.sort((x, y) => (x.docA < y.docA ? -1 : x.docA > y.docA ? 1 : x.docB < y.docB ? -1 : 1));

  // Each sentence's tuple, looked up once. Tuple ids in order of first appearance over documents
  // in id order: stable for a Store.
  const tupleIds = new Map<number, number>();
  const tuples: TupleInfo[] = [];
  let sentencesInTuples = 0;
  const memberships: Membership[] = features.map((f, k) => {
    const ids = new Int32Array(f.keys.length);
    const sizes = new Uint16Array(f.keys.length).fill(1);
    f.keys.forEach((key, idx) => {
      // A sentence no link of its page touched may still be in a tuple through the same text on
      // another page.
      const node = nodes[firstSentence[k]! + idx]!;
      const t = node < 0 ? builder.tupleOf(key) : builder.tupleOfNode(node);
      if (!t) return;
      sentencesInTuples++;
      let id = tupleIds.get(t.root);
      if (id === undefined) {
        id = tuples.length + 1;
        tupleIds.set(t.root, id);
        tuples.push({
          id,
          size: t.size,
          languages: builder
            .languagesOf(t.root)
            .map((l) => languages.code(l))
            .sort(),
        });
      }
      ids[idx] = id;
      sizes[idx] = t.size;
    });
    return { ids, sizes };
  });
  const tuplesMs = lap();
  if (options.beforeWrite) {
    await options.beforeWrite();
    lap();
  }

  function* sentenceRows(): Iterable<SentenceTuple> {
    for (let k = 0; k < features.length; k++) {
      const { ids, sizes } = memberships[k]!;
      for (let idx = 0; idx < ids.length; idx++) {
        if (ids[idx]) yield { docId: features[k]!.id, idx, tupleId: ids[idx]!, size: sizes[idx]! };
      }
    }
  }
  progress('write', 0, 0);
  store.detections.replaceTranslations({ links, tuples, sentences: sentenceRows() });
  progress('scores', 0, 0);
  const { scores, evidence } = pageScores(features, memberships, counterparts);
  store.detections.replaceScores(MWP_DETECTOR, scores, evidence);
  return {
    docs: features.length,
    storedFeatures: stored,
    candidates: index.stats,
    aligned,
    tooUneven,
    accepted: links.length,
    alignThreads: threads,
    tuples: tuples.length,
    sentencesInTuples,
    timeMs: {
      features: featuresMs,
      candidates: candidatesMs,
      align: alignMs,
      tuples: tuplesMs,
      write: lap(),
    },
  };
}

/**
 * A document's features computed from its text: pages stored without features (by an older
 * version), and stored features that do not decode (damaged), whose text is read then.
 */
function computed(
  doc: DocText,
  index: number,
  languages: LanguageIds,
  store: Store,
): DocFeatures | undefined {
  if (doc.features === undefined) return docFeatures(doc, index, languages);
  const full = store.getDoc(doc.id);
  return full && docFeatures(full, index, languages);
}
