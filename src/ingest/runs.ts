import type { Store } from '../../db/store.js';

function alive(pid: unknown): boolean {
  if (typeof pid !== 'number') return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks `interrupted` the runs still marked `running` whose recorded pid `pick` accepts; returns their ids. */
function markRunsInterrupted(store: Store, pick: (pid: unknown) => boolean): number[] {
  const ids: number[] = [];
  for (const run of store.listRuns()) {
    if (run.status !== 'running' || !pick(run.config.pid)) continue;
    store.finishRun(run.id, { status: 'interrupted', stats: run.stats });
    ids.push(run.id);
  }
  return ids;
}

/**
 * Runs still marked `running` whose process is gone were killed or crashed: say so, so that the
 * run history does not claim work is in progress.
 */
export function markInterruptedRuns(store: Store): number {
  return markRunsInterrupted(store, (pid) => !alive(pid)).length;
}

/**
 * This process's runs still marked `running`, marked `interrupted` (the process is about to stop
 * on a signal). Returns their ids.
 */
export function markOwnRunsInterrupted(store: Store): number[] {
  return markRunsInterrupted(store, (pid) => pid === process.pid);
}
