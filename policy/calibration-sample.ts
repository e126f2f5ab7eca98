import { readFileSync } from 'node:fs';
import { hostOf } from '../db/host.js';
import type { Store } from '../db/store.js';
import { CalibrationError, type CalibrationPage } from './calibrate.js';

/** Origins a labels file may give that count as human. */
const HUMAN_ORIGINS = new Set(['human', 'human-translation']);

/**
 * The URLs of a list of human pages: one URL per line, or JSON lines with a `url` (a labels file
 * of `corpus-audit demo labels` or `fit-verdict` works: lines whose `origin` is not human or
 * human-translation are left out and counted). Blank lines and `#` comments are skipped; a line that
 * is neither is an error naming it.
 */
export function readHumanList(path: string): { urls: string[]; notHuman: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CalibrationError(`cannot read the list of human pages ${path}: ${(err as Error).message}`);
  }
  const urls: string[] = [];
  let notHuman = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${path}:${i + 1}`;
    if (!line.startsWith('{')) {
      if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(line)) {
        throw new CalibrationError(`${where}: not a URL or a JSON object: ${line.slice(0, 80)}`);
      }
      urls.push(line);
      return;
    }
    let row: { url?: unknown; origin?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch (err) {
      throw new CalibrationError(`${where}: not valid JSON: ${(err as Error).message}`);
    }
    if (typeof row.url !== 'string' || row.url === '') {
      throw new CalibrationError(`${where}: a JSON line needs the page's "url"`);
    }
    if (row.origin !== undefined && !(typeof row.origin === 'string' && HUMAN_ORIGINS.has(row.origin)))
      notHuman++;
    else urls.push(row.url);
  });
  return { urls, notHuman };
}

/** What became of the listed URLs. */
export interface SampleCounts {
  listed: number;
  /** No page with that URL in the database. */
  missing: number;
  /** In the database, without a verdict (run `corpus-audit score`). */
  unscored: number;
  /** Too short to judge. */
  tooShort: number;
  /** With a verdict but no probabilities for another reason (no fit for the detectors that scored it). */
  unjudged: number;
}

/** The listed pages of the Store as the verdict judged them. */
export function calibrationPages(
  store: Store,
  urls: readonly string[],
): { pages: CalibrationPage[]; counts: SampleCounts } {
  const counts: SampleCounts = { listed: urls.length, missing: 0, unscored: 0, tooShort: 0, unjudged: 0 };
  const pages: CalibrationPage[] = [];
  const seen = new Set<string>();
  for (const url of new Set(urls)) {
    const ids = store.docIdsByUrl(url);
    if (ids.length === 0) counts.missing++;
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const verdict = store.detections.getVerdict(id);
      if (!verdict) {
        counts.unscored++;
        continue;
      }
      if (Object.keys(verdict.probs).length === 0) {
        if (verdict.reasons[0]?.code === 'too_short') counts.tooShort++;
        else counts.unjudged++;
        continue;
      }
      const doc = store.getDoc(id)!;
      pages.push({
        id,
        lang: doc.lang?.code ?? 'und',
        host: hostOf(doc.url),
        probs: verdict.probs,
        detectors: verdict.detectors,
        verdict: verdict.calibration,
      });
    }
  }
  return { pages, counts };
}
