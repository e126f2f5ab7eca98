/**
 * corpus-audit as a library: everything the CLI does is importable from here.
 */
export type * from '../db/types.js';
export type {
  Store,
  StoredDoc,
  PutResult,
  RunStart,
  RunEnd,
  DetectionTables,
  TranslationData,
} from '../db/store.js';
export { SqliteStore, type SqliteStoreOptions } from '../db/sqlite-store.js';
export { StoreOpenError } from '../db/open-database.js';
export { UserError } from '../db/errors.js';
export { MemoryStore } from '../db/memory-store.js';
export { MIGRATIONS } from '../db/migrations.js';

export { readInput, inputName, type InputFile } from '../crawlers/open-input.js';
export { expandInputs, InputError, type ExpandOptions } from '../crawlers/expand-inputs.js';
export { fetchInput, discardInput } from '../crawlers/spool.js';
export { fetchToFile, FetchError, type FetchOptions, type FetchResult } from '../crawlers/remote-fetch.js';
export { pathsListUrls, parseShard, type PathsSelection } from '../crawlers/paths-list.js';
export { remoteUrl, COMMON_CRAWL_BASE_URL } from '../crawlers/remote-input.js';
export { readParquet } from '../crawlers/parquet-reader.js';
export { sniffFile, type Sniffed, type InputFormat } from '../crawlers/sniff.js';
export { readWarc } from '../crawlers/warc-reader.js';
export { readArc } from '../crawlers/arc-reader.js';
export { readJsonl } from '../crawlers/jsonl-reader.js';
export { decodeBytes, type DecodeResult } from '../crawlers/charset.js';
export {
  WarcWriter,
  warcDigest,
  recordIdFor,
  httpRequestBlock,
  httpResponseBlock,
  type WarcRecordInput,
} from '../crawlers/warc-writer.js';
export { extractHtml, type Extracted } from '../crawlers/extract-html.js';
export {
  collectingContext,
  DEFAULT_FIELDS,
  DEFAULT_MAX_RECORD_BYTES,
  type ReaderContext,
  type RecordFields,
} from '../crawlers/reader-context.js';

export {
  identifyDocument,
  identifySentence,
  identifyLanguages,
  MIN_LANGID_CHARS,
} from '../detectors/langid.js';
export { loadLidModel, LidModelError, type LidModel } from '../detectors/lid-model.js';
export { declaredLanguages } from '../detectors/declared-language.js';
export { declaredCode, canonicalCode, macrolanguageOf } from '../detectors/lang-codes.js';
export { countScripts } from '../detectors/script.js';
export { rankLanguages } from '../detectors/franc-index.js';
export { splitSentences, type Span } from '../detectors/sentences.js';
export { normalizeForDedup } from '../detectors/normalize.js';
export { minhashSignature, estimateJaccard, NEAR_DUP_THRESHOLD } from '../detectors/minhash.js';
export { computeDupClusters, type DedupResult } from '../detectors/dedup-clusters.js';
export {
  computeTranslationTuples,
  acceptAlignment,
  MWP_DETECTOR,
  type MwpOptions,
  type MwpResult,
} from '../detectors/mwp/translation-tuples.js';
export { alignSentences, type Alignment, type AlignSide, type SentenceLink } from '../detectors/mwp/align.js';
export { docFeatures, LanguageIds, type DocFeatures } from '../detectors/mwp/features.js';
export { languageFreeKey, isLanguageTag } from '../detectors/mwp/url-key.js';
export {
  markerEvidence,
  scoreMtMarkers,
  MT_MARKERS_DETECTOR,
  type MarkerSummary,
} from '../detectors/mt-markers.js';
export { normalizeForModel } from '../detectors/normalize.js';
export {
  TransformerClassifier,
  type ClassifierOptions,
  type ClassProbabilities,
} from '../detectors/models/classifier.js';
export { CausalLm, type CausalLmOptions } from '../detectors/models/causal-lm.js';
export { ZeroShotScorer, type ZeroShotOptions } from '../detectors/models/zero-shot-scorer.js';
export { ZeroShotAccumulator, type ZeroShotScores } from '../detectors/models/zero-shot.js';
export { ModelNotFoundError, type ModelInfo, type LoadOptions } from '../detectors/models/model-dir.js';
export { MGT_CLASSES, mapLabels, type MgtClass } from '../detectors/models/label-map.js';
export { VerdictModel, FPR_LEVELS, type VerdictModelFile } from '../detectors/verdict/verdict-model.js';
export { auroc, tprAtFpr, thresholdAtFpr } from '../detectors/verdict/roc.js';
export { saturationTable, TUPLE_BINS, type SaturationRow, type BinRow } from '../reports/mt-saturation.js';

