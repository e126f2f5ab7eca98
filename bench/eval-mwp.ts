import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../db/sqlite-store.js';
import { VIA_EMBEDDING } from '../detectors/mwp/candidates.js';
import {
  embedStoreSentences,
  SentenceEmbedder,
  type SentenceVectors,
} from '../detectors/mwp/sentence-embedder.js';
import { computeTranslationTuples } from '../detectors/mwp/translation-tuples.js';
import { ingest } from '../src/ingest/ingest.js';
import { codeVersion, packageRoot } from '../db/version.js';
import { saturationTable } from '../reports/mt-saturation.js';
import type { PageLabel } from '../src/world/types.js';
import { PreparedWorld } from '../src/world/prepared/prepared-world.js';
import type { LabeledWeb } from '../src/world/web.js';
import { World } from '../src/world/world.js';
import { writeWorldWarc } from '../src/world/world-warc.js';

/**
 * `npm run eval:mwp`: the multi-way parallel detector against the demo world's ground truth, and
 * with `-- --world cross` against the cross-source world's (its translation groups: GNOME help
 * topics and Debian FAQ chapters in many languages, human-translated, and their Apertium versions).
 * Builds the world (default seed 1, 600 pages), writes it as a WARC, ingests it into a fresh
 * SQLite Store, runs the detector and compares: translation links between pages (same-site pairs
 * declared with hreflang, cross-origin mirrors without), tuple sizes per sentence, and per-language
 * saturation (share of sentences in 3+-way tuples). Writes bench/results/eval-mwp-latest.json.
 *
 * Truth: two article pages are translations when their source texts overlap and their languages differ; a
 * sentence's true tuple size is the number of languages of translated pages that were ingested
 * (1 for pages in no group), counting every translated page whose source text overlaps its own.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    pages: { type: 'string', default: '600' },
    keep: { type: 'boolean', default: false },
    /** A sentence-embedding model folder: the detector's optional neural similarity. */
    embedder: { type: 'string' },
    /** `demo` (default) or `cross`: the cross-source world, whose groups nothing was tuned on. */
    world: { type: 'string', default: 'demo' },
  },
});
if (values.world !== 'demo' && values.world !== 'cross') {
  console.error(`--world must be demo or cross, not ${values.world}`);
  process.exit(2);
}
const crossProfile = values.world === 'cross';
const seed = Number(values.seed);
const pages = Number(values.pages);
const dir = mkdtempSync(join(tmpdir(), 'eval-mwp-'));
const world: LabeledWeb = crossProfile ? new PreparedWorld({ seed }) : new World({ seed, pages });
const warc = join(dir, 'world.warc.gz');
writeWorldWarc(world, warc);
const labels = new Map<string, PageLabel>();
for (const l of world.labels()) labels.set(l.url, l);
const store = new SqliteStore(join(dir, 'audit.sqlite'));

