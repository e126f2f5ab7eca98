import { createRequire } from 'node:module';

/**
 * crawlee keeps a crawl's request queue in @crawlee/memory-storage, which checks the arguments of
 * every call crawlee makes to it with @sapphire/shapeshift's constraints (each request's URL parsed
 * again, its numbers checked to be integers, ...). These are crawlee's calls to its own storage,
 * with requests its `Request` class validated already; the checks cost the crawler's thread
 * 0.6 s of a 5,160-page crawl in a CPU profile (2026-12-06), and that thread is what the crawl
 * waits on. shapeshift's global switch turns its constraints off (its type checks stay);
 * memory-storage is its only user among our dependencies.
 */
interface Shapeshift {
  getGlobalValidationEnabled(): boolean;
  setGlobalValidationEnabled(enabled: boolean): void;
}

let shapeshift: Shapeshift | null | undefined;

/** The copy of shapeshift crawlee's storage loads: crawlee -> @crawlee/core -> memory-storage -> it. */
export function storageShapeshift(): Shapeshift | undefined {
  if (shapeshift === undefined) {
    try {
      let from = createRequire(import.meta.url).resolve('crawlee');
      for (const name of ['@crawlee/core', '@crawlee/memory-storage'])
        from = createRequire(from).resolve(name);
      const loaded = createRequire(from)('@sapphire/shapeshift') as Partial<Shapeshift>;
      shapeshift =
        typeof loaded.setGlobalValidationEnabled === 'function' &&
        typeof loaded.getGlobalValidationEnabled === 'function'
          ? (loaded as Shapeshift)
          : null;
    } catch {
      // A crawlee that no longer uses it: nothing to turn off.
      shapeshift = null;
    }
  }
  return shapeshift ?? undefined;
}

/** Runs `crawl` with the storage's argument checks off, as they were before once it ends. */
export async function withoutStorageChecks<T>(crawl: () => Promise<T>): Promise<T> {
  const checks = storageShapeshift();
  const before = checks?.getGlobalValidationEnabled();
  checks?.setGlobalValidationEnabled(false);
  try {
    return await crawl();
  } finally {
    if (before !== undefined) checks?.setGlobalValidationEnabled(before);
  }
}
