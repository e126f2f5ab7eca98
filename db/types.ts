/**
 * The data model every layer shares. One `Doc` flows from readers through steps into the Store;
 * steps add fields, they never rewrite what another step produced.
 */

/** Where a document came from, as a kind of source. */
export type SourceKind = 'warc' | 'arc' | 'wet' | 'jsonl' | 'parquet' | 'html-file' | 'text-file' | 'crawl';

/** How a page's bytes were turned into text, so an odd decoding can be traced back. */
export interface CharsetInfo {
  /** WHATWG encoding label actually used, e.g. `utf-8`, `shift_jis`. */
  name: string;
  /** Which signal chose it. `fallback`: the declared charset failed and windows-1252 was used. */
  source: 'bom' | 'header' | 'meta' | 'sniff' | 'default' | 'fallback';
}

/** Everything needed to find a document's exact bytes again and to say how it was fetched. */
export interface Provenance {
  sourceKind: SourceKind;
  /** File the record was read from (absolute), when it came from a file. */
  path?: string;
  /** Byte offset of the record in `path`; for gzip files, the offset of its gzip member. */
  recordOffset?: number;
  /** Length in bytes of the record in `path` (compressed length for gzip members). */
  recordLength?: number;
  /** `WARC-Record-ID` for WARC/WET, the `id` field for JSONL. */
  recordId?: string;
  /** 1-based line number for JSONL records. */
  line?: number;
  /** When the page was fetched (ISO 8601), from `WARC-Date`, the ARC date or the crawler. */
  fetchTime?: string;
  httpStatus?: number;
  /** HTTP response headers, names lower-cased; repeated headers joined with `, `. */
  httpHeaders?: Record<string, string>;
  /** `sha256:<hex>` of the payload bytes as stored (after HTTP transfer decoding). */
  contentDigest: string;
  /** The digest the archive itself recorded (`WARC-Payload-Digest`), when present. */
  archiveDigest?: string;
  /** Crawler kind for crawled pages. */
  crawler?: 'static' | 'rendered';
}

/** An `<link rel="alternate" hreflang>` declaration: how multilingual sites name their translations. */
export interface Alternate {
  hreflang: string;
  href: string;
}

/** What main-text extraction keeps from the markup for later detectors. */
export interface PageInfo {
  /** The `lang` attribute of `<html>`, as written. */
  htmlLang?: string;
  canonical?: string;
  alternates: Alternate[];
  /** Outgoing links (absolute when a base URL is known), first occurrence order, capped. */
  links: string[];
  /** `<meta name|property|http-equiv>` pairs, e.g. `generator`. Names lower-cased. */
  meta: Record<string, string>;
  /** External script URLs, in document order, capped. */
  scripts: string[];
  /**
   * Machine-translation and generator traces found in the markup, each as `<where>:<what>`:
   * `inline:gtranslate` (inline script), `attr:gt_widget` (class or id), `comment:translation-stats`,
   * `rel:alternate machine-translated-from`. Detectors decide what they mean.
   */
  traces: string[];
  /** `lang` attributes seen on elements inside the main text, with how many characters each covers. */
  langAttrs: Record<string, number>;
  /**
   * Set when more than `MAX_OPEN_ELEMENTS` elements were open at once (broken or hostile markup) and
   * extraction went on with a fresh parser: how many times, and the first character offset.
   */
  markupRestarts?: { count: number; firstAt: number };
}

/** A language a page declares about itself, as the project's ISO 639-3 code, and where it said so. */
export interface DeclaredLanguage {
  code: string;
  source: 'html' | 'header' | 'hreflang' | 'url';
}

/**
 * A language guess. `code` is ISO 639-3 (`detectors/lang-codes.ts` says how macrolanguages are
 * written), or `und` when no language can be told. Sentences carry `code` and `score` only.
 */
