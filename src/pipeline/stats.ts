import type { StepStats } from '../../db/types.js';

export function emptyStats(name: string): StepStats {
  return { name, total: 0, kept: 0, dropped: 0, timeMs: 0, reasons: {} };
}

export function countDrop(stats: StepStats, reason: string): void {
  stats.dropped++;
  stats.reasons[reason] = (stats.reasons[reason] ?? 0) + 1;
}

/** Adds `from` into `into` (stats of the same step from another file or shard). */
export function mergeStats(into: StepStats, from: StepStats): StepStats {
  into.total += from.total;
  into.kept += from.kept;
  into.dropped += from.dropped;
  into.timeMs += from.timeMs;
  for (const [reason, n] of Object.entries(from.reasons))
    into.reasons[reason] = (into.reasons[reason] ?? 0) + n;
  return into;
}

/** The flat datatrove-style view: `total`, `kept`, `dropped`, `dropped_<reason>`, `time_ms`. */
export function flatStats(stats: StepStats): Record<string, number> {
  const flat: Record<string, number> = { total: stats.total, kept: stats.kept, dropped: stats.dropped };
  for (const [reason, n] of Object.entries(stats.reasons).sort()) flat[`dropped_${reason}`] = n;
  flat.time_ms = Math.round(stats.timeMs);
  return flat;
}
