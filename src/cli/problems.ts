import type { Problem } from '../../db/types.js';

/** A stored problem on one line: its code, message and where it was (file, byte offset or line). */
export function describeProblem(p: Problem): string {
  const where = p.path
    ? `${p.path}${p.offset !== undefined ? ` @${p.offset}` : p.line !== undefined ? `:${p.line}` : ''}`
    : '';
  return `${p.code}: ${p.message}${where ? ` (${where})` : ''}`;
}