export interface LangGuess {
  code: string;
  /**
   * lid.176's probability for `code`, in [0, 1]. 0 for `und`, and when franc named a language
   * lid.176 does not know (`by: 'franc'` with a code lid lacks): no probability exists for it.
   */
  score: number;
  /** lid's next most probable language, with its probability. */
  runnerUp?: { code: string; score: number };
  /** ISO 15924 code of the script most of the text's letters are in. */
  script?: string;
  /**
   * What decided: lid.176 alone, franc (second opinion), the page's declared language (prior), or its
   * sentences (most of its sentence text is in another language than lid read the whole page as; `score` 0).
   */
  by?: 'lid' | 'franc' | 'declared' | 'sentences';
  /** Set when lid's probability is below one half or the runner-up is close: both candidates are kept. */
  uncertain?: boolean;
  /** Why the code is `und`: nothing there, no letters, too few, source code, several scripts and no clear language. */
  reason?: 'empty' | 'no_letters' | 'too_short' | 'code' | 'mixed_scripts' | 'low_confidence';
  /** The languages the page declares, as evidence beside the identified one. */
  declared?: DeclaredLanguage[];
  /** Set when the page declares languages and a confident identification matches none of them. */
  mismatch?: boolean;
  /** Share of the page's identified sentence characters in `code` (documents only). */
  share?: number;
}

/** One sentence: offsets are UTF-16 code-unit offsets into `Doc.text`. */
export interface Sentence {
  start: number;
  end: number;
  lang: LangGuess;
}

export interface Doc {
  /** Stable id derived from the record's identity (see `crawlers/doc-id.ts`). */
  id: string;
  url?: string;
  /** The main text. Empty until extraction for documents that came as HTML. */
  text: string;
  /** Decoded markup, when the source was HTML. Not stored; extraction reads it. */
  html?: string;
  title?: string;
  provenance: Provenance;
  charset?: CharsetInfo;
  page?: PageInfo;
  lang?: LangGuess;
  sentences?: Sentence[];
  /** sha256 hex of the normalised text, for exact-duplicate clusters. */
  textHash?: string;
  /** MinHash signature of the text's word shingles, for near-duplicate clusters. */
  minhash?: Uint32Array;
  /** The LSH bucket keys of `minhash` (one per band): documents sharing one are near-duplicate candidates. */
  lshBands?: number[];
  /**
   * The translation detector's per-page features in their stored form
   * (`detectors/mwp/stored-features.ts`), computed by analysis; the detector reads them back.
   */
  mwpFeatures?: Uint8Array;
  /** Pass-through metadata from the source (JSONL `metadata`, for instance). */
  metadata?: Record<string, unknown>;
}

/** A problem with the input: counted, reported with where it was, and skipped. */
export interface Problem {
  /** Stable snake_case code, e.g. `truncated_gzip_member`. */
  code: string;
  message: string;
  path?: string;
  /** Byte offset (or line number for line-based formats, see `line`). */
  offset?: number;
  line?: number;
}

/** Counters a step keeps. `dropped_<reason>` keys sit beside the fixed ones. */
export interface StepStats {
  name: string;
  total: number;
  kept: number;
  dropped: number;
  /** Milliseconds spent inside the step itself, excluding the steps before it. */
  timeMs: number;
  reasons: Record<string, number>;
}

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface RunInfo {
  id: number;
  command: string;
  startedAt: string;
  finishedAt?: string;
  status: RunStatus;
  /** The resolved configuration the run used. */
  config: Record<string, unknown>;
  /** Package version plus git commit when known. */
  codeVersion: string;
  stats: StepStats[];
  problemCount: number;
}

/** Per-file bookkeeping that lets a repeated or interrupted ingest skip finished work. */
export interface SourceFile {
  path: string;
  size: number;
  mtimeMs: number;
  format: string;
  status: 'partial' | 'complete';
  docs: number;
  problems: number;
  runId: number;
}

/** A URL in the crawl frontier, kept in the Store so an interrupted crawl can resume. */
export interface FrontierEntry {
  url: string;
  depth: number;
  /** URLs that redirected here. */
  chain: string[];
  /** Handed to the browser (render auto): resume renders it. */
  render: boolean;
}

export type DupKind = 'exact' | 'near';

/** A document's membership in a duplicate cluster; the cluster id is its smallest member id. */
export interface DupMembership {
  docId: string;
  clusterId: string;
}

export interface LanguageRow {
  lang: string;
  docs: number;
  sentences: number;
  /** UTF-8 bytes of main text. */
  bytes: number;
  /**
   * Sentences whose own language is this one, whatever their document's language (a Spanish
   * sentence quoted in an English page counts here, under `spa`). Sentences too short to identify are
   * `und`. Rows exist only for languages some document has, so this is not a count of all tags.
   */
  sentencesTagged: number;
}

