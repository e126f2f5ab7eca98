import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { StoredDoc } from '../../db/store.js';
import { hashSeed } from '../../db/random.js';
import { ingest } from '../ingest/ingest.js';
import type { PageLabel } from './types.js';
import { World } from './world.js';
import { PreparedWorld } from './prepared/prepared-world.js';
import type { LabeledWeb } from './web.js';
import { writeWorldWarc } from './world-warc.js';

/**
 * Where a labelled article goes when models are trained and evaluated: the test split is held out;
 * the training split is cut again by source (a quarter for calibrating the verdict, the rest for
 * fitting the models), so the calibration never sees scores of texts a model was fitted on.
 */
export type Part = 'fit' | 'calibrate' | 'test';

export function partOf(label: PageLabel): Part | undefined {
  if (label.pageType !== 'article' || label.split === null) return undefined;
  if (label.split === 'test') return 'test';
  if (label.split === 'calibrate') return 'calibrate';
  const key = label.group ?? label.source ?? label.url;
  return hashSeed('calibrate', key) % 4 === 0 ? 'calibrate' : 'fit';
}

/** The verdict class of a labelled page: human translations are human. */
export function classOf(label: PageLabel): 'human' | 'machine-translation' | 'lm-generated' {
  return label.origin === 'human-translation' ? 'human' : label.origin;
}

export interface LabeledDoc {
  doc: StoredDoc;
  label: PageLabel;
  part: Part;
}

export interface LabeledWorld {
  store: SqliteStore;
  dbPath: string;
  labels: Map<string, PageLabel>;
  /** Stored article pages with a label and a part, in id order. */
  docs(): Iterable<LabeledDoc>;
  /** The part a stored page belongs to (undefined for index pages and unlabelled ones). */
  partOfDoc(doc: StoredDoc): Part | undefined;
}

/**
 * A labelled world (the demo world, or the cross-source one) ingested into a SQLite Store under
 * `dir`, with its labels; built once and reused while its labels are the same (the world is
 * deterministic), so scores stored there survive between runs. After changing how the world
 * renders its pages without changing their labels, delete `dir` so the pages are ingested again.
 */
export async function openLabeledWorld(options: {
  seed: number;
  pages: number;
  dir: string;
  /**
   * `demo` (default); `cross`: the cross-source world; `train`: the training corpus (the last two
   * have the size of their data).
   */
  profile?: 'demo' | 'cross' | 'train';
  log?: (line: string) => void;
}): Promise<LabeledWorld> {
  const { seed, pages, dir } = options;
  const profile = options.profile ?? 'demo';
  mkdirSync(dir, { recursive: true });
  const stamp = join(dir, 'world.json');
  const dbPath = join(dir, 'world.sqlite');
  const world: LabeledWeb =
    profile === 'demo' ? new World({ seed, pages }) : new PreparedWorld({ profile, seed });
  const labels = new Map<string, PageLabel>();
  const digest = createHash('sha256');
  for (const l of world.labels()) {
    labels.set(l.url, l);
    digest.update(JSON.stringify(l));
  }
  // Any change to the world's pages, URLs or labels (a rebuilt cross-world data file, a new site
  // layout) makes a new world: its stored pages would no longer match the labels by URL.
  const key = JSON.stringify({ profile, seed, pages: world.pages, labels: digest.digest('hex') });
  const fresh = !(existsSync(stamp) && existsSync(dbPath) && readFileSync(stamp, 'utf8') === key);
  if (fresh) {
    options.log?.(`building the ${profile} world (seed ${seed}, ${world.pages} pages) in ${dir}`);
    for (const f of ['world.sqlite', 'world.sqlite-wal', 'world.sqlite-shm'])
      rmSync(join(dir, f), { force: true });
    const warc = join(dir, 'world.warc.gz');
    writeWorldWarc(world, warc);
    const store = new SqliteStore(dbPath);
    await ingest({ inputs: [warc], store, command: 'labeled-world', force: true });
    store.close();
    writeFileSync(stamp, key);
  }
  const store = new SqliteStore(dbPath);
  const partOfDoc = (doc: StoredDoc): Part | undefined => {
    const label = doc.url === undefined ? undefined : labels.get(doc.url);
    return label && partOf(label);
  };
  return {
    store,
    dbPath,
    labels,
    partOfDoc,
    *docs() {
      for (const doc of store.iterDocs()) {
        const part = partOfDoc(doc);
        if (part) yield { doc, label: labels.get(doc.url!)!, part };
      }
    },
  };
}
