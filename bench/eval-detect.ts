import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { judgeableLength } from '../detectors/normalize.js';
import { scoreMap } from '../detectors/verdict/features.js';
import { auroc, rateAtOrAbove, tprAtFpr } from '../detectors/verdict/roc.js';
import { MACHINE_CLASSES, VerdictModel, type MachineClass } from '../detectors/verdict/verdict-model.js';
import { defaultModels } from '../src/score/default-models.js';
import { MIN_SCORED_CHARS, scoreStore } from '../src/score/score-run.js';
import { codeVersion, packageRoot } from '../src/version.js';
import { brownCatalogue } from '../src/world/brown.js';
import { classOf, openLabeledWorld } from '../src/world/labeled-world.js';

/**
 * `npm run eval:detect`: every detector alone and the combined verdict against the demo world's
 * test split (seed 1, 3,000 pages: the world the shipped models were trained on, whose test split
 * they never saw). Positives: pages of a machine class; negatives: human pages, human translations
 * included. TPR at 1% and 5% FPR uses thresholds set on the test negatives (the field's metric);
 * "shipped" rows use the verdict's own thresholds, fixed on the calibration part, with the FPR they
 * really give. Writes bench/results/eval-detect-latest.json.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    pages: { type: 'string', default: '3000' },
    dir: { type: 'string', default: '.train' },
  },
});
const world = await openLabeledWorld({
  seed: Number(values.seed),
  pages: Number(values.pages),
  dir: resolve(values.dir),
  log: (line) => {
    console.log(line);
  },
});
await scoreStore({
  store: world.store,
  command: 'eval-detect',
  filter: (doc) => world.partOfDoc(doc) !== 'fit',
  onProgress: (phase, done, total) => process.stderr.write(`\r${phase} ${done}/${total}   `),
});
process.stderr.write('\n');
const verdict = VerdictModel.load(defaultModels().verdict);

type Cls = 'human' | MachineClass;
interface Row {
  cls: Cls;
  language: string;
  /** The Brown genre of a Brown page (e.g. `belles_lettres`), else undefined. */
  genre: string | undefined;
  scores: Map<string, number>;
  probs: Record<string, number>;
  label: string;
}
const genreOf = new Map(brownCatalogue().map((c) => [`brown:${c.id}`, c.genre]));
const rows: Row[] = [];
let insufficient = 0;
for (const { doc, label, part } of world.docs()) {
  if (part !== 'test') continue;
  if (judgeableLength(doc.text) < MIN_SCORED_CHARS) {
    insufficient++;
    continue;
  }
  const v = world.store.detections.getVerdict(doc.id);
  rows.push({
    cls: classOf(label),
    language: label.language,
    genre: genreOf.get(label.sourceDoc ?? ''),
    scores: scoreMap(world.store.detections.docScores(doc.id)),
    probs: v?.probs ?? {},
    label: v?.label ?? 'missing',
  });
}

/** Each detector alone, oriented so that higher means machine (the sign each paper uses; Fast-DetectGPT both ways). */
const DETECTORS: { name: string; score: (r: Row, cls: MachineClass) => number | undefined }[] = [
  {
    name: 'classifier',
    score: (r, cls) => r.scores.get(`mgt_classifier.p_${cls.replace(/-/g, '_')}`),
  },
  { name: 'log-likelihood', score: (r) => r.scores.get('zero_shot.ll') },
  { name: 'log-rank', score: (r) => neg(r.scores.get('zero_shot.logrank')) },
  { name: 'entropy', score: (r) => neg(r.scores.get('zero_shot.entropy')) },
  { name: 'fast-detectgpt', score: (r) => r.scores.get('zero_shot.fastdetect') },
  // The other tail (the verdict's zero_shot_improbable): text less likely than the model expects.
  { name: 'fast-detectgpt, low tail', score: (r) => neg(r.scores.get('zero_shot.fastdetect')) },
  { name: 'binoculars', score: (r) => neg(r.scores.get('zero_shot.binoculars')) },
  { name: 'text incohesion', score: (r) => neg(r.scores.get('text_stats.cohesion')) },
  { name: 'mwp share 3+', score: (r) => r.scores.get('mwp.share_3plus') ?? 0 },
  { name: 'mt plugin', score: (r) => r.scores.get('mt_markers.plugins') ?? 0 },
  { name: 'verdict', score: (r, cls) => r.probs[cls] },
];
function neg(v: number | undefined): number | undefined {
  return v === undefined ? undefined : -v;
}