export interface DomainRow {
  host: string;
  docs: number;
  sentences: number;
  bytes: number;
  /** Up to five most common document languages with their document counts. */
  languages: { lang: string; docs: number }[];
  exactDuplicates: number;
  nearDuplicates: number;
}

export interface DupSummary {
  kind: DupKind;
  clusters: number;
  /** Documents in clusters of two or more. */
  docsInClusters: number;
  /** Documents that a keep-one-per-cluster policy would remove. */
  redundantDocs: number;
}

export interface CorpusTotals {
  docs: number;
  sentences: number;
  bytes: number;
  sources: number;
  runs: number;
  problems: number;
}

/** Two pages the translation detector found to be translations of each other (a < b by id). */
export interface DocLink {
  docA: string;
  docB: string;
  /** How the pair was found: `hreflang`, `url` (language codes stripped), `fingerprint`. */
  via: string[];
  /** Alignment quality in [0, 1] (1-1 share x length correlation). */
  quality: number;
  /** Aligned 1-1 sentence links. */
  links: number;
}

/** A sentence's membership in a translation tuple (sentences in no tuple have none). */
export interface SentenceTuple {
  docId: string;
  /** Index of the sentence in its document. */
  idx: number;
  tupleId: number;
  /** Languages (one sentence each) in the tuple: 2 or more. */
  size: number;
}

export interface TupleInfo {
  id: number;
  size: number;
  /** ISO 639-3 codes, sorted. */
  languages: string[];
}

/** A number a detector gives a document, e.g. `mwp` / `share_3plus`. */
export interface DocScore {
  docId: string;
  detector: string;
  name: string;
  value: number;
}

/** What a detector found on a page, with a stable code and the exact trace, e.g. a script URL. */
export interface Evidence {
  docId: string;
  detector: string;
  code: string;
  detail: string;
}

/** Sentences of one language (their document's) in tuples of one size (1: in no tuple), with their total length. */
export interface TupleSizeCount {
  lang: string;
  size: number;
  sentences: number;
  /** Sum of sentence lengths in characters (UTF-16 code units). */
  chars: number;
}

/** The classes a verdict decides between, and `insufficient` for text too short to judge. */
export type VerdictLabel = 'human' | 'machine-translation' | 'lm-generated' | 'insufficient';

/** A piece of evidence behind a verdict: which detector fired, with what value. */
export interface VerdictReason {
  /** Stable snake_case code, e.g. `mgt_classifier`, `zero_shot_binoculars`, `mwp_tuple_8plus`. */
  code: string;
  detector: string;
  value: number;
  /** Human-readable: what the value means and how much it moved the verdict. */
  detail: string;
}

/** One page's combined verdict. */
export interface Verdict {
  docId: string;
  /**
   * The decision at the levels of the policy `score` ran with (the built-in one: flagged at the 1%
   * threshold): the most probable machine class whose rule fires, else `human`; `insufficient` when
   * the page could not be judged. It is not the most probable class: the probabilities are beside it.
   */
  label: VerdictLabel;
  /** Calibrated probability per class (empty when insufficient). */
  probs: Partial<Record<Exclude<VerdictLabel, 'insufficient'>, number>>;
  /**
   * The strictest target false-positive rate on human text at which the label is flagged (0.01 or
   * 0.05); null for human and insufficient verdicts.
   */
  fprLevel: number | null;
  reasons: VerdictReason[];
  /** Digest of the calibration file that produced it. */
  calibration: string;
  /**
   * The thresholds the page was judged against: per machine class, the probability flagged at each
   * target FPR on human text (`{"machine-translation": {"0.01": 0.03, "0.05": 0.004}, ...}`).
   */
  thresholds: Record<string, Record<string, number>>;
  /**
   * The model detectors whose scores the verdict read (`mgt_classifier`, `zero_shot`): its fit for
   * that subset judged the page. Absent for verdicts stored before subsets were fitted.
   */
  detectors?: string[];
  /**
   * The human calibration pages behind the thresholds: the page language, its calibration pages,
   * and the levels at which its own pages set the threshold (the others are all languages' pooled).
   * Absent for verdicts stored before it was kept.
   */
  reference?: { lang: string; pages: number; ownLevels: number[] };
}
