import type { Store } from '../../db/store.js';

/** Where a crawl starts from: nothing, or (resumed) what the interrupted crawl left pending. */
export interface FrontierStart {
  /** URLs fetched (or stored) already: never fetched again. */
  done: Set<string>;
  resumeStatic: { url: string; depth: number; chain: string[] }[];
  resumeRender: { url: string; depth: number }[];
}

/**
 * A fresh crawl clears the stored frontier; a resumed one reads it back, with every stored page's
 * URL counted as done (a page counts as done once stored, so a crash between fetching and storing
 * refetches it rather than losing it).
 */
export function startFrontier(store: Store, resume: boolean): FrontierStart {
  if (!resume) {
    store.frontierReset();
    return { done: new Set(), resumeStatic: [], resumeRender: [] };
  }
  const frontier = store.frontierLoad();
  const done = new Set([...frontier.done, ...store.crawledUrls()]);
  const pending = frontier.pending.filter((e) => !done.has(e.url));
  return {
    done,
    resumeStatic: pending.filter((e) => !e.render),
    resumeRender: pending.filter((e) => e.render),
  };
}
