import type { Store } from '../db/store.js';
import { PolicyEngine } from './apply-policy.js';
import { judgeStore, type JudgedDoc } from './judge-store.js';
import type { LoadedPolicy } from './load-policy.js';
import { hostnameOf } from '../db/host.js';

/** A bound on one number of a page: a detector score (`mwp.share_3plus`) or a verdict probability (`p.machine-translation`). */
export interface ScoreBound {
  /** `detector.name`, or `p.<class>` for the verdict's probability of a class. */
  key: string;
  op: '<' | '<=' | '>' | '>=' | '=';
  value: number;
}

/** Which pages to list; every filter given must hold. */
export interface PageFilters {
  /** Verdict labels; `none` for pages not scored yet. */
  verdicts?: readonly string[];
  decision?: 'keep' | 'reject';
  /** Policy reason codes (any of them). */
  reasons?: readonly string[];
  /** ISO 639-3 codes as stored; `und` for pages without one. */
  langs?: readonly string[];
  /** Host names; a page matches its host or any host under it (`example.org` matches `www.example.org`). */
  domains?: readonly string[];
  scores?: readonly ScoreBound[];
}

/** One listed page: enough to choose which to open with `corpus-audit page`. */
export interface PageRow {
  id: string;
  url?: string;
  lang: string;
  domain?: string;
  verdict: string;
  /** The verdict's probability per class. */
  probs: Record<string, number>;
  decision: 'keep' | 'reject';
  reasons: string[];
  scores: Record<string, number>;
}

export interface PageListing {
  rows: PageRow[];
  /** Pages that match, also those beyond the limit. */
  matched: number;
  /** Pages looked at. */
  total: number;
}

/** Parses `detector.name>=0.5` or `p.machine-translation>0.9`; undefined when it is not one. */
export function parseScoreBound(text: string): ScoreBound | undefined {
  const m = /^\s*([a-z0-9_.-]+)\s*(<=|>=|<|>|=)\s*(-?[0-9.]+(?:e-?\d+)?)\s*$/i.exec(text);
  if (!m?.[1]?.includes('.')) return undefined;
  const value = Number(m[3]);
  if (!Number.isFinite(value)) return undefined;
  return { key: m[1], op: m[2] as ScoreBound['op'], value };
}

function holds(bound: ScoreBound, value: number | undefined): boolean {
  if (value === undefined) return false;
  switch (bound.op) {
    case '<':
      return value < bound.value;
    case '<=':
      return value <= bound.value;
    case '>':
      return value > bound.value;
    case '>=':
      return value >= bound.value;
    case '=':
      return value === bound.value;
  }
}

function toRow(j: JudgedDoc): PageRow {
  const domain = hostnameOf(j.doc.url);
  const scores: Record<string, number> = {};
  for (const s of j.scores) scores[`${s.detector}.${s.name}`] = s.value;
  return {
    id: j.doc.id,
    ...(j.doc.url !== undefined && { url: j.doc.url }),
    lang: j.doc.lang?.code ?? 'und',
    ...(domain !== undefined && { domain }),
    verdict: j.verdict?.label ?? 'none',
    probs: { ...(j.verdict?.probs ?? {}) },
    decision: j.outcome.decision,
    reasons: [...new Set(j.outcome.reasons.map((r) => r.code))],
    scores,
  };
}

function matches(row: PageRow, f: PageFilters): boolean {
  if (f.verdicts?.length && !f.verdicts.includes(row.verdict)) return false;
  if (f.decision && row.decision !== f.decision) return false;
  if (f.reasons?.length && !row.reasons.some((r) => f.reasons?.includes(r))) return false;
  if (f.langs?.length && !f.langs.includes(row.lang)) return false;
  if (f.domains?.length) {
    const host = row.domain;
    if (!host || !f.domains.some((d) => host === d || host.endsWith(`.${d}`))) return false;
  }
  for (const bound of f.scores ?? []) {
    const value = bound.key.startsWith('p.') ? row.probs[bound.key.slice(2)] : row.scores[bound.key];
    if (!holds(bound, value)) return false;
  }
  return true;
}

/**
 * The stored pages that pass the filters, judged by the policy as `export` judges them, in id
 * order, one at a time (a corpus of any size lists in flat memory). `seen` counts the pages looked at.
 */
export function* matchingPages(
  store: Store,
  policy: LoadedPolicy,
  filters: PageFilters = {},
  seen: { total: number } = { total: 0 },
): Generator<PageRow> {
  for (const judged of judgeStore(store, PolicyEngine.of(policy))) {
    seen.total++;
    const row = toRow(judged);
    if (matches(row, filters)) yield row;
  }
}

/** The first `limit` matching pages (0: all), with how many match in all. */
export function listPages(
  store: Store,
  policy: LoadedPolicy,
  filters: PageFilters = {},
  limit = 0,
): PageListing {
  const rows: PageRow[] = [];
  const seen = { total: 0 };
  let matched = 0;
  for (const row of matchingPages(store, policy, filters, seen)) {
    matched++;
    if (limit === 0 || rows.length < limit) rows.push(row);
  }
  return { rows, matched, total: seen.total };
}
