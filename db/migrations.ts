/**
 * Schema migrations, applied in order. `PRAGMA user_version` records how many have run, so an
 * existing audit database is upgraded in place and never rebuilt. Append; never edit a shipped one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    config TEXT NOT NULL,
    code_version TEXT NOT NULL,
    stats TEXT NOT NULL DEFAULT '[]'
  );

  CREATE TABLE docs (
    id TEXT PRIMARY KEY,
    url TEXT,
    host TEXT,
    title TEXT,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    lang TEXT NOT NULL,
    lang_score REAL NOT NULL,
    n_sentences INTEGER NOT NULL,
    source_kind TEXT NOT NULL,
    source_path TEXT,
    record_offset INTEGER,
    record_length INTEGER,
    record_id TEXT,
    line INTEGER,
    fetch_time TEXT,
    http_status INTEGER,
    http_headers TEXT,
    content_digest TEXT NOT NULL,
    archive_digest TEXT,
    crawler TEXT,
    charset TEXT,
    page TEXT,
    metadata TEXT,
    minhash BLOB,
    run_id INTEGER NOT NULL REFERENCES runs(id)
  );
  CREATE INDEX docs_lang ON docs(lang);
  CREATE INDEX docs_host ON docs(host);
  CREATE INDEX docs_source ON docs(source_path, record_offset);

  CREATE TABLE sentences (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    lang TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (doc_id, idx)
  ) WITHOUT ROWID;

  CREATE TABLE problems (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    path TEXT,
    offset INTEGER,
    line INTEGER
  );
  CREATE INDEX problems_run ON problems(run_id);

  CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL,
    docs INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    run_id INTEGER NOT NULL
  );

  CREATE TABLE dup_clusters (
    kind TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    PRIMARY KEY (kind, doc_id)
  ) WITHOUT ROWID;
  CREATE INDEX dup_clusters_cluster ON dup_clusters(kind, cluster_id);
  `,
  // 2: the LSH index on disk, so near-duplicate clustering does not hold it in memory.
  `
  CREATE TABLE lsh_bands (
    band_key INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (band_key, doc_id)
  ) WITHOUT ROWID;
  CREATE INDEX docs_text_hash ON docs(text_hash);
  `,
  // 3: the crawl frontier, so an interrupted crawl resumes without fetching anything twice.
  `
  CREATE TABLE crawl_frontier (
    url TEXT PRIMARY KEY,
    depth INTEGER NOT NULL,
    chain TEXT NOT NULL,
    render INTEGER NOT NULL,
    done INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 4: what detectors found: translation links and tuples, per-document scores and evidence.
  `
  CREATE TABLE doc_links (
    doc_a TEXT NOT NULL,
    doc_b TEXT NOT NULL,
    via TEXT NOT NULL,
    quality REAL NOT NULL,
    links INTEGER NOT NULL,
    PRIMARY KEY (doc_a, doc_b)
  ) WITHOUT ROWID;
  CREATE INDEX doc_links_b ON doc_links(doc_b);

  CREATE TABLE tuples (
    id INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    languages TEXT NOT NULL
  );

  CREATE TABLE sentence_tuples (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    tuple_id INTEGER NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX sentence_tuples_tuple ON sentence_tuples(tuple_id);

  CREATE TABLE scores (
    doc_id TEXT NOT NULL,
    detector TEXT NOT NULL,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (doc_id, detector, name)
  ) WITHOUT ROWID;
  CREATE INDEX scores_detector ON scores(detector, name);

  CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    detector TEXT NOT NULL,
    code TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX evidence_doc ON evidence(doc_id);
  CREATE INDEX evidence_detector ON evidence(detector, code);
  `,
  // 5: which model version scored each page (so an interrupted \`score\` run resumes), and verdicts.
  `
  CREATE TABLE scored_docs (
    detector TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (detector, doc_id)
  ) WITHOUT ROWID;

  CREATE TABLE verdicts (
    doc_id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    fpr_level REAL,
    probs TEXT NOT NULL,
    reasons TEXT NOT NULL,
    calibration TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX verdicts_label ON verdicts(label);
  `,
  // 6: each verdict keeps the thresholds it was judged against.
  `
  ALTER TABLE verdicts ADD COLUMN thresholds TEXT NOT NULL DEFAULT '{}';
  `,
  // 7: LSH band keys are appended here as documents are stored and merged into lsh_bands, in key
  // order, when duplicates are clustered. Inserting them straight into lsh_bands' index touched a
  // random page per key, so every commit rewrote most of the index (quadratic in the corpus).
  `
  CREATE TABLE lsh_pending (
    band_key INTEGER NOT NULL,
    doc_id TEXT NOT NULL
  );
  `,
  // 8: the translation detector's per-page features, computed by analysis (NULL for pages stored before).
  `
  ALTER TABLE docs ADD COLUMN mwp_features BLOB;
  `,
  // 9: what language ID found beside the code and probability (runner-up, script, what decided,
  // declared languages, the main language's share), as JSON; NULL for pages stored before.
  `
  ALTER TABLE docs ADD COLUMN lang_detail TEXT;
  `,
  // 10: which model detectors' scores each verdict read (its fit for that subset judged the page), as JSON.
  `
  ALTER TABLE verdicts ADD COLUMN detectors TEXT;
  `,
  // 11: the human calibration pages behind each verdict's thresholds (language, pages, own levels), as JSON.
  `
  ALTER TABLE verdicts ADD COLUMN reference TEXT;
  `,
];
