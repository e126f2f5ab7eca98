import type {
  DocLink,
  DocScore,
  Verdict,
  Evidence,
  SentenceTuple,
  TupleInfo,
  TupleSizeCount,
  FrontierEntry,
  CorpusTotals,
  Doc,
  DomainRow,
  DupKind,
  DupMembership,
  DupSummary,
  LanguageRow,
  PageInfo,
  Problem,
  RunInfo,
  RunStatus,
  SourceFile,
  StepStats,
} from './types.js';

/** A document as the Store gives it back: the stored fields, without markup or signatures. */
export type StoredDoc = Omit<Doc, 'html' | 'minhash' | 'lshBands' | 'mwpFeatures'> & { runId: number };

/**
 * What the translation detector reads of a document (`Store.iterTexts`): its text, sentence spans
 * and language, and the page's canonical URL and hreflang alternates, without the headers,
 * provenance, metadata and page data `iterDocs` parses. With `features`, the stored features
 * instead of text and sentences.
 */
export type DocText = DocTextBase &
  (
    | { text: string; sentences: { start: number; end: number }[]; features?: undefined }
    | { features: Uint8Array; text?: undefined; sentences?: undefined }
  );

interface DocTextBase {
  id: string;
  url?: string;
  lang: { code: string };
  canonical?: string;
  /** The URLs of the page's hreflang alternates. */
  alternates: string[];
}

export interface IterDocsOptions {
  /** Read each document's sentences. @default true */
  sentences?: boolean;
}

export interface IterTextsOptions {
  /**
   * The leading bytes (a format tag) of stored features the caller reads: a document whose stored
   * `mwpFeatures` start with them comes with those (`features`) and without its text and sentences;
   * every other one with its text and sentences. Absent: text and sentences for all.
   */
  featuresFormat?: Uint8Array;
}

export interface PutResult {
  inserted: number;
  /** Ids that were already stored: not written again. */
  existingIds: string[];
}

/** The translation detector's output, written as a whole (iterables, so it need not sit in memory). */
export interface TranslationData {
  links: Iterable<DocLink>;
  tuples: Iterable<TupleInfo>;
  sentences: Iterable<SentenceTuple>;
}

/** The detector tables of a Store (kept apart so the document tables' interface stays small). */
export interface DetectionTables {
  /** Replaces all translation links, tuples and sentence memberships, in one transaction. */
  replaceTranslations(data: TranslationData): void;
  /** Pages linked to a page as its translations, best first. */
  docLinks(docId: string): DocLink[];
  /** Tuple memberships of a page's sentences, by sentence index. */
  sentenceTuples(docId: string): SentenceTuple[];
  getTuple(id: number): TupleInfo | undefined;
  /** Members of a tuple: the sentences (document and index) in it. */
  tupleMembers(id: number): { docId: string; idx: number }[];
  /** Sentences per language and tuple size (1 for sentences in no tuple), for saturation tables. */
  tupleSizeCounts(): TupleSizeCount[];

  /** Replaces one detector's scores and evidence for every document, in one transaction. */
  replaceScores(detector: string, scores: Iterable<DocScore>, evidence?: Iterable<Evidence>): void;
  docScores(docId: string): DocScore[];
  /**
   * A document's evidence by detector name, each detector's in the order it was written: the same
   * whichever detector was written last (the corpus stages write theirs from two threads).
   */
  docEvidence(docId: string): Evidence[];
  /** Documents with each evidence code, per detector. */
  evidenceCounts(): { detector: string; code: string; docs: number }[];

  /**
   * Replaces one detector's scores and evidence for the given documents and records that the model
   * version `digest` scored them, in one transaction: a batch is either wholly stored or not at all.
   */
  putScoreBatch(
    detector: string,
    digest: string,
    docIds: readonly string[],
    scores: readonly DocScore[],
    evidence?: readonly Evidence[],
  ): void;
  /** Documents a detector has scored, with the model digest that scored each. */
  scoredDocs(detector: string): Map<string, string>;

