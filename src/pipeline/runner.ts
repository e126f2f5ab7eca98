import type { Doc, Problem, StepStats } from '../../db/types.js';
import { countDrop, emptyStats } from './stats.js';
import type { Step } from './step.js';

/** A stream of documents with the stats object its producer fills (total, dropped and reasons). */
export interface Source {
  readonly name: string;
  readonly docs: AsyncIterable<Doc>;
  readonly stats: StepStats;
}

/**
 * Wraps an iterable so the cumulative time spent in its `next()` is recorded, along with how
 * many items it produced. In a pull pipeline a step's `next()` includes its upstream's, so a
 * step's own time is its cumulative time minus its upstream's.
 */
function timed(iterable: AsyncIterable<Doc>, clock: { ms: number; items: number }): AsyncIterable<Doc> {
  return {
    [Symbol.asyncIterator]() {
      const it = iterable[Symbol.asyncIterator]();
      return {
        async next() {
          const t0 = performance.now();
          try {
            const result = await it.next();
            if (!result.done) clock.items++;
            return result;
          } finally {
            clock.ms += performance.now() - t0;
          }
        },
        async return(value?: unknown) {
          await it.return?.(value);
          return { done: true as const, value: undefined };
        },
      };
    },
  };
}

export interface RunOptions {
  /** Stats objects to accumulate into, by step name (so several files add up). */
  stats?: Map<string, StepStats>;
  onProblem?: (problem: Problem) => void;
}

/**
 * Chains `steps` after `source` and drains the last one. Each step's stats are kept by the
 * runner: `total` documents in, `kept` out, `dropped` with reasons, and its own time.
 * Returns the stats of the source and every step, in order.
 */
export async function runPipeline(
  source: Source,
  steps: readonly Step[],
  options: RunOptions = {},
): Promise<StepStats[]> {
  const registry = options.stats ?? new Map<string, StepStats>();
  const statsFor = (name: string): StepStats => {
    let s = registry.get(name);
    if (!s) registry.set(name, (s = emptyStats(name)));
    return s;
  };
  const sourceClock = { ms: 0, items: 0 };
  let stream = timed(source.docs, sourceClock);
  const clocks = [sourceClock];
  const stepStats: StepStats[] = [];
  for (const step of steps) {
    const stats = statsFor(step.name);
    stepStats.push(stats);
    const ctx = {
      drop: (reason: string) => {
        countDrop(stats, reason);
      },
      problem: (p: Problem) => options.onProblem?.(p),
    };
    const clock = { ms: 0, items: 0 };
    clocks.push(clock);
    stream = timed(step.run(stream, ctx), clock);
  }

  const iterator = stream[Symbol.asyncIterator]();
  for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
    // Draining: the last step is the sink; whatever it yields is already handled.
  }

  // The source counts its own drops while reading; the runner adds what it saw come out.
  const sourceStats = source.stats;
  registry.set(source.name, sourceStats);
  sourceStats.kept += sourceClock.items;
  sourceStats.total = sourceStats.kept + sourceStats.dropped;
  sourceStats.timeMs += sourceClock.ms;
  steps.forEach((_step, i) => {
    const stats = stepStats[i]!;
    const upstream = clocks[i]!;
    const own = clocks[i + 1]!;
    stats.total += upstream.items;
    stats.kept += own.items;
    stats.timeMs += own.ms - upstream.ms;
  });
  return [sourceStats, ...stepStats];
}

/** A stats registry with the source's entry created, for callers that fill source stats while reading. */
export function statsRegistry(sourceName: string): {
  registry: Map<string, StepStats>;
  sourceStats: StepStats;
} {
  const sourceStats = emptyStats(sourceName);
  return { registry: new Map([[sourceName, sourceStats]]), sourceStats };
}