const humans = rows.filter((r) => r.cls === 'human');
const result: Record<string, unknown> = {};
const pct = (v: number): string => (Number.isNaN(v) ? '  n/a' : (100 * v).toFixed(1).padStart(5));
console.log(
  `\nTest split: ${rows.length} pages (${humans.length} human incl. translations, ` +
    MACHINE_CLASSES.map((c) => `${rows.filter((r) => r.cls === c).length} ${c}`).join(', ') +
    `); ${insufficient} too short, excluded`,
);
for (const cls of MACHINE_CLASSES) {
  const pos = rows.filter((r) => r.cls === cls);
  console.log(`\n${cls}: detector            AUROC  TPR@1%  TPR@5%`);
  const table: Record<string, unknown> = {};
  for (const d of DETECTORS) {
    const p = pos.map((r) => d.score(r, cls)).filter((v): v is number => v !== undefined);
    const n = humans.map((r) => d.score(r, cls)).filter((v): v is number => v !== undefined);
    const m = {
      auroc: auroc(p, n),
      tpr1: tprAtFpr(p, n, 0.01),
      tpr5: tprAtFpr(p, n, 0.05),
      positives: p.length,
      negatives: n.length,
    };
    table[d.name] = m;
    console.log(`  ${d.name.padEnd(28)} ${m.auroc.toFixed(3)}  ${pct(m.tpr1)}   ${pct(m.tpr5)}`);
  }
  // The shipped operating points.
  const shipped: Record<string, unknown> = {};
  for (const level of ['0.01', '0.05']) {
    const t = verdict.file.thresholds[cls][level]!;
    const tpr = rateAtOrAbove(
      pos.map((r) => r.probs[cls] ?? 0),
      t,
    );
    const fpr = rateAtOrAbove(
      humans.map((r) => r.probs[cls] ?? 0),
      t,
    );
    shipped[level] = { threshold: t, tpr, fpr };
    console.log(
      `  shipped threshold for ${Number(level) * 100}% FPR: TPR ${pct(tpr)}, FPR on test humans ${pct(fpr)}`,
    );
  }
  // By language: TPR of this class's pages in each language, at the test-set 1% and 5% thresholds.
  const byLanguage: Record<string, unknown> = {};
  const langs = [...new Set(pos.map((r) => r.language))].sort();
  const n = humans.map((r) => r.probs[cls] ?? 0);
  for (const lang of langs) {
    const p = pos.filter((r) => r.language === lang).map((r) => r.probs[cls] ?? 0);
    byLanguage[lang] = { pages: p.length, tpr1: tprAtFpr(p, n, 0.01), tpr5: tprAtFpr(p, n, 0.05) };
  }
  console.log(
    `  verdict TPR@1%/5% by language: ` +
      langs
        .map((l) => {
          const m = byLanguage[l] as { pages: number; tpr1: number; tpr5: number };
          return `${l} ${pct(m.tpr1).trim()}/${pct(m.tpr5).trim()} (${m.pages})`;
        })
        .join(', '),
  );
  result[cls] = { detectors: table, shipped, byLanguage };
}

// False positives on human text per language, at the shipped thresholds (either class flagged).
const fprByLanguage: Record<string, { pages: number; flagged5: number; flagged1: number }> = {};
for (const r of humans) {
  const row = (fprByLanguage[r.language] ??= { pages: 0, flagged5: 0, flagged1: 0 });
  row.pages++;
  if (r.label !== 'human') row.flagged5++;
  const strict = MACHINE_CLASSES.some((c) => (r.probs[c] ?? 0) >= verdict.file.thresholds[c]['0.01']!);
  if (strict) row.flagged1++;
}
console.log('\nFalse positives on human pages by language (shipped thresholds, either machine class):');
for (const [lang, r] of Object.entries(fprByLanguage).sort((a, b) => b[1].pages - a[1].pages)) {
  console.log(
    `  ${lang.padEnd(5)} ${String(r.pages).padStart(4)} pages  at 5%: ${r.flagged5}  at 1%: ${r.flagged1}`,
  );
}
result.fprByLanguage = fprByLanguage;

// Which human writing gets flagged: Brown genres of the English human pages at the 5% level.
const byGenre: Record<string, { pages: number; flagged5: number }> = {};
for (const r of humans) {
  if (r.genre === undefined) continue;
  const row = (byGenre[r.genre] ??= { pages: 0, flagged5: 0 });
  row.pages++;
  if (r.label !== 'human') row.flagged5++;
}
console.log('\nFlagged Brown pages by genre (shipped 5% thresholds):');
console.log(
  '  ' +
    Object.entries(byGenre)
      .sort((a, b) => b[1].flagged5 - a[1].flagged5 || b[1].pages - a[1].pages)
      .map(([g, r]) => `${g} ${r.flagged5}/${r.pages}`)
      .join(', '),
);
result.flaggedByGenre = byGenre;

const out = {
  when: new Date().toISOString(),
  codeVersion: codeVersion(),
  world: { seed: Number(values.seed), pages: Number(values.pages) },
  testPages: rows.length,
  insufficient,
  verdictModel: verdict.digest,
  result,
};
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'eval-detect-latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`\nwrote bench/results/eval-detect-latest.json`);
world.store.close();
