import type { Doc, Problem } from '../../db/types.js';

/** What a step may tell the runner while it works. */
export interface StepContext {
  /** Count a document this step does not pass on, with a stable snake_case reason. */
  drop(reason: string): void;
  /** A problem with the input, reported with its location. */
  problem(problem: Problem): void;
}

/**
 * A streaming transform over documents. It pulls from `docs` and yields what it keeps; it never
 * collects the stream into an array. Counting is the runner's job: a step only says why it drops.
 */
export interface Step {
  readonly name: string;
  run(docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc>;
}

/** A step that maps each document in place, or drops it by returning a reason string. */
export function mapStep(name: string, fn: (doc: Doc) => Doc | string): Step {
  return {
    name,
    async *run(docs, ctx) {
      for await (const doc of docs) {
        const out = fn(doc);
        if (typeof out === 'string') ctx.drop(out);
        else yield out;
      }
    },
  };
}
