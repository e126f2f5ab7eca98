import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { detectorsPresent } from '../detectors/verdict/detector-subsets.js';
import { featureVector, scoreMap } from '../detectors/verdict/features.js';
import { fitVerdict } from '../detectors/verdict/fit.js';
import { MGT_CLASSES } from '../detectors/models/label-map.js';
import { judgeableLength } from '../detectors/normalize.js';
import { MIN_SCORED_CHARS, scoreStore } from '../src/score/score-run.js';
import { defaultModels } from '../src/score/default-models.js';
import { packageRoot } from '../db/version.js';
import { classOf, openLabeledWorld } from '../src/world/labeled-world.js';
import type { PageLabel } from '../src/world/types.js';
import { TRAINING_DEMO_PAGES, TRAINING_PROFILES, trainingWorldDir } from './training-worlds.js';

/**
 * Step 3 of `npm run models:build`: fits the verdict (multinomial logistic regression over every
 * detector's output) on the calibration part of the training worlds (a quarter of the demo world's
 * and the corpus's groups, and the corpus's sources held out as a whole; no model was trained on
 * any of it), and picks per-class thresholds for 1% and 5% false positives on its human pages
 * (human translations included). Writes models/verdict/verdict.json.
 * One fit per subset of the optional detectors (detector-subsets.ts), each with its thresholds.
 * The file records each language's human calibration pages (the verdict abstains on languages
 * without any); `--centre` also centres the language-dependent scores on them
 * (detectors/verdict/language-reference.ts).
 *   node dist/scripts/fit-verdict.js [--seed 1] [--pages 1500] [--dir .train] [--out models/verdict/verdict.json] [--centre] [--choose-penalty]
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    pages: { type: 'string', default: String(TRAINING_DEMO_PAGES) },
    dir: { type: 'string', default: '.train' },
    out: { type: 'string', default: defaultModels().verdict },
    // Centre the language-dependent scores on each language's human pages (measured worse with the
    // shipped models: docs/evaluation.md).
    centre: { type: 'boolean', default: false },
    // Fit with the L2 penalty the leave-one-source-out cross-validation prefers (measured worse:
    // docs/evaluation.md); without it, the cross-validation is only recorded.
    'choose-penalty': { type: 'boolean', default: false },
  },
});
const xs: Float64Array[] = [];
const ys: number[] = [];
const langs: string[] = [];
const present: string[][] = [];
const groups: string[] = [];

/**
 * A calibration page's source for the grouped cross-validation: the MT direction or generator
 * that made it, else the package or corpus its text comes from.
 */
function sourceGroup(profile: string, label: PageLabel): string {
  if (label.kind !== undefined && label.origin !== 'human' && label.origin !== 'human-translation')
    return `${profile}:${label.kind.split(' ')[0]!}`;
  if (label.origin === 'machine-translation') return `${profile}:mt>${label.language}`;
  if (label.origin === 'lm-generated') return `${profile}:${(label.source ?? 'lm').split('/')[0]!}`;
  return `${profile}:${label.sourceKind ?? (label.sourceDoc ?? 'human').split(':')[0]!}`;
}
let summary: Awaited<ReturnType<typeof scoreStore>> | undefined;
for (const profile of TRAINING_PROFILES) {
  const world = await openLabeledWorld({
    profile,
    seed: Number(values.seed),
    pages: Number(values.pages),
    dir: trainingWorldDir(resolve(values.dir), profile),
    log: (line) => {
      console.log(line);
    },
  });
  summary = await scoreStore({
    store: world.store,
    detectors: ['classifier', 'zero-shot', 'text-stats'],
    command: 'fit-verdict',
    // The fit part trained the models; only the calibration part's scores are needed here.
    filter: (doc) => world.partOfDoc(doc) === 'calibrate',
    onProgress: (phase, done, total) => process.stderr.write(`\r${profile}: ${phase} ${done}/${total}   `),
  });
  process.stderr.write('\n');
  for (const { doc, label, part } of world.docs()) {
    if (part !== 'calibrate' || judgeableLength(doc.text) < MIN_SCORED_CHARS) continue;
    const cls = classOf(label);
    const docScores = world.store.detections.docScores(doc.id);
    xs.push(featureVector(scoreMap(docScores)));
    present.push(detectorsPresent(docScores));
    groups.push(sourceGroup(profile, label));
    ys.push(MGT_CLASSES.indexOf(cls));
    langs.push(doc.lang?.code ?? 'und');
  }
  world.store.close();
}
if (!summary) throw new Error('no training world');
const draft = fitVerdict(
  xs,
  ys,
  {
    minChars: MIN_SCORED_CHARS,
    models: Object.fromEntries(
      summary.models.map((m) => [
        m.path ? relative(packageRoot(), m.path) : m.spec,
        { spec: m.spec, digest: m.digest },
      ]),
    ),
    fittedOn: {
      world: { seed: Number(values.seed), pages: Number(values.pages) },
      worlds: [...TRAINING_PROFILES],
      part: 'calibrate (a quarter of the groups of each training world, and the training corpus sources held out as a whole; the models never saw it)',
      pages: Object.fromEntries(MGT_CLASSES.map((c, i) => [c, ys.filter((y) => y === i).length])),
      script: 'scripts/fit-verdict.ts',
    },
  },
  langs,
  { centre: values.centre, present, minPages: 5, groups, choosePenalty: values['choose-penalty'] },
);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify(draft, null, 1) + '\n');
console.log(`fitted on ${xs.length} calibration pages; thresholds ${JSON.stringify(draft.thresholds)}`);
if (draft.combiner) {
  const c = draft.combiner;
  console.log(
    `L2 penalty ${c.used}; held out one of ${c.groups} sources at a time, AUROC per penalty ${JSON.stringify(c.cv)} (best: ${c.l2}); best single feature ${JSON.stringify(c.bestSingle)}`,
  );
}
console.log(`wrote ${values.out}`);
