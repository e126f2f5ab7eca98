import { closeSync, openSync, writeSync } from 'node:fs';
import type { LabeledWeb } from './web.js';

/** Writes the ground truth as JSON lines, one page per line, streaming; '-' writes to `out`. */
export function writeLabels(world: LabeledWeb, path: string, out?: { write(text: string): unknown }): number {
  const fd = path === '-' ? undefined : openSync(path, 'w');
  let n = 0;
  let buffer = '';
  const flush = (): void => {
    if (fd === undefined) out?.write(buffer);
    else writeSync(fd, buffer);
    buffer = '';
  };
  try {
    for (const label of world.labels()) {
      buffer += JSON.stringify(label) + '\n';
      n++;
      if (buffer.length > 1 << 16) flush();
    }
    flush();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return n;
}
