import type { Store, StoredDoc } from '../db/store.js';
import type { DocScore, Evidence, PageInfo } from '../db/types.js';

/** The detector name its scores and evidence are stored under. */
export const MT_MARKERS_DETECTOR = 'mt_markers';

/**
 * Machine-translation plugins and how their traces read (ParaCrawl v8 dropped pages carrying
 * them). A trace is extracted from the markup as `<where>:<what>` (see `PageInfo.traces`); its
 * `what` decides the plugin. The generic `machine-translat` and `auto-translat` come last.
 */
export const PLUGINS: readonly { code: string; what: RegExp }[] = [
  { code: 'mt_marker_gtranslate', what: /gtranslate|google_?translate|translate\.google|gt_widget/ },
  { code: 'mt_marker_transposh', what: /transposh|translation-stats/ },
  { code: 'mt_marker_machine_translated_from', what: /machine-translated-from/ },
  { code: 'mt_marker_weglot', what: /weglot/ },
  { code: 'mt_marker_conveythis', what: /conveythis/ },
  { code: 'mt_marker_translatepress', what: /translatepress/ },
  { code: 'mt_marker_bing_translator', what: /bing\w*translat/ },
  { code: 'mt_marker_yandex_translate', what: /yandex\w*translat/ },
  { code: 'mt_marker_machine_translation', what: /machine-translat|auto-translat/ },
];

/** Where a trace was found, as a person reads it. */
const WHERE: Record<string, string> = {
  script: 'script src',
  inline: 'inline script mentions',
  attr: 'class or id',
  comment: 'HTML comment mentions',
  meta: 'meta',
  rel: 'link rel',
};

/** The exact markup behind a trace, as far as extraction kept it. */
function exactTrace(page: PageInfo, where: string, what: string): string {
  if (where === 'script') {
    const src = page.scripts.find((s) => s.toLowerCase().includes(what));
    if (src) return `script src="${src}"`;
  }
  if (where === 'meta') {
    const entry = Object.entries(page.meta).find(
      ([name, content]) => name.includes(what) || content.toLowerCase().includes(what),
    );
    if (entry) return `meta name="${entry[0]}" content="${entry[1]}"`;
  }
  if (where === 'rel') return `link rel="${what}"`;
  return `${WHERE[where] ?? where} "${what}"`;
}

/** Plugin evidence of one page: one item per distinct trace, each with the markup found. */
export function markerEvidence(doc: Pick<StoredDoc, 'id' | 'page'>): Evidence[] {
  const page = doc.page;
  if (!page) return [];
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const trace of page.traces) {
    const colon = trace.indexOf(':');
    const where = trace.slice(0, colon);
    const what = trace.slice(colon + 1);
    const plugin = PLUGINS.find((p) => p.what.test(what));
    if (!plugin) continue;
    const detail = exactTrace(page, where, what);
    if (seen.has(`${plugin.code} ${detail}`)) continue;
    seen.add(`${plugin.code} ${detail}`);
    out.push({ docId: doc.id, detector: MT_MARKERS_DETECTOR, code: plugin.code, detail });
  }
  return out;
}

export interface MarkerSummary {
  /** Pages with at least one plugin trace. */
  pages: number;
  /** Pages per evidence code. */
  codes: Record<string, number>;
}

/**
 * Scores every page (`mt_markers` / `plugins`: how many distinct plugins left traces) and records
 * the traces as evidence. Evidence to combine, not a verdict: a site may carry a translation widget
 * on pages it wrote itself.
 */
export function scoreMtMarkers(store: Store): MarkerSummary {
  const scores: DocScore[] = [];
  const evidence: Evidence[] = [];
  const codes: Record<string, number> = {};
  let pages = 0;
  for (const doc of store.iterPages()) {
    const found = markerEvidence(doc);
    const plugins = new Set(found.map((e) => e.code));
    scores.push({ docId: doc.id, detector: MT_MARKERS_DETECTOR, name: 'plugins', value: plugins.size });
    if (plugins.size > 0) pages++;
    for (const code of plugins) codes[code] = (codes[code] ?? 0) + 1;
    evidence.push(...found);
  }
  store.detections.replaceScores(MT_MARKERS_DETECTOR, scores, evidence);
  return { pages, codes };
}
