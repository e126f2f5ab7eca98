import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rankLanguages } from '../detectors/franc-index.js';
import { canonicalCode, LID_LANGUAGES, macrolanguageOf } from '../detectors/lang-codes.js';
import { identifyDocument, identifyLanguages, lidCandidates, MIN_LANGID_CHARS } from '../detectors/langid.js';
import { codeVersion, packageRoot } from '../db/version.js';

/**
 * `npm run eval:langid`: accuracy of language ID on data/langid-eval (human translations from
 * Debian's gettext catalogs; neither model learnt from them, none of it is the UDHR), for lid.176
 * alone, franc alone and the combination ingest uses (`identifyDocument`: lid, franc's second
 * opinion, the refusals). Pages of 200+ characters and single sentences of 40+. Per language, the
 * confusion pairs, how often the combination says `und` or uncertain, and how well lid's
 * probability is calibrated. Writes bench/results/langid-eval-latest.json.
 */

interface Item {
  lang: string;
  text: string;
  source: string;
}

function load(file: string): Item[] {
  return readFileSync(join(packageRoot(), 'data', 'langid-eval', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Item);
}

const francTop = (text: string): string => {
  const top = rankLanguages(text, { minLength: MIN_LANGID_CHARS })[0];
  return top ? canonicalCode(top[0]) : 'und';
};
const lidTop = (text: string): { code: string; p: number } => {
  const top = lidCandidates(text)[0];
  return top ? { code: top[0], p: top[1] } : { code: 'und', p: 0 };
};

interface Tally {
  n: number;
  lid: number;
  franc: number;
  combined: number;
  /** Combined, counting a member of the right macrolanguage (hbs for srp) as right. */
  combinedMacro: number;
  und: number;
  uncertain: number;
}

/**
 * `asPages`: the combination is what ingest stores for a page (`identifyLanguages`, which may let the
 * page's sentences overrule lid's reading of the whole); otherwise `identifyDocument` on the text.
 */
function evaluate(items: Item[], asPages: boolean): Record<string, unknown> {
  const perLang = new Map<string, Tally>();
  const confusion = new Map<string, number>();
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, right: 0 }));
  let confidentN = 0;
  let confidentRight = 0;
  let uncertainN = 0;
  let uncertainRight = 0;
  const t0 = performance.now();
  for (const item of items) {
    const t = perLang.get(item.lang) ?? {
      n: 0,
      lid: 0,
      franc: 0,
      combined: 0,
      combinedMacro: 0,
      und: 0,
      uncertain: 0,
    };
    perLang.set(item.lang, t);
    const lid = lidTop(item.text);
    const combined = asPages ? identifyLanguages(item.text).lang : identifyDocument(item.text);
    t.n++;
    if (lid.code === item.lang) t.lid++;
    if (francTop(item.text) === item.lang) t.franc++;
    if (combined.code === item.lang) t.combined++;
    if (macrolanguageOf(combined.code) === macrolanguageOf(item.lang)) t.combinedMacro++;
    if (combined.code === 'und') t.und++;
    if (combined.uncertain) t.uncertain++;
    if (combined.code !== 'und') {
      if (combined.uncertain) {
        uncertainN++;
        if (combined.code === item.lang) uncertainRight++;
      } else {
        confidentN++;
        if (combined.code === item.lang) confidentRight++;
      }
    }
    if (combined.code !== item.lang) {
      const key = `${item.lang}->${combined.code}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
    }
    const bin = bins[Math.min(9, Math.floor(lid.p * 10))]!;
    bin.n++;
    bin.p += lid.p;
    if (lid.code === item.lang) bin.right++;
  }
  const ms = performance.now() - t0;
  const langs = [...perLang].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const covered = langs.filter(([l]) => LID_LANGUAGES.has(l));
  const notCovered = langs.filter(([l]) => !LID_LANGUAGES.has(l));
  const mean = (rows: [string, Tally][], key: keyof Tally): number =>
    rows.length ? rows.reduce((s, [, t]) => s + t[key] / t.n, 0) / rows.length : 0;
  const pooled = (rows: [string, Tally][], key: keyof Tally): number => {
    const n = rows.reduce((s, [, t]) => s + t.n, 0);
    return n ? rows.reduce((s, [, t]) => s + t[key], 0) / n : 0;
  };
  const total = bins.reduce((s, b) => s + b.n, 0);
  const ece = bins.reduce((s, b) => (b.n ? s + (b.n / total) * Math.abs(b.p / b.n - b.right / b.n) : s), 0);
  const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    items: items.length,
    languages: langs.length,
    coveredByLid: {
      languages: covered.length,
      macroAccuracy: {
        lid: r4(mean(covered, 'lid')),
        franc: r4(mean(covered, 'franc')),
        combined: r4(mean(covered, 'combined')),
      },
      pooledAccuracy: {
        lid: r4(pooled(covered, 'lid')),
        franc: r4(pooled(covered, 'franc')),
        combined: r4(pooled(covered, 'combined')),
      },
      combinedAtMacrolanguage: r4(pooled(covered, 'combinedMacro')),
      undRate: r4(pooled(covered, 'und')),
      uncertainRate: r4(pooled(covered, 'uncertain')),
    },
    notCoveredByLid: Object.fromEntries(
      notCovered.map(([l, t]) => [
        l,
        { n: t.n, franc: r4(t.franc / t.n), combined: r4(t.combined / t.n), und: r4(t.und / t.n) },
      ]),
    ),
    accuracyWhenConfident: r4(confidentN ? confidentRight / confidentN : 0),
    accuracyWhenUncertain: r4(uncertainN ? uncertainRight / uncertainN : 0),
    lidCalibration: {
      expectedCalibrationError: r4(ece),
      bins: bins.map((b, i) => ({
        from: i / 10,
        n: b.n,
        meanP: b.n ? r4(b.p / b.n) : null,
        accuracy: b.n ? r4(b.right / b.n) : null,
      })),
    },
    msPerItem: r4(ms / items.length),
    perLanguage: Object.fromEntries(
      langs.map(([l, t]) => [
        l,
        {
          n: t.n,
          lid: r4(t.lid / t.n),
          franc: r4(t.franc / t.n),
          combined: r4(t.combined / t.n),
          und: t.und,
          uncertain: t.uncertain,
        },
      ]),
    ),
    confusions: [...confusion]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([pair, n]) => ({ pair, n })),
  };
}

/**
 * Sentences inside pages, as ingest tags them (`identifyLanguages`: the page's language, franc's
 * cascade, lid for the rest). Each page gets a sentence of another language (not of the same
 * macrolanguage, at most a third of the page's length) put in its middle, as an
 * untranslated leftover or a quotation is: how many of the
 * page's own sentences keep its language, how many inserted ones get their own, whether the page's
 * language survives, and how far its stored share is from the true one.
 */
function mixedPages(pages: Item[], sentences: Item[]): Record<string, number> {
  const pool = sentences.filter((s) => LID_LANGUAGES.has(s.lang));
  let own = 0;
  let ownRight = 0;
  let foreign = 0;
  let foreignRight = 0;
  let pageRight = 0;
  let shareError = 0;
  let n = 0;
  pages.forEach((page, i) => {
    if (!LID_LANGUAGES.has(page.lang)) return;
    const others = pool.filter((s) => macrolanguageOf(s.lang) !== macrolanguageOf(page.lang));
    // The page's own language must stay the main one: the inserted sentence at most a third of the
    // page's length (the first such sentence from a deterministic starting point).
    let inserted: Item[] = [];
    for (let k = 0; k < others.length && inserted.length === 0; k++) {
      const candidate = others[(i * 7919 + k) % others.length]!;
      if (candidate.text.length * 3 <= page.text.length) inserted = [candidate];
    }
    if (inserted.length === 0) return;
    const lines = page.text.split('\n');
    const middle = lines.length >> 1;
    const text = [...lines.slice(0, middle), ...inserted.map((s) => s.text), ...lines.slice(middle)].join(
      '\n',
    );
    const foreignStart = lines.slice(0, middle).join('\n').length + (middle > 0 ? 1 : 0);
    const foreignEnd = foreignStart + inserted.map((s) => s.text).join('\n').length;
    const { lang, sentences: tagged } = identifyLanguages(text);
    n++;
    if (lang.code === page.lang) pageRight++;
    let ownChars = 0;
    let known = 0;
    for (const s of tagged) {
      if (s.lang.code === 'und') continue;
      const isForeign = s.start >= foreignStart && s.end <= foreignEnd;
      known += s.end - s.start;
      if (isForeign) {
        foreign++;
        if (inserted.some((x) => x.lang === s.lang.code && x.text.includes(text.slice(s.start, s.end))))
          foreignRight++;
      } else {
        own++;
        ownChars += s.end - s.start;
        if (s.lang.code === page.lang) ownRight++;
      }
    }
    if (lang.share !== undefined && known > 0) shareError += Math.abs(lang.share - ownChars / known);
  });
  const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    pages: n,
    pageLanguageRight: r4(pageRight / n),
    ownSentencesTaggedPageLanguage: r4(ownRight / own),
    insertedSentencesTaggedOwnLanguage: r4(foreignRight / foreign),
    meanShareError: r4(shareError / n),
  };
}

function print(name: string, r: Record<string, unknown>): void {
  const c = r.coveredByLid as {
    languages: number;
    macroAccuracy: Record<string, number>;
    pooledAccuracy: Record<string, number>;
    combinedAtMacrolanguage: number;
    undRate: number;
    uncertainRate: number;
  };
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(
    `\n${name}: ${String(r.items)} items in ${String(r.languages)} languages (${c.languages} that lid.176 covers)`,
  );
  console.log(
    `  mean over languages   lid ${pct(c.macroAccuracy.lid!)}   franc ${pct(c.macroAccuracy.franc!)}   combined ${pct(c.macroAccuracy.combined!)}`,
  );
  console.log(
    `  pooled                lid ${pct(c.pooledAccuracy.lid!)}   franc ${pct(c.pooledAccuracy.franc!)}   combined ${pct(c.pooledAccuracy.combined!)}`,
  );
  console.log(
    `  combined at macrolanguage level ${pct(c.combinedAtMacrolanguage)}; und ${pct(c.undRate)}; uncertain ${pct(c.uncertainRate)}`,
  );
  console.log(
    `  accuracy when confident ${pct(r.accuracyWhenConfident as number)}, when uncertain ${pct(r.accuracyWhenUncertain as number)}; lid ECE ${String((r.lidCalibration as { expectedCalibrationError: number }).expectedCalibrationError)}`,
  );
  const per = r.perLanguage as Record<string, { lid: number; combined: number }>;
  const coveredRows = Object.entries(per).filter(([l]) => LID_LANGUAGES.has(l));
  const goal = name.includes('pages') ? 0.97 : 0.9;
  const meeting = coveredRows.filter(([, t]) => t.combined >= goal).length;
  const sorted = coveredRows.map(([, t]) => t.combined).sort((a, b) => a - b);
  console.log(
    `  ${meeting} of ${coveredRows.length} languages at ${pct(goal)} or better; median language ${pct(sorted[sorted.length >> 1] ?? 0)}`,
  );
  const worst = Object.entries(per)
    .filter(([l]) => LID_LANGUAGES.has(l))
    .sort((a, b) => a[1].combined - b[1].combined)
    .slice(0, 12);
  console.log(`  weakest: ${worst.map(([l, t]) => `${l} ${pct(t.combined)}`).join(', ')}`);
  const conf = (r.confusions as { pair: string; n: number }[]).slice(0, 15);
  console.log(`  confusions: ${conf.map((x) => `${x.pair} ${x.n}`).join(', ')}`);
  const nc = Object.entries(
    r.notCoveredByLid as Record<string, { franc: number; combined: number; und: number }>,
  );
  if (nc.length)
    console.log(
      `  not in lid.176: ${nc.map(([l, t]) => `${l} franc ${pct(t.franc)} combined ${pct(t.combined)} und ${pct(t.und)}`).join('; ')}`,
    );
}

/**
 * The catalogs of these packages were used to choose the combination's thresholds (FRANC_BELOW);
 * the figures that count are those of the other packages, which nothing was chosen on.
 */
const DEVELOPMENT = new Set([
  'libgtk2.0-common',
  'coreutils',
  'dpkg',
  'appstream',
  'wget',
  'at-spi2-common',
  'findutils',
  'gettext',
]);
const held = (i: Item): boolean => !DEVELOPMENT.has(i.source.split('/')[0]!);

const pages = evaluate(
  load('pages.jsonl').filter((i) => i.text.length >= 200 && held(i)),
  true,
);
const sentences = evaluate(
  load('sentences.jsonl').filter((i) => i.text.length >= 40 && held(i)),
  false,
);
const devPages = evaluate(
  load('pages.jsonl').filter((i) => i.text.length >= 200 && !held(i)),
  true,
);
const devSentences = evaluate(
  load('sentences.jsonl').filter((i) => i.text.length >= 40 && !held(i)),
  false,
);
const mixed = mixedPages(
  load('pages.jsonl').filter((i) => i.text.length >= 200 && held(i)),
  load('sentences.jsonl').filter((i) => i.text.length >= 40 && held(i)),
);
print('held-out pages (200+ characters)', pages);
print('held-out sentences (40+ characters)', sentences);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
console.log(
  `\nheld-out pages with a sentence of another language inserted (${mixed.pages}; at most a third of the page): page language right ${pct(mixed.pageLanguageRight!)}, ` +
    `their own sentences tagged with it ${pct(mixed.ownSentencesTaggedPageLanguage!)}, inserted sentences tagged with their own ${pct(mixed.insertedSentencesTaggedOwnLanguage!)}, ` +
    `mean error of the stored share ${mixed.meanShareError!.toFixed(3)}`,
);
print('development pages (thresholds chosen here; not a measure)', devPages);
print('development sentences (thresholds chosen here; not a measure)', devSentences);
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'langid-eval-latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), codeVersion: codeVersion(), data: 'data/langid-eval', developmentPackages: [...DEVELOPMENT], pages, sentences, mixedPages: mixed, devPages, devSentences }, null, 2)}\n`,
);
