import { serveWorld, type AccessLogEntry, type RunningWorld } from '../../src/world/server.js';
import { World, type WorldOptions } from '../../src/world/world.js';

/**
 * Serves a demo world on a random free block of ports (its sites need consecutive ones), below the
 * ephemeral range (32768 and up) where the tests' own connections take theirs.
 */
export async function startWorld(
  options: Omit<WorldOptions, 'basePort'>,
  onRequest?: (entry: AccessLogEntry) => void,
): Promise<{ world: World; running: RunningWorld }> {
  for (let attempt = 0; ; attempt++) {
    const world = new World({ ...options, basePort: 10_000 + Math.floor(Math.random() * 22_000) });
    try {
      return { world, running: await serveWorld(world, onRequest ? { onRequest } : {}) };
    } catch (err) {
      if (attempt > 8) throw err;
    }
  }
}