try {
  await ingest({ inputs: [warc], store, command: 'eval-mwp' });
  let vectors: SentenceVectors | undefined;
  let embedMs = 0;
  if (values.embedder !== undefined) {
    const embedder = await SentenceEmbedder.load({ model: values.embedder });
    const e0 = performance.now();
    vectors = await embedStoreSentences(store, embedder);
    embedMs = performance.now() - e0;
    await embedder.dispose();
  }
  // Pairs the embedding channel proposed, to measure the channel on its own.
  const embeddingPairs: { a: string; b: string; accepted: boolean }[] = [];
  const t0 = performance.now();
  const result = await computeTranslationTuples(store, {
    ...(vectors && { vectors }),
    onPair: (p) => {
      if (p.via & VIA_EMBEDDING) embeddingPairs.push({ a: p.docA, b: p.docB, accepted: p.accepted });
    },
  });
  const detectMs = performance.now() - t0;

  // Stored pages with their labels.
  const docs: { id: string; label: PageLabel; sentences: number }[] = [];
  for (const d of store.iterDocs()) {
    const label = d.url === undefined ? undefined : labels.get(d.url);
    if (label) docs.push({ id: d.id, label, sentences: d.sentences?.length ?? 0 });
  }
  const byId = new Map(docs.map((d) => [d.id, d]));
  // A translated page's sentences are in tuples of every language whose translated pages overlap its
  // source text (the hazard site's legacy-charset pages repeat UDHR articles the UDHR site also has).
  const spans = new Map<string, { from: number; to: number; lang: string }[]>();
  const spanOf = (label: PageLabel): { doc: string; from: number; to: number } | undefined => {
    // The cross-source world's groups hold whole pages: every member is the same text.
    if (crossProfile) return label.group === null ? undefined : { doc: label.group, from: 0, to: 1 };
    const m = /^(.*)#(\d+)-(\d+)$/.exec(label.source ?? '');
    if (!m || label.group === null) return undefined;
    // UDHR ranges name their last section; Brown ranges end before their last paragraph.
    const inclusive = m[1]!.startsWith('udhr') ? 1 : 0;
    return { doc: label.sourceDoc ?? m[1]!, from: Number(m[2]), to: Number(m[3]) + inclusive };
  };
  for (const d of docs) {
    const span = spanOf(d.label);
    if (span) spans.set(span.doc, [...(spans.get(span.doc) ?? []), { ...span, lang: d.label.language }]);
  }
  const trueSizeOf = (label: PageLabel): number => {
    const span = spanOf(label);
    if (!span) return 1;
    const langs = new Set<string>();
    for (const o of spans.get(span.doc) ?? []) if (o.from < span.to && span.from < o.to) langs.add(o.lang);
    return langs.size;
  };

  // Links: truth against prediction, split by same site / cross-origin.
  const key = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);
  type Kind = 'same' | 'cross' | 'partial';
  const truth = new Map<string, Kind>();
  const bySource = new Map<string, { d: (typeof docs)[number]; from: number; to: number }[]>();
  for (const d of docs) {
    const span = spanOf(d.label);
    if (span && d.label.pageType === 'article') {
      bySource.set(span.doc, [...(bySource.get(span.doc) ?? []), { d, from: span.from, to: span.to }]);
    }
  }
  for (const members of bySource.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = members[i]!;
        const b = members[j]!;
        if (a.d.label.language === b.d.label.language || !(a.from < b.to && b.from < a.to)) continue;
        // Pages that share only part of their text (the hazard site's legacy pages hold UDHR
        // articles 1-5, the UDHR site's pages hold 0-7) are reported apart from the goals.
        const whole = a.from === b.from && a.to === b.to;
        truth.set(
          key(a.d.id, b.d.id),
          !whole ? 'partial' : a.d.label.site === b.d.label.site ? 'same' : 'cross',
        );
      }
    }
  }
  const counts = {
    same: { tp: 0, fp: 0, truth: 0 },
    cross: { tp: 0, fp: 0, truth: 0 },
    partial: { tp: 0, fp: 0, truth: 0 },
  };
  for (const kind of truth.values()) counts[kind].truth++;
  const falsePositives: string[] = [];
  for (const d of docs) {
    for (const link of store.detections.docLinks(d.id)) {
      if (link.docA !== d.id) continue;
      const other = byId.get(link.docB);
      if (!other) continue;
      const kind = truth.get(key(link.docA, link.docB));
      if (kind) counts[kind].tp++;
      else {
        counts[d.label.site === other.label.site ? 'same' : 'cross'].fp++;
        if (falsePositives.length < 10) {
          falsePositives.push(
            `${d.label.url} ${other.label.url} q=${link.quality} via ${link.via.join('+')}`,
          );
        }
      }
    }
  }
  const pr = (c: { tp: number; fp: number; truth: number }): { precision: number; recall: number } => ({
    precision: c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1,
    recall: c.truth ? c.tp / c.truth : 1,
  });

  // Tuple sizes per sentence, and saturation per language.
  let absError = 0;
  let sentences = 0;
  let absErrorGrouped = 0;
  let sentencesGrouped = 0;
  const truthByLang = new Map<string, { sentences: number; in3: number }>();
  const bySite = new Map<string, { err: number; n: number; pred: number; truth: number }>();
  for (const d of docs) {
    const trueSize = trueSizeOf(d.label);
    const predicted = new Map(store.detections.sentenceTuples(d.id).map((s) => [s.idx, s.size]));
    for (let idx = 0; idx < d.sentences; idx++) {
      const err = Math.abs((predicted.get(idx) ?? 1) - trueSize);
      const site = bySite.get(d.label.site) ?? { err: 0, n: 0, pred: 0, truth: 0 };
      site.err += err;
      site.n++;
      site.pred += predicted.get(idx) ?? 1;
      site.truth += trueSize;
      bySite.set(d.label.site, site);
      absError += err;
      sentences++;
      if (trueSize > 1) {
        absErrorGrouped += err;
        sentencesGrouped++;
      }
    }
    const row = truthByLang.get(d.label.language) ?? { sentences: 0, in3: 0 };
    row.sentences += d.sentences;
    if (trueSize >= 3) row.in3 += d.sentences;
    truthByLang.set(d.label.language, row);
  }
  const table = saturationTable(store.detections.tupleSizeCounts());
  const saturation = [...truthByLang]
    .filter(([, t]) => t.sentences >= 200)
    .map(([lang, t]) => {
      const predictedShare = table.find((r) => r.lang === lang)?.share3plus ?? 0;
      const truthShare = t.in3 / t.sentences;
      return {
        lang,
        sentences: t.sentences,
        truth: truthShare,
        predicted: predictedShare,
        errorPoints: 100 * Math.abs(predictedShare - truthShare),
      };
    })
    .sort((a, b) => b.sentences - a.sentences);

  const same = pr(counts.same);
  const cross = pr(counts.cross);
  // The embedding channel alone: of the true whole-page links, how many it proposed (and of
  // those on test-split sources, which the shipped embedder never saw), and how many it proposed
  // that are not translations.
  const proposed = new Set(embeddingPairs.map((p) => key(p.a, p.b)));
  const channel = {
    proposed: proposed.size,
    true: 0,
    truthSame: 0,
    truthCross: 0,
    foundSame: 0,
    foundCross: 0,
  };
  const testSplit = { truth: 0, found: 0 };
  for (const [k, kind] of truth) {
    if (kind === 'partial') continue;
    const hit = proposed.has(k);
    if (kind === 'same') {
      channel.truthSame++;
      if (hit) channel.foundSame++;
    } else {
      channel.truthCross++;
      if (hit) channel.foundCross++;
    }
    const [a] = k.split(' ');
    if (byId.get(a!)?.label.split === 'test') {
      testSplit.truth++;
      if (hit) testSplit.found++;
    }
  }
  for (const k of proposed) if (truth.has(k)) channel.true++;
  const out = {
    code: codeVersion(),
    date: new Date().toISOString(),
    world: { profile: world.profile, seed, pages: world.pages, labels: labels.size, stored: docs.length },
    detector: { ...result, detectMs },
    ...(values.embedder !== undefined && {
      embedder: { model: values.embedder, embedMs, channel, testSplit },
    }),
    links: {
      sameSite: { ...counts.same, ...same },
      crossOrigin: { ...counts.cross, ...cross },
      partialOverlap: { ...counts.partial, recall: pr(counts.partial).recall },
    },
    tupleSizeMae: {
      allSentences: absError / sentences,
      sentencesInGroups: absErrorGrouped / sentencesGrouped,
    },
    saturation,
    falsePositives,
  };
  const f = (x: number): string => x.toFixed(3);
  console.log(
    `${crossProfile ? 'Cross-source world (leave-source-out)' : 'Demo world'} seed ${seed}, ${world.pages} pages: ${docs.length} pages stored; detector ${detectMs.toFixed(0)} ms`,
  );
  console.log(
    `candidates: ${result.candidates.pairs} pairs (hreflang ${result.candidates.hreflang}, url ${result.candidates.url}, fingerprint ${result.candidates.fingerprint}${vectors ? `, embedding ${result.candidates.embedding}` : ''}); aligned ${result.aligned}, accepted ${result.accepted}; ${result.tuples} tuples`,
  );
  console.log(
    `same-site (hreflang) links:   precision ${f(same.precision)}  recall ${f(same.recall)}  (${counts.same.tp} of ${counts.same.truth}, ${counts.same.fp} false)   goal P >= 0.95, R >= 0.90`,
  );
  console.log(
    `cross-origin (mirror) links:  precision ${f(cross.precision)}  recall ${f(cross.recall)}  (${counts.cross.tp} of ${counts.cross.truth}, ${counts.cross.fp} false)   goal R >= 0.80 at P >= 0.90`,
  );
  console.log(
    `partial-overlap links (recall only): ${f(pr(counts.partial).recall)} (${counts.partial.tp} of ${counts.partial.truth})`,
  );
  console.log(
    `tuple size MAE: ${f(out.tupleSizeMae.allSentences)} over ${sentences} sentences; ${f(out.tupleSizeMae.sentencesInGroups)} over the ${sentencesGrouped} in translated groups`,
  );
  console.log(
    'by site (MAE, mean predicted, mean truth): ' +
      [...bySite]
        .map(
          ([site, v]) =>
            `${site} ${f(v.err / v.n)} ${(v.pred / v.n).toFixed(2)}/${(v.truth / v.n).toFixed(2)}`,
        )
        .join('; '),
  );
  console.log('saturation (share of sentences in 3+-way tuples), languages with 200+ sentences:');
  console.log('lang  sentences  truth  predicted  error (points)   goal <= 5');
  for (const s of saturation) {
    console.log(
      `${s.lang.padEnd(4)}  ${String(s.sentences).padStart(9)}  ${(100 * s.truth).toFixed(1).padStart(5)}  ${(100 * s.predicted).toFixed(1).padStart(9)}  ${s.errorPoints.toFixed(1).padStart(14)}`,
    );
  }
  if (values.embedder !== undefined) {
    console.log(
      `embedder ${values.embedder}: sentences embedded in ${(embedMs / 1000).toFixed(1)} s; the embedding channel ` +
        `proposed ${channel.proposed} pairs, ${channel.true} of them translations (precision ${f(channel.proposed ? channel.true / channel.proposed : 1)}); ` +
        `recall of true links on its own: same-site ${f(channel.foundSame / Math.max(1, channel.truthSame))}, ` +
        `cross-origin ${f(channel.foundCross / Math.max(1, channel.truthCross))}, ` +
        `pages of test-split sources ${f(testSplit.found / Math.max(1, testSplit.truth))} (${testSplit.truth} links)`,
    );
  }
  if (falsePositives.length)
    console.log(`false links (first ${falsePositives.length}):\n  ${falsePositives.join('\n  ')}`);
  const results = join(packageRoot(), 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const name = `eval-mwp${crossProfile ? '-cross' : ''}${values.embedder === undefined ? '' : '-embedder'}-latest.json`;
  writeFileSync(join(results, name), JSON.stringify(out, null, 2) + '\n');
} finally {
  store.close();
  if (values.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
