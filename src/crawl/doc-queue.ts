import type { Doc } from '../../db/types.js';

/**
 * A bounded async queue between the crawler (which pushes documents as pages arrive) and the
 * pipeline (which pulls them): `push` waits while the queue is full, so a slow Store slows the
 * crawl instead of filling memory.
 */
export class DocQueue implements AsyncIterable<Doc> {
  private readonly items: Doc[] = [];
  private ended = false;
  private error: unknown;
  private wakeReader: (() => void) | undefined;
  private wakeWriters: (() => void)[] = [];

  constructor(private readonly capacity = 256) {}

  async push(doc: Doc): Promise<void> {
    while (this.items.length >= this.capacity && !this.ended) {
      await new Promise<void>((resolve) => this.wakeWriters.push(resolve));
    }
    this.items.push(doc);
    this.wakeReader?.();
  }

  /** No more documents; with an error, the reader fails with it after draining. */
  end(error?: unknown): void {
    this.ended = true;
    this.error = error;
    this.wakeReader?.();
    for (const wake of this.wakeWriters.splice(0)) wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Doc> {
    for (;;) {
      const doc = this.items.shift();
      if (doc) {
        const wake = this.wakeWriters.shift();
        wake?.();
        yield doc;
        continue;
      }
      if (this.ended) {
        if (this.error) throw this.error instanceof Error ? this.error : new Error('crawl failed');
        return;
      }
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
      this.wakeReader = undefined;
    }
  }
}
