import type { IngestProgress } from '../ingest/ingest.js';
import { formatBytes, formatCount } from './format.js';

/** Redraws at most this often: a terminal flooded with updates slows the work it reports on. */
const REDRAW_MS = 100;

/**
 * A one-line progress display for ingests: bar, bytes, documents, docs/s and MB/s, ETA.
 * Only drawn on a terminal; `done()` clears it.
 */
export class ProgressBar {
  private last = 0;
  private readonly started = performance.now();
  private drawn = false;

  constructor(private readonly out: { write(text: string): unknown; columns?: number }) {}

  update(p: IngestProgress, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < REDRAW_MS) return;
    this.last = now;
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const share = p.bytesTotal ? p.bytesDone / p.bytesTotal : 1;
    const width = 24;
    const filled = Math.round(share * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const rate = p.bytesDone / seconds;
    const eta = rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : 0;
    const line =
      `${bar} ${(share * 100).toFixed(0).padStart(3)}%  file ${Math.min(p.fileIndex + 1, p.files)}/${p.files}  ` +
      `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${formatCount(p.docs)} docs  ` +
      `${(p.docs / seconds).toFixed(0)} docs/s  ${(rate / 1e6).toFixed(1)} MB/s  ETA ${Math.ceil(eta)} s`;
    const columns = this.out.columns ?? 120;
    this.out.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
  }
}

/** A one-line display of a multi-phase stage: phase, done of total, elapsed. Terminal only. */
export class PhaseLine {
  private last = 0;
  private readonly started = performance.now();
  private drawn = false;

  constructor(private readonly out: { write(text: string): unknown; columns?: number }) {}

  update(phase: string, done: number, total: number): void {
    this.show(total > 0 ? `${phase} ${formatCount(done)}/${formatCount(total)}` : phase);
  }

  /** Any one-line text, with the time elapsed since the display began. */
  show(text: string): void {
    const now = performance.now();
    if (now - this.last < REDRAW_MS) return;
    this.last = now;
    const line = `${text}  ${((now - this.started) / 1000).toFixed(0)} s`;
    this.out.write(`\r${line.slice(0, (this.out.columns ?? 120) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}