export { runPipeline, statsRegistry, type Source } from './pipeline/runner.js';
export { mapStep, type Step, type StepContext } from './pipeline/step.js';
export { flatStats, mergeStats } from './pipeline/stats.js';
export { ingest, type IngestOptions, type IngestProgress, type IngestSummary } from './ingest/ingest.js';
export { analyzeDoc } from './ingest/analyze.js';
export {
  runCorpusStages,
  type CorpusStagesOptions,
  type CorpusStagesResult,
} from './detect/corpus-stages.js';
export { scoreStore, SCORE_DETECTORS, type ScoreOptions, type ScoreSummary } from './score/score-run.js';
export {
  fitVerdictOnLabels,
  FitVerdictError,
  type FitVerdictOptions,
  type FitVerdictResult,
} from './score/fit-verdict.js';
export { defaultModels } from './score/default-models.js';
export { NgramModel, type NgramOptions, type Perplexity } from './lm/ngram.js';
export { generate, nextTokenId, type GenerateOptions, type SampleOptions } from './lm/sample.js';
export { tokenizeSentence, tokenizeText, detokenize } from './lm/tokenize.js';
export { rng, hashSeed } from '../db/random.js';
export { World, DEFAULT_WORLD, type WorldOptions } from './world/world.js';
export { serveWorld, type RunningWorld } from './world/server.js';
export { writeWorldWarc } from './world/world-warc.js';
export { writeLabels } from './world/labels.js';
export type { PageLabel, OriginClass } from './world/types.js';
export { splitOf } from './world/sources.js';
export {
  loadPolicy,
  resolvePolicy,
  defaultPolicy,
  PolicyError,
  type LoadedPolicy,
} from '../policy/load-policy.js';
export { PolicyEngine, PolicyTally, type PolicyOutcome, type PolicyReason } from '../policy/apply-policy.js';
export { judgeStore, type JudgedDoc } from '../policy/judge-store.js';
export {
  calibrateThresholds,
  CalibrationError,
  type CalibrationFile,
  type CalibrationPage,
} from '../policy/calibrate.js';
export { calibrationPages, readHumanList, type SampleCounts } from '../policy/calibration-sample.js';
export { CalibratedThresholds } from '../policy/calibrated-thresholds.js';
export {
  listPages,
  matchingPages,
  parseScoreBound,
  type PageFilters,
  type PageRow,
  type PageListing,
  type ScoreBound,
} from '../policy/list-pages.js';
export {
  exportStore,
  rejectedPathFor,
  type ExportOptions,
  type ExportSummary,
} from './export/export-store.js';
export { runGate, type GateOptions, type GateResult, type GateCheck } from './gate/gate.js';
export { crawl, type CrawlOptions, type CrawlSummary, type RenderMode } from './crawl/crawl.js';
export { buildService, SERVICE_DEFAULTS, type ServiceOptions } from './serve/server.js';
export {
  runCollapse,
  REGIMES,
  type CollapseOptions,
  type GenerationResult,
  type Regime,
} from './collapse/harness.js';
export { collapseJob, type CollapseJobOptions, type CollapseJobResult } from './collapse/collapse-job.js';
export { writeReport, type WriteReportOptions, type WrittenReport } from '../reports/write-report.js';
export { pageReport, type PageReport } from '../reports/page-report.js';
export type { AuditReport } from '../reports/report-schema.js';
export { PageScorer } from './score/page-scorer.js';
export { loadCorpus, type CollapseCorpus } from './collapse/corpus.js';
export { ngramBackend, type CollapseBackend } from './collapse/backend.js';
export { main } from './cli/main.js';
export { codeVersion } from '../db/version.js';
