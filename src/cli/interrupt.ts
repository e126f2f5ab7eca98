import type { Store } from '../../db/store.js';
import { markOwnRunsInterrupted } from '../ingest/runs.js';

const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Until the returned function is called, Ctrl-C (SIGINT) or SIGTERM stops the process at once, as
 * it would without this, after saying what was done and how to continue (`message()`) and marking
 * this process's runs in `store` as interrupted. Nothing is lost by stopping at once: pages and
 * documents count as stored only once committed, and the next run (or `--resume`) continues from
 * what was.
 */
export function exitOnInterrupt(
  store: Store,
  err: { write(text: string): unknown },
  message: () => string,
): () => void {
  const handlers = Object.entries(SIGNAL_CODES).map(([signal, code]) => {
    const handler = (): void => {
      err.write(`\n${message()}\n`);
      try {
        markOwnRunsInterrupted(store);
      } catch {
        // The database is busy or gone: the next run marks this one interrupted instead.
      }
      process.exit(code);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