  /** Replaces every verdict, in one transaction. */
  replaceVerdicts(verdicts: Iterable<Verdict>): void;
  getVerdict(docId: string): Verdict | undefined;
  /** Pages per verdict label and false-positive-rate level. */
  verdictCounts(): { label: string; fprLevel: number | null; docs: number }[];
}

export interface RunStart {
  command: string;
  config: Record<string, unknown>;
  codeVersion: string;
}

export interface RunEnd {
  status: RunStatus;
  stats: StepStats[];
}

/**
 * The narrow interface every layer stores through. SQL lives only behind it (`SqliteStore`);
 * `MemoryStore` implements the same contract for fast tests.
 */
export interface Store {
  beginRun(run: RunStart): number;
  finishRun(runId: number, end: RunEnd): void;
  getRun(runId: number): RunInfo | undefined;
  listRuns(): RunInfo[];

  /**
   * Writes documents in one transaction; ids already present are left as they are.
   * `source`, when given, is upserted in the same transaction, so a file marked complete
   * always has all of its documents stored.
   */
  putDocs(docs: readonly Doc[], runId: number, source?: SourceFile): PutResult;
  hasDoc(id: string): boolean;
  /** Ids of the documents stored under a URL (several when it was fetched more than once), sorted. */
  docIdsByUrl(url: string): string[];
  getDoc(id: string): StoredDoc | undefined;
  /**
   * All documents, ordered by id. Lazily iterated: never holds the corpus in memory. With
   * `sentences: false` they come without `sentences`, for readers that do not use them (reading
   * every page's sentence rows doubles the time of a pass over the corpus).
   */
  iterDocs(options?: IterDocsOptions): Iterable<StoredDoc>;
  /**
   * The page data (links, meta, scripts, traces) of every document that has it, ordered by id:
   * what detectors of page traces read, without the text and sentences `iterDocs` loads.
   */
  iterPages(): Iterable<{ id: string; page: PageInfo }>;
  /** Every document's text, sentence spans, language and declared translations (`DocText`), ordered by id. */
  iterTexts(options?: IterTextsOptions): Iterable<DocText>;
  countDocs(): number;
  /** URLs of the documents a crawl stored (any run). */
  crawledUrls(): string[];
  /**
   * Where the last record that a stored document came from ends in the archive at `path` (its offset
   * plus its length), or undefined when no stored document came from that file: the archive is
   * whole up to there.
   */
  recordsEnd(path: string): number | undefined;

  /** The crawl frontier: one per database; a new crawl clears it, a resumed one continues it. */
  frontierReset(): void;
  /** Adds URLs as pending (kept as they are when already there, except that `render` is set). */
  frontierAdd(entries: readonly FrontierEntry[]): void;
  frontierDone(urls: readonly string[]): void;
  frontierLoad(): { pending: FrontierEntry[]; done: string[] };

  addProblems(runId: number, problems: readonly Problem[]): void;
  listProblems(runId?: number): (Problem & { runId: number })[];

  getSource(path: string): SourceFile | undefined;
  putSource(source: SourceFile): void;

  /**
   * Groups of two or more document ids that share a normalised-text hash (`text`) or an LSH bucket
   * (`lsh`); ids sorted within a group, groups in a stable order. Lazily iterated: the grouping is
   * the Store's work (on disk for SQLite), so memory does not grow with the corpus.
   */
  duplicateGroups(by: 'text' | 'lsh'): Iterable<string[]>;
  /** MinHash signatures of the given documents (those that have one). */
  getMinhashes(ids: readonly string[]): Map<string, Uint32Array>;
  /** Replaces all clusters of a kind (a cross-document stage recomputes them as a whole). */
  replaceDupClusters(kind: DupKind, members: readonly DupMembership[]): void;
  getDupClusters(kind: DupKind): DupMembership[];

  /** What detectors found: translation links and tuples, per-document scores and evidence. */
  readonly detections: DetectionTables;

  totals(): CorpusTotals;
  languageStats(): LanguageRow[];
  domainStats(): DomainRow[];
  dupSummary(): DupSummary[];

  close(): void;
}
