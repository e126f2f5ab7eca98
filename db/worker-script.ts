import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Whether a worker thread's script can be started: worker scripts exist only in the built
 * JavaScript (dist/), so code run from the TypeScript sources (the tests, `tsx`) finds none and
 * does the work in process instead. A script that is not a file URL is taken to exist.
 */
export function workerScriptExists(script: URL): boolean {
  return script.protocol !== 'file:' || existsSync(fileURLToPath(script));
}
